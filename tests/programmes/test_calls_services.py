"""Open calls and entries: the rules an organiser and an entrant meet (services)."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dala.accounts.models import Role, UserRole
from dala.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from dala.programmes import errors
from dala.programmes.models import CallStatus, EntryStatus, EntryWork, FeeStatus, OpenCall
from dala.programmes.services import calls as services
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    EntryFactory,
    MediumFactory,
    MentorshipFactory,
    OpenCallFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def codes(error: DomainError) -> set[str]:
    if isinstance(error, ValidationFailed):
        return {problem.code for problem in error.errors}
    return {error.code}


def organiser() -> Any:
    user = UserFactory()
    UserRole.objects.create(user=user, role=Role.CURATOR)
    return user


def call_data(**changes: Any) -> dict[str, Any]:
    local = (timezone.now() + timedelta(days=30)).replace(tzinfo=None, second=0, microsecond=0)
    data: dict[str, Any] = {"title": {"en": "Steppe light"}, "brief": {"ru": "Работы о степи."},
                            "deadline": local, "deadline_timezone": "Asia/Almaty"}
    data.update(changes)
    return data


# --- calls -----------------------------------------------------------------------------------------

def test_a_curator_creates_a_draft_with_a_deadline_in_its_zone() -> None:
    local = datetime.datetime(2030, 3, 1, 18, 0)
    call = services.create_call(user=organiser(), **call_data(deadline=local, deadline_timezone="Europe/Berlin"))
    assert call.status == CallStatus.DRAFT
    assert call.deadline == datetime.datetime(2030, 3, 1, 17, 0, tzinfo=datetime.UTC)
    assert call.slug == "steppe-light"


def test_a_collector_cannot_organise_a_call() -> None:
    with pytest.raises(PermissionDenied) as caught:
        services.create_call(user=UserFactory(), **call_data())
    assert caught.value.code == errors.CANNOT_ORGANISE


def test_bad_call_input_is_refused_field_by_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.create_call(user=organiser(), **call_data(
            brief={}, deadline_timezone="Mars/Olympus", eligible_countries=["KZ", "XX"], eligible_stages=["famous"],
            min_age=40, max_age=20, max_works=21, fee_amount=-1, fee_currency="BTC", scale="1_100"))
    fields = {problem.field for problem in caught.value.errors}
    assert {"brief", "deadline_timezone", "eligible_countries", "eligible_stages", "max_age", "max_works",
            "fee_amount", "fee_currency", "scale"} <= fields
    assert not OpenCall.objects.exists()


def test_a_deadline_in_the_past_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.create_call(user=organiser(), **call_data(deadline=datetime.datetime(2001, 1, 1, 12, 0)))
    assert codes(caught.value) == {errors.DEADLINE_IN_PAST}


def test_only_a_mentorship_the_organiser_offers_may_be_the_prize() -> None:
    someone_elses = MentorshipFactory()
    artist = ArtistFactory()
    with pytest.raises(ValidationFailed) as caught:
        services.create_call(user=artist.user, **call_data(prize_kind="mentorship", mentorship=someone_elses.pk))
    assert codes(caught.value) == {errors.NOT_YOUR_MENTORSHIP}
    mine = MentorshipFactory(mentor=artist)
    call = services.create_call(user=artist.user, **call_data(prize_kind="mentorship", mentorship=mine.pk))
    assert call.mentorship == mine


def test_publishing_opens_the_call() -> None:
    user = organiser()
    call = services.create_call(user=user, **call_data())
    services.publish_call(user=user, call_id=call.pk)
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED and call.is_open
    with pytest.raises(PermissionDenied):
        services.publish_call(user=organiser(), call_id=call.pk)


def test_jury_settings_are_fixed_once_entries_exist() -> None:
    call = OpenCallFactory()
    services.update_call(user=call.organiser, call_id=call.pk, scale="1_7", blind=False)
    EntryFactory(call=call)
    with pytest.raises(ValidationFailed) as caught:
        services.update_call(user=call.organiser, call_id=call.pk, max_works=5, scale="1_10")
    assert codes(caught.value) == {errors.JURY_SETTINGS_FIXED}
    call.refresh_from_db()
    assert (call.scale, call.max_works) == ("1_7", 3)
    services.update_call(user=call.organiser, call_id=call.pk, title={"en": "New title"})


# --- entries ---------------------------------------------------------------------------------------

def test_an_artist_enters_edits_and_submits() -> None:
    call = OpenCallFactory()
    artist = ArtistFactory()
    works = ArtworkFactory.create_batch(2, artist=artist)
    entry = services.start_entry(user=artist.user, call_id=call.pk)
    assert entry.status == EntryStatus.DRAFT and entry.fee_status == FeeStatus.NONE
    services.save_entry(user=artist.user, call_id=call.pk, statement=" About felt. ",
                        artwork_ids=[works[1].pk, works[0].pk])
    services.submit_entry(user=artist.user, call_id=call.pk)
    services.save_entry(user=artist.user, call_id=call.pk, statement="Changed", artwork_ids=[works[0].pk])
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED and entry.statement == "Changed"
    assert list(entry.works.values_list("artwork_id", flat=True)) == [works[0].pk]


def test_a_draft_work_of_my_own_may_be_entered() -> None:
    call = OpenCallFactory()
    artist = ArtistFactory()
    draft = ArtworkFactory(artist=artist, availability="draft")
    services.start_entry(user=artist.user, call_id=call.pk)
    services.save_entry(user=artist.user, call_id=call.pk, statement="", artwork_ids=[draft.pk])


@pytest.mark.parametrize(("rule", "profile", "reason"), [
    ({"eligible_countries": ["UZ", "KG"]}, {}, errors.NOT_ELIGIBLE),
    ({"eligible_stages": ["emerging"]}, {}, errors.NOT_ELIGIBLE),
    ({"max_age": 30}, {"birth_year": 1970}, errors.NOT_ELIGIBLE),
    ({"min_age": 30}, {"birth_year": 2010}, errors.NOT_ELIGIBLE),
    ({"max_age": 30}, {}, errors.BIRTH_YEAR_NEEDED),
])
def test_an_ineligible_artist_cannot_enter(rule: dict[str, Any], profile: dict[str, Any], reason: str) -> None:
    call = OpenCallFactory(**rule)
    artist = ArtistFactory(**profile)
    with pytest.raises(ValidationFailed) as caught:
        services.start_entry(user=artist.user, call_id=call.pk)
    assert codes(caught.value) == {reason}
    assert not call.entries.exists()


def test_the_birth_year_message_asks_to_add_it() -> None:
    call = OpenCallFactory(min_age=18)
    with pytest.raises(ValidationFailed) as caught:
        services.start_entry(user=ArtistFactory().user, call_id=call.pk)
    assert "birth year" in str(caught.value.message)


def test_the_age_is_the_one_reached_in_the_deadlines_year() -> None:
    call = OpenCallFactory(max_age=30)
    year = call.deadline.year
    services.start_entry(user=ArtistFactory(birth_year=year - 30).user, call_id=call.pk)


def test_an_artist_without_works_in_the_calls_media_cannot_enter() -> None:
    textile = MediumFactory(slug="textile")
    call = OpenCallFactory()
    call.eligible_media.set([textile])
    artist = ArtistFactory()
    oil_work = ArtworkFactory(artist=artist)
    with pytest.raises(ValidationFailed) as caught:
        services.start_entry(user=artist.user, call_id=call.pk)
    assert codes(caught.value) == {errors.MEDIUM_NOT_ELIGIBLE}
    felt = ArtworkFactory(artist=artist, medium=textile)
    services.start_entry(user=artist.user, call_id=call.pk)
    with pytest.raises(ValidationFailed) as caught:
        services.save_entry(user=artist.user, call_id=call.pk, statement="", artwork_ids=[felt.pk, oil_work.pk])
    assert codes(caught.value) == {errors.MEDIUM_NOT_ELIGIBLE}


def _entered(call: OpenCall, works: int = 1) -> tuple[Any, list[Any]]:
    artist = ArtistFactory()
    own = ArtworkFactory.create_batch(works, artist=artist)
    services.start_entry(user=artist.user, call_id=call.pk)
    services.save_entry(user=artist.user, call_id=call.pk, statement="First", artwork_ids=[own[0].pk])
    return artist, own


@pytest.mark.parametrize(("pick", "reason"), [
    ("too_many", errors.TOO_MANY_WORKS),
    ("someone_elses", errors.NOT_YOUR_WORK),
    ("duplicate", errors.DUPLICATE_WORK),
    ("deleted", errors.NOT_YOUR_WORK),
])
def test_bad_works_are_refused_and_nothing_is_half_saved(pick: str, reason: str) -> None:
    call = OpenCallFactory(max_works=2)
    artist, own = _entered(call, works=3)
    if pick == "too_many":
        ids = [work.pk for work in own]
    elif pick == "someone_elses":
        ids = [own[1].pk, ArtworkFactory().pk]
    elif pick == "duplicate":
        ids = [own[1].pk, own[1].pk]
    else:
        own[2].deleted_at = timezone.now()
        own[2].save()
        ids = [own[2].pk]
    with pytest.raises(ValidationFailed) as caught:
        services.save_entry(user=artist.user, call_id=call.pk, statement="Second", artwork_ids=ids)
    assert reason in codes(caught.value)
    entry = call.entries.get()
    assert entry.statement == "First"
    assert list(EntryWork.objects.filter(entry=entry).values_list("artwork_id", flat=True)) == [own[0].pk]


def test_an_entry_without_works_cannot_be_submitted() -> None:
    call = OpenCallFactory()
    artist = ArtistFactory()
    services.start_entry(user=artist.user, call_id=call.pk)
    with pytest.raises(DomainError) as caught:
        services.submit_entry(user=artist.user, call_id=call.pk)
    assert caught.value.code == errors.NO_WORKS


def test_after_the_deadline_everything_is_refused_naming_it_in_the_calls_zone() -> None:
    call = OpenCallFactory(deadline_timezone="Europe/Berlin")
    artist, own = _entered(call)
    call.deadline = datetime.datetime(2026, 1, 10, 17, 0, tzinfo=datetime.UTC)
    call.save()
    later = datetime.datetime(2026, 1, 10, 17, 0, 1, tzinfo=datetime.UTC)
    for act in (lambda: services.save_entry(user=artist.user, call_id=call.pk, statement="", artwork_ids=[own[0].pk],
                                            now=later),
                lambda: services.submit_entry(user=artist.user, call_id=call.pk, now=later),
                lambda: services.withdraw_entry(user=artist.user, call_id=call.pk, now=later),
                lambda: services.start_entry(user=ArtistFactory().user, call_id=call.pk, now=later)):
        with pytest.raises(Conflict) as caught:
            act()
        assert caught.value.code == errors.DEADLINE_PASSED
        assert "2026-01-10 18:00 (Europe/Berlin)" in str(caught.value.message)


def test_withdrawing_keeps_the_row_and_entering_again_reopens_it() -> None:
    call = OpenCallFactory()
    artist, own = _entered(call)
    services.submit_entry(user=artist.user, call_id=call.pk)
    entry = services.withdraw_entry(user=artist.user, call_id=call.pk)
    assert entry.status == EntryStatus.WITHDRAWN and entry.withdrawn_at
    with pytest.raises(Conflict) as caught:
        services.save_entry(user=artist.user, call_id=call.pk, statement="", artwork_ids=[own[0].pk])
    assert caught.value.code == errors.ENTRY_WITHDRAWN
    again = services.start_entry(user=artist.user, call_id=call.pk)
    assert again.pk == entry.pk and again.status == EntryStatus.DRAFT
    assert again.works.count() == 1


def test_a_fee_must_be_paid_before_submitting() -> None:
    call = OpenCallFactory(fee_amount=500_000, fee_waivers=False)
    artist, _own = _entered(call)
    with pytest.raises(PermissionDenied) as caught:
        services.submit_entry(user=artist.user, call_id=call.pk)
    assert caught.value.code == errors.FEE_UNPAID
    assert "5\u00a0000\u00a0₸" in str(caught.value.message)
    with pytest.raises(Conflict):
        services.request_waiver(user=artist.user, call_id=call.pk, reason="Student")
    entry = call.entries.get()
    services.record_fee_paid(user=call.organiser, entry_id=entry.pk, reference="Kaspi 123")
    assert services.submit_entry(user=artist.user, call_id=call.pk).status == EntryStatus.SUBMITTED


def test_the_waiver_flow() -> None:
    call = OpenCallFactory(fee_amount=500_000)
    artist, _own = _entered(call)
    services.request_waiver(user=artist.user, call_id=call.pk, reason="I am a student.")
    entry = services.submit_entry(user=artist.user, call_id=call.pk)
    assert entry.status == EntryStatus.SUBMITTED and entry.fee_status == FeeStatus.WAIVER_REQUESTED
    with pytest.raises(PermissionDenied):
        services.refuse_waiver(user=artist.user, entry_id=entry.pk)
    entry = services.refuse_waiver(user=call.organiser, entry_id=entry.pk)
    assert entry.status == EntryStatus.DRAFT and entry.fee_status == FeeStatus.WAIVER_REFUSED
    with pytest.raises(PermissionDenied):
        services.submit_entry(user=artist.user, call_id=call.pk)
    with pytest.raises(Conflict):
        services.request_waiver(user=artist.user, call_id=call.pk, reason="Please")
    services.record_fee_paid(user=call.organiser, entry_id=entry.pk, reference="Bank transfer 77")
    assert services.submit_entry(user=artist.user, call_id=call.pk).fee_status == FeeStatus.PAID

    other, _works = _entered(call)
    services.request_waiver(user=other.user, call_id=call.pk, reason="No income this year.")
    waived = services.grant_waiver(user=call.organiser, entry_id=call.entries.get(artist=other).pk)
    assert waived.fee_status == FeeStatus.WAIVED
    with pytest.raises(Conflict) as caught:
        services.grant_waiver(user=call.organiser, entry_id=waived.pk)
    assert caught.value.code == errors.WAIVER_NOT_REQUESTED


def test_a_draft_call_takes_no_entries() -> None:
    call = OpenCallFactory(status=CallStatus.DRAFT, published_at=None)
    with pytest.raises(DomainError) as caught:
        services.start_entry(user=ArtistFactory().user, call_id=call.pk)
    assert caught.value.code == errors.CALL_NOT_FOUND
