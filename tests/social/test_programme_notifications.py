"""Programme and collaboration events become notifications: the right sentence, the programmes e-mail group,
and the "programmes" e-mail switch that stops their mail (and only theirs)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils.functional import Promise

from dala.catalog.models import ArtworkCredit, CreditRole, CreditStatus
from dala.catalog.signals import collaboration_event
from dala.core.translation import Translated
from dala.programmes.signals import programmes_event
from dala.social import services, texts
from dala.social.models import Notification, NotificationGroup
from dala.social.texts import group_of, notification_text
from tests.api.conftest import API, bearer_client, token_for
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ExhibitionFactory,
    MentorshipFactory,
    OpenCallFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]

TITLE = Translated(kk="Дала үні", ru="Голос степи", en="Voice of the Steppe")

PROGRAMME_SENTENCES = {
    "jury.invited": "You are invited to the jury of “Voice of the Steppe”",
    "call.deadline_soon": "The deadline of “Voice of the Steppe” is in 48 hours; your entry is not submitted yet",
    "call.results": "Results of “Voice of the Steppe” are published",
    "exhibition.published": "Your work is in the exhibition “Voice of the Steppe”",
    "mentorship.applied": "New application to your mentorship “Voice of the Steppe”",
    "mentorship.accepted": "Your application to “Voice of the Steppe” was accepted",
    "mentorship.declined": "Your application to “Voice of the Steppe” was declined",
}


def _subject(action: str) -> Any:
    if action.startswith("exhibition."):
        return ExhibitionFactory(title=TITLE)
    if action.startswith("mentorship."):
        return MentorshipFactory(theme=TITLE)
    return OpenCallFactory(title=TITLE)


def _reader(language: str = "en") -> Any:
    user = UserFactory()
    user.preferred_language = language
    user.save()
    return user


def _send(capture: Capture, signal: Any, *, action: str, recipient: Any, subject: Any, actor: Any = None) -> None:
    with capture(execute=True):
        signal.send(sender=type(subject), action=action, actor_id=actor.pk if actor else None,
                    recipient_ids=[recipient.pk], subject=subject, url="/en/calls/voice/")


@pytest.mark.parametrize(("action", "sentence"), PROGRAMME_SENTENCES.items())
def test_each_programme_event_notifies_with_its_sentence_in_the_programmes_group(
        action: str, sentence: str, django_capture_on_commit_callbacks: Capture) -> None:
    reader = _reader()
    _send(django_capture_on_commit_callbacks, programmes_event, action=action, recipient=reader,
          subject=_subject(action))
    notification = Notification.objects.get()
    assert notification.recipient == reader and notification.action == action
    assert notification_text(notification, "en") == sentence
    # The title is kept in every language, so the sentence names the call in the reader's language.
    assert "Голос степи" in notification_text(notification, "ru")
    assert "Дала үні" in notification_text(notification, "kk")
    assert group_of(action) == NotificationGroup.PROGRAMMES
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == sentence


def test_programme_sentences_are_marked_for_translation() -> None:
    sentences = [*texts._PROGRAMMES.values(), *texts._CREDIT_ANSWERED.values(), texts._CREDIT_INVITED]
    assert all(isinstance(sentence, Promise) for sentence in sentences)
    assert set(texts._PROGRAMMES) == set(PROGRAMME_SENTENCES)


def _credit(*, status: str = CreditStatus.INVITED) -> ArtworkCredit:
    lead = ArtistFactory(name=Translated(en="Aisha Bek", ru="Айша Бек", kk="Айша Бек"))
    artwork = ArtworkFactory(artist=lead, title=Translated(en="Blue Horse", ru="Синий конь", kk="Көк ат"))
    ArtworkCredit.objects.create(artwork=artwork, artist=lead, role=CreditRole.LEAD, share_bp=6_000,
                                 status=CreditStatus.ACCEPTED)
    invited = ArtistFactory(name=Translated(en="Nurlan Sadykov", ru="Нурлан Садыков", kk="Нұрлан Садықов"))
    return ArtworkCredit.objects.create(artwork=artwork, artist=invited, share_bp=4_000, position=1,
                                        status=status, invited_by=lead.user)


def test_a_collaboration_invitation_names_the_lead_artist_and_the_work(
        django_capture_on_commit_callbacks: Capture) -> None:
    credit = _credit()
    invited = credit.artist.user
    _send(django_capture_on_commit_callbacks, collaboration_event, action="credit.invited", recipient=invited,
          subject=credit, actor=credit.artwork.artist.user)
    notification = Notification.objects.get()
    assert notification.recipient == invited
    assert notification_text(notification, "en") == "Aisha Bek invites you to collaborate on “Blue Horse”"
    assert "Синий конь" in notification_text(notification, "ru")
    assert group_of("credit.invited") == NotificationGroup.PROGRAMMES


@pytest.mark.parametrize(("action", "sentence"), [
    ("credit.accepted", "Nurlan Sadykov accepted your invitation to collaborate on “Blue Horse”"),
    ("credit.declined", "Nurlan Sadykov declined your invitation to collaborate on “Blue Horse”"),
])
def test_the_lead_artist_hears_the_answer_to_a_collaboration_invitation(
        action: str, sentence: str, django_capture_on_commit_callbacks: Capture) -> None:
    credit = _credit(status=CreditStatus.ACCEPTED if action == "credit.accepted" else CreditStatus.DECLINED)
    lead = credit.artwork.artist.user
    _send(django_capture_on_commit_callbacks, collaboration_event, action=action, recipient=lead, subject=credit,
          actor=credit.artist.user)
    notification = Notification.objects.get()
    assert notification.recipient == lead and notification_text(notification, "en") == sentence
    assert group_of(action) == NotificationGroup.PROGRAMMES


def test_the_actor_of_a_programme_event_is_not_notified(django_capture_on_commit_callbacks: Capture) -> None:
    organiser = _reader()
    _send(django_capture_on_commit_callbacks, programmes_event, action="call.results", recipient=organiser,
          subject=OpenCallFactory(title=TITLE), actor=organiser)
    assert not Notification.objects.exists() and not mail.outbox


def test_the_programmes_switch_stops_their_email_but_not_the_notification(
        django_capture_on_commit_callbacks: Capture) -> None:
    reader = _reader()
    services.update_settings(user=reader, email_programmes=False)
    _send(django_capture_on_commit_callbacks, programmes_event, action="jury.invited", recipient=reader,
          subject=OpenCallFactory(title=TITLE))
    _send(django_capture_on_commit_callbacks, collaboration_event, action="credit.invited", recipient=reader,
          subject=_credit())
    assert Notification.objects.filter(recipient=reader).count() == 2
    assert mail.outbox == []


def test_the_programmes_switch_leaves_other_groups_mailed(django_capture_on_commit_callbacks: Capture) -> None:
    reader = _reader()
    services.update_settings(user=reader, email_market=False)
    _send(django_capture_on_commit_callbacks, programmes_event, action="jury.invited", recipient=reader,
          subject=OpenCallFactory(title=TITLE))
    assert len(mail.outbox) == 1


def test_the_settings_page_and_api_offer_the_programmes_switch(client: Client) -> None:
    reader = UserFactory()
    client.force_login(reader)
    page = client.get("/en/notifications/settings/")
    assert 'name="email_programmes"' in page.content.decode()
    # Posting the form without the box switches it off (an unticked checkbox is not sent).
    response = client.post("/en/notifications/settings/", {"email_delivery": "instant", "email_market": "on"})
    assert response.status_code == 302
    api = bearer_client(token_for(reader))
    assert api.get(f"{API}/notification-settings").json()["email_programmes"] is False
    changed = api.put(f"{API}/notification-settings", json.dumps({"email_programmes": True}),
                      content_type="application/json")
    assert changed.status_code == 200 and changed.json()["email_programmes"] is True
