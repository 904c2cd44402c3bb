"""Notification e-mail settings: per kind, instant or a daily digest or never; unsubscribing from a mail."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from dala.market.services import offers
from dala.social import services
from dala.social.models import Notification, SocialSettings
from dala.social.selectors import settings_of
from tests.factories import ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def _offer(capture: Capture, artwork: Any, amount: int = 900_000_00) -> None:
    with capture(execute=True):
        offers.make_offer(buyer=UserFactory(), artwork_id=artwork.pk, amount=amount, currency="KZT")


def test_every_notification_email_carries_a_working_unsubscribe_link(
        client: Client, django_capture_on_commit_callbacks: Capture, settings: Any) -> None:
    settings.SITE_URL = "https://dala.example"
    artwork = ArtworkFactory()
    artist = artwork.artist.user
    artist.preferred_language = "en"
    artist.save()
    _offer(django_capture_on_commit_callbacks, artwork)
    message = mail.outbox[0]
    link = re.search(r"https://dala\.example(/en/notifications/unsubscribe/[^/\s]+/)", message.body)
    assert link is not None
    assert message.extra_headers["List-Unsubscribe"] == f"<https://dala.example{link.group(1)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Not logged in: a confirm page first, nothing changed by merely opening it.
    page = client.get(link.group(1))
    assert page.status_code == 200 and artist.email in page.content.decode()
    assert settings_of(artist).email_delivery == "instant"
    done = client.post(link.group(1))
    assert done.status_code == 200 and "No more notification e-mails" in done.content.decode()
    assert settings_of(artist).email_delivery == "never"

    _offer(django_capture_on_commit_callbacks, artwork, 950_000_00)
    assert len(mail.outbox) == 1  # no more mail
    assert Notification.objects.filter(recipient=artist).count() == 2  # still on the site


def test_a_tampered_or_foreign_unsubscribe_token_changes_nothing(client: Client) -> None:
    user = UserFactory()
    token = services.unsubscribe_token(user)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(f"/en/notifications/unsubscribe/{tampered}/").status_code == 400
    assert client.get(f"/en/notifications/unsubscribe/{tampered}/").status_code == 400
    from django.core import signing

    forged = signing.dumps(user.pk, salt="something else", compress=True)
    assert client.post(f"/en/notifications/unsubscribe/{forged}/").status_code == 400
    assert settings_of(user).email_delivery == "instant"
    gone = UserFactory()
    gone_token = services.unsubscribe_token(gone)
    gone.delete()
    assert client.post(f"/en/notifications/unsubscribe/{gone_token}/").status_code == 404


def test_a_kind_switched_off_is_shown_on_the_site_but_not_emailed(
        django_capture_on_commit_callbacks: Capture) -> None:
    artwork = ArtworkFactory()
    services.update_settings(user=artwork.artist.user, email_market=False)
    _offer(django_capture_on_commit_callbacks, artwork)
    assert Notification.objects.filter(recipient=artwork.artist.user).count() == 1
    assert not mail.outbox


def test_the_daily_digest_sends_one_mail_with_several_notifications(
        django_capture_on_commit_callbacks: Capture, settings: Any) -> None:
    settings.SITE_URL = "https://dala.example"
    artwork = ArtworkFactory()
    artist = artwork.artist.user
    artist.preferred_language = "en"
    artist.save()
    services.update_settings(user=artist, email_delivery="digest")
    _offer(django_capture_on_commit_callbacks, artwork, 800_000_00)
    _offer(django_capture_on_commit_callbacks, artwork, 850_000_00)
    other = ArtworkFactory(artist=artwork.artist)
    _offer(django_capture_on_commit_callbacks, other, 700_000_00)
    assert not mail.outbox  # kept for the digest, not sent one by one
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert services.email_unsent_notifications(now=later) == 0  # nor by the retry sweep

    assert services.send_digests(now=timezone.now()) == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [artist.email] and "3 notifications" in digest.subject
    assert digest.body.count("New offer of") == 3
    assert "/en/notifications/unsubscribe/" in digest.body and "List-Unsubscribe" in digest.extra_headers
    assert not Notification.objects.filter(recipient=artist, emailed_at__isnull=True).exists()

    # At most one a day, and nothing already sent goes again.
    assert services.send_digests(now=timezone.now() + datetime.timedelta(hours=2)) == 0
    _offer(django_capture_on_commit_callbacks, artwork, 860_000_00)
    assert services.send_digests(now=timezone.now() + datetime.timedelta(hours=3)) == 0
    assert services.send_digests(now=timezone.now() + datetime.timedelta(days=1, minutes=20)) == 1
    assert len(mail.outbox) == 2 and mail.outbox[1].body.count("New offer of") == 1


def test_no_digest_for_those_who_chose_instant_or_never(django_capture_on_commit_callbacks: Capture) -> None:
    artwork = ArtworkFactory()
    services.update_settings(user=artwork.artist.user, email_delivery="never")
    _offer(django_capture_on_commit_callbacks, artwork)
    assert services.send_digests(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert not mail.outbox


def test_the_settings_page_changes_my_choices(client: Client) -> None:
    user = UserFactory()
    assert client.get("/en/notifications/settings/").status_code == 302
    client.force_login(user)
    page = client.get("/en/notifications/settings/")
    assert page.status_code == 200 and "One digest a day".lower() in page.content.decode().lower()
    response = client.post("/en/notifications/settings/", {"email_delivery": "digest", "email_market": "on",
                                                            "email_follows": "on", "follows_public": "on"})
    assert response.status_code == 302
    choices = SocialSettings.objects.get(user=user)
    assert choices.email_delivery == "digest" and choices.email_market and not choices.email_reviews
    assert choices.follows_public
    assert client.post("/en/notifications/settings/", {"email_delivery": "hourly"}).status_code == 400
