"""The 48 h deadline reminder: to the artists whose entry is still a draft, once per call."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dala.programmes.models import CallStatus, EntryStatus, OpenCall
from dala.programmes.services import reminders
from dala.programmes.tasks import programmes_tick
from dala.social.models import Notification
from dala.social.texts import notification_text
from tests.factories import EntryFactory, OpenCallFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _entry_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The entry page is another area's; until its URL is routed the reminder links to a stand-in path.
    try:
        reverse("programmes:entry", kwargs={"slug": "x"})
    except NoReverseMatch:
        monkeypatch.setattr(reminders, "reverse", lambda name, kwargs: f"/en/calls/{kwargs['slug']}/entry/")
    yield


def _call_closing_in(delta: datetime.timedelta, **kwargs: Any) -> OpenCall:
    call: OpenCall = OpenCallFactory(deadline=timezone.now() + delta, **kwargs)
    return call


def _draft(call: OpenCall) -> Any:
    return EntryFactory(call=call, status=EntryStatus.DRAFT, submitted_at=None)


def _reminded_users() -> set[int]:
    return set(Notification.objects.filter(action="call.deadline_soon").values_list("recipient_id", flat=True))


def test_artists_with_a_draft_entry_are_reminded_48_hours_before_the_deadline(
        django_capture_on_commit_callbacks: Capture) -> None:
    call = _call_closing_in(48 * HOUR - datetime.timedelta(minutes=1))
    draft = _draft(call)
    with django_capture_on_commit_callbacks(execute=True):
        result = programmes_tick.enqueue()
    assert result.return_value == {"deadline_reminders": 1}
    assert _reminded_users() == {draft.artist.user_id}
    notification = Notification.objects.get()
    assert notification_text(notification, "en") == (
        f"The deadline of “{call.title['en']}” is in 48 hours; your entry is not submitted yet")
    assert notification.url.endswith(f"/calls/{call.slug}/entry/")
    call.refresh_from_db()
    assert call.reminder_sent_at is not None


def test_no_reminder_49_hours_before_the_deadline(django_capture_on_commit_callbacks: Capture) -> None:
    call = _call_closing_in(49 * HOUR)
    _draft(call)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_deadline_reminders() == 0
    assert _reminded_users() == set()
    call.refresh_from_db()
    assert call.reminder_sent_at is None


def test_the_reminder_is_sent_once_however_often_the_tick_runs(django_capture_on_commit_callbacks: Capture) -> None:
    call = _call_closing_in(30 * HOUR)
    _draft(call)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_deadline_reminders() == 1
        assert reminders.send_deadline_reminders() == 0
        # A second worker that listed the call before the first claimed it finds nothing to send.
        assert reminders.remind_call(call_id=call.pk) is False
    later = timezone.now() + 10 * HOUR
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_deadline_reminders(now=later) == 0
    assert Notification.objects.filter(action="call.deadline_soon").count() == 1


def test_submitted_and_withdrawn_entries_are_not_reminded(django_capture_on_commit_callbacks: Capture) -> None:
    call = _call_closing_in(24 * HOUR)
    draft = _draft(call)
    EntryFactory(call=call)  # submitted
    EntryFactory(call=call, status=EntryStatus.WITHDRAWN, withdrawn_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_deadline_reminders()
    assert _reminded_users() == {draft.artist.user_id}


def test_no_reminder_after_the_deadline(django_capture_on_commit_callbacks: Capture) -> None:
    call = _call_closing_in(-HOUR)
    _draft(call)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_deadline_reminders() == 0
    assert _reminded_users() == set()


def test_calls_not_accepting_entries_are_not_reminded(django_capture_on_commit_callbacks: Capture) -> None:
    draft_call = _call_closing_in(24 * HOUR, status=CallStatus.DRAFT, published_at=None)
    _draft(draft_call)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_deadline_reminders() == 0
    assert _reminded_users() == set()


def test_a_call_without_drafts_is_marked_reminded_without_notifying(
        django_capture_on_commit_callbacks: Capture) -> None:
    call = _call_closing_in(24 * HOUR)
    EntryFactory(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_deadline_reminders() == 1
    assert not Notification.objects.exists()
    call.refresh_from_db()
    assert call.reminder_sent_at is not None
