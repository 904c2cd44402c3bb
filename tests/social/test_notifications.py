"""Market events become notifications: a row for each party but the actor, and one e-mail each."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from dala.market.services import auctions, inquiries, offers
from dala.social.models import Notification
from dala.social.texts import notification_text
from tests.factories import ArtworkFactory, UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def test_an_offer_on_a_work_notifies_its_artist_on_the_site_and_by_email(
        django_capture_on_commit_callbacks: Capture, settings: Any) -> None:
    settings.SITE_URL = "https://dala.example"
    artwork = ArtworkFactory()
    artist = artwork.artist.user
    artist.preferred_language = "en"
    artist.save()
    buyer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        offer = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=900_000_00, currency="KZT")
    notification = Notification.objects.get()
    assert notification.recipient == artist and notification.actor == buyer
    assert notification.action == "offer.made" and notification.read_at is None
    assert notification_text(notification, "en") == (
        f"New offer of 900\u00a0000\u00a0₸ on “{artwork.title['en']}”")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [artist.email]
    assert message.subject == notification_text(notification, "en")
    assert f"https://dala.example/en/market/offers/{offer.pk}/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_actor_is_never_notified_of_their_own_action(django_capture_on_commit_callbacks: Capture) -> None:
    artwork = ArtworkFactory()
    artist, buyer = artwork.artist.user, UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        offer = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=800_000_00, currency="KZT")
        counter = offers.counter_offer(offer_id=offer.pk, user=artist, amount=950_000_00)
        offers.accept_offer(offer_id=counter.pk, user=buyer)
    heard = list(Notification.objects.order_by("id").values_list("action", "recipient_id"))
    assert ("offer.made", artist.pk) in heard and ("offer.countered", buyer.pk) in heard
    assert ("offer.accepted", artist.pk) in heard
    assert all(recipient != actor for recipient, actor in Notification.objects.values_list("recipient", "actor"))
    assert len(mail.outbox) == len(heard)


def test_notify_leaves_out_the_actor_even_if_named_as_a_recipient() -> None:
    from dala.social.services import notify

    artwork = ArtworkFactory()
    user = artwork.artist.user
    assert notify(recipient_ids=[user.pk, user.pk], actor_id=user.pk, action="offer.made", subject=artwork,
                  url="") == []
    assert not Notification.objects.exists()


def test_an_outbid_bidder_hears_the_new_price_never_the_leaders_maximum(
        django_capture_on_commit_callbacks: Capture) -> None:
    staff = UserFactory(is_staff=True)
    artwork = ArtworkFactory()
    now = timezone.now()
    auction = auctions.create_auction(organiser=staff, title={"en": "Steppe"},
                                      starts_at=now - datetime.timedelta(hours=1),
                                      ends_at=now + datetime.timedelta(hours=1), is_published=True)
    lot = auctions.add_lot(auction=auction, user=staff, artwork_id=artwork.pk, starting_amount=1_000_000)
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        auctions.place_bid(lot_id=lot.pk, bidder=first, max_amount=3_000_000)
        auctions.place_bid(lot_id=lot.pk, bidder=second, max_amount=9_000_000)
    outbid = Notification.objects.get(action="bid.placed")
    assert outbid.recipient == first
    lot.refresh_from_db()
    assert outbid.context["amount"] == lot.current_amount != 9_000_000
    text = notification_text(outbid, "en")
    assert text.startswith("You have been outbid on") and "90\u00a0000" not in text


def test_the_winner_of_a_lot_reads_that_they_won_and_the_others_that_it_sold(
        django_capture_on_commit_callbacks: Capture) -> None:
    staff = UserFactory(is_staff=True)
    artwork = ArtworkFactory()
    now = timezone.now()
    auction = auctions.create_auction(organiser=staff, title={"en": "Steppe"},
                                      starts_at=now - datetime.timedelta(hours=1),
                                      ends_at=now + datetime.timedelta(hours=1), is_published=True)
    lot = auctions.add_lot(auction=auction, user=staff, artwork_id=artwork.pk, starting_amount=1_000_000)
    winner, other = UserFactory(), UserFactory()
    auctions.place_bid(lot_id=lot.pk, bidder=winner, max_amount=5_000_000)
    auctions.place_bid(lot_id=lot.pk, bidder=other, max_amount=3_000_000)
    with django_capture_on_commit_callbacks(execute=True):
        auctions.close_due_lots(now=now + datetime.timedelta(hours=2))
    closed = {n.recipient_id: notification_text(n, "en") for n in Notification.objects.filter(action="lot.closed")}
    assert closed[winner.pk].startswith("You won “")
    assert " sold at auction for " in closed[other.pk]
    assert " sold at auction for " in closed[artwork.artist.user_id]


def test_the_email_is_written_in_the_recipients_language(django_capture_on_commit_callbacks: Capture) -> None:
    artwork = ArtworkFactory()
    artist = artwork.artist.user
    artist.preferred_language = "ru"
    artist.save()
    buyer = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        inquiries.ask_about(buyer=buyer, artwork_id=artwork.pk, body="Is it still available?")
    [message] = mail.outbox
    assert artwork.title["ru"] in message.subject and artwork.title["en"] not in message.subject
    assert "/ru/market/inquiries/" in message.body


def test_a_failed_email_neither_breaks_the_offer_nor_loses_the_notification(
        django_capture_on_commit_callbacks: Capture) -> None:
    artwork = ArtworkFactory()
    buyer = UserFactory()
    with mock.patch("dala.social.services._send", side_effect=OSError("smtp down")), \
            django_capture_on_commit_callbacks(execute=True):
        offer = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=900_000_00, currency="KZT")
    assert offer.pk is not None
    notification = Notification.objects.get()
    assert notification.emailed_at is None  # left for another attempt
    assert not mail.outbox


def test_a_notification_is_emailed_once_however_often_the_task_runs(
        django_capture_on_commit_callbacks: Capture) -> None:
    from dala.social.tasks import email_notification

    artwork = ArtworkFactory()
    with django_capture_on_commit_callbacks(execute=True):
        offers.make_offer(buyer=UserFactory(), artwork_id=artwork.pk, amount=900_000_00, currency="KZT")
    email_notification.enqueue(Notification.objects.get().pk)
    assert len(mail.outbox) == 1


def test_a_failed_email_is_sent_by_the_next_sweep_within_a_day(
        django_capture_on_commit_callbacks: Capture) -> None:
    from dala.social.services import email_unsent_notifications

    artwork = ArtworkFactory()
    with mock.patch("dala.social.services._send", side_effect=OSError("smtp down")), \
            django_capture_on_commit_callbacks(execute=True):
        offers.make_offer(buyer=UserFactory(), artwork_id=artwork.pk, amount=900_000_00, currency="KZT")
    notification = Notification.objects.get()
    assert email_unsent_notifications() == 0  # too fresh: its own task may still be running
    assert email_unsent_notifications(now=notification.created_at + datetime.timedelta(minutes=10)) == 1
    assert len(mail.outbox) == 1
    assert email_unsent_notifications(now=notification.created_at + datetime.timedelta(minutes=20)) == 0
    Notification.objects.update(emailed_at=None)
    assert email_unsent_notifications(now=notification.created_at + datetime.timedelta(days=2)) == 0


def test_a_broken_notifier_never_fails_the_market_action(django_capture_on_commit_callbacks: Capture) -> None:
    artwork = ArtworkFactory()
    with mock.patch("dala.social.receivers.notify", side_effect=RuntimeError("bug")), \
            django_capture_on_commit_callbacks(execute=True):
        offer = offers.make_offer(buyer=UserFactory(), artwork_id=artwork.pk, amount=900_000_00, currency="KZT")
    assert offer.pk is not None and not Notification.objects.exists()
