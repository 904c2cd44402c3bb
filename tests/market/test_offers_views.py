"""The offer pages: the artwork page's panel, making an offer, my offers, one negotiation and its answers."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from dala.catalog.models import Availability
from dala.market.models import Offer, OfferStatus, Order
from dala.market.services import offers
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory
from tests.market.factories_offers import represent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Pages under /en/, so that the texts asserted here stay English once kk and ru are translated."""
    with translation.override("en"):
        yield


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def artwork() -> Any:
    return ArtworkFactory(buy_now=True)


@pytest.fixture
def buyer() -> Any:
    return UserFactory()


def an_offer(artwork: Any, buyer: Any, amount: int = 1_200_000_00) -> Offer:
    return offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=amount, currency="KZT")


# The artwork page's panel --------------------------------------------------------------------------

def test_a_buyer_sees_buy_now_at_the_shown_price_an_offer_form_and_a_question_form(artwork: Any, buyer: Any) -> None:
    page = logged_in(buyer).get(artwork.get_absolute_url()).content.decode()
    assert f'action="{reverse("market:buy_now", args=[artwork.pk])}"' in page
    assert 'name="expected_amount" value="150000000"' in page
    assert 'name="expected_currency" value="KZT"' in page
    assert f'action="{reverse("market:make_offer", args=[artwork.pk])}"' in page
    assert '<option value="KZT" selected>' in page
    assert f'action="{reverse("market:ask", args=[artwork.pk])}"' in page


def test_without_buy_now_there_is_no_buy_button(buyer: Any) -> None:
    work = ArtworkFactory(buy_now=False)
    page = logged_in(buyer).get(work.get_absolute_url()).content.decode()
    assert reverse("market:buy_now", args=[work.pk]) not in page
    assert reverse("market:make_offer", args=[work.pk]) in page


def test_an_anonymous_visitor_is_asked_to_log_in_instead_of_forms(artwork: Any) -> None:
    page = Client().get(artwork.get_absolute_url()).content.decode()
    assert reverse("market:make_offer", args=[artwork.pk]) not in page
    assert reverse("accounts:login") + "?next=" in page


def test_the_artist_sees_a_link_to_incoming_offers_not_the_forms(artwork: Any) -> None:
    page = logged_in(artwork.artist.user).get(artwork.get_absolute_url()).content.decode()
    assert reverse("market:make_offer", args=[artwork.pk]) not in page
    assert reverse("market:offers") + "?tab=incoming" in page


# Making an offer ----------------------------------------------------------------------------------

def test_an_offer_typed_in_major_units_is_sent_and_shown(artwork: Any, buyer: Any) -> None:
    client = logged_in(buyer)
    response = client.post(reverse("market:make_offer", args=[artwork.pk]),
                           {"amount": "1 250 000,50", "currency": "KZT", "note": "Hello"})
    offer = Offer.objects.get()
    assert offer.amount == 1_250_000_50 and offer.buyer == buyer
    assert response.status_code == 302 and response["Location"] == reverse("market:offer", args=[offer.pk])
    page = client.get(response["Location"]).content.decode()
    assert "1\u00a0250\u00a0000,50\u00a0₸" in page or "1\u00a0250\u00a0000.50\u00a0₸" in page


@pytest.mark.parametrize(("amount", "currency"), [("0", "KZT"), ("-10", "KZT"), ("lots", "KZT"), ("1.005", "KZT"),
                                                  ("", "KZT"), ("100", "XYZ")])
def test_a_bad_amount_or_currency_is_shown_on_the_offer_form(artwork: Any, buyer: Any, amount: str,
                                                             currency: str) -> None:
    response = logged_in(buyer).post(reverse("market:make_offer", args=[artwork.pk]),
                                     {"amount": amount, "currency": currency})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Offer.objects.exists()


@pytest.mark.parametrize(("availability", "status"), [(Availability.SOLD, 409), (Availability.NOT_FOR_SALE, 400),
                                                       (Availability.ON_HOLD, 409)])
def test_an_offer_on_a_work_not_for_sale_is_refused_with_a_message(buyer: Any, availability: str,
                                                                   status: int) -> None:
    work = ArtworkFactory(availability=availability)
    response = logged_in(buyer).post(reverse("market:make_offer", args=[work.pk]),
                                     {"amount": "1000000", "currency": "KZT"})
    assert response.status_code == status
    assert 'class="error-summary"' in response.content.decode()
    assert not Offer.objects.exists()


def test_an_offer_on_a_draft_is_not_found(buyer: Any) -> None:
    work = ArtworkFactory(availability=Availability.DRAFT)
    response = logged_in(buyer).post(reverse("market:make_offer", args=[work.pk]),
                                     {"amount": "1000000", "currency": "KZT"})
    assert response.status_code == 404


def test_the_artist_cannot_offer_on_their_own_work(artwork: Any) -> None:
    response = logged_in(artwork.artist.user).post(reverse("market:make_offer", args=[artwork.pk]),
                                                   {"amount": "1000000", "currency": "KZT"})
    assert response.status_code == 400
    assert "own work" in response.content.decode()


def test_an_anonymous_offer_goes_to_the_login_page(artwork: Any) -> None:
    response = Client().post(reverse("market:make_offer", args=[artwork.pk]), {"amount": "1", "currency": "KZT"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not Offer.objects.exists()


# My offers -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url_name", ["market:offers", "market:inquiries"])
def test_anonymous_visitors_are_sent_to_log_in(url_name: str) -> None:
    response = Client().get(reverse(url_name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_my_offers_lists_the_latest_state_of_each_negotiation_and_whose_turn(artwork: Any, buyer: Any) -> None:
    first = an_offer(artwork, buyer)
    offers.counter_offer(offer_id=first.pk, user=artwork.artist.user, amount=1_400_000_00)
    page = logged_in(buyer).get(reverse("market:offers")).content.decode()
    assert "1\u00a0400\u00a0000\u00a0₸" in page and "1\u00a0200\u00a0000\u00a0₸" not in page
    assert "Your turn" in page
    seller_page = logged_in(artwork.artist.user).get(reverse("market:offers") + "?tab=incoming").content.decode()
    assert "Waiting for the buyer" in seller_page and str(artwork.title) in seller_page


def test_expiry_is_shown_in_almaty_time(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    local = offer.expires_at.astimezone(ZoneInfo("Asia/Almaty"))
    page = logged_in(buyer).get(reverse("market:offers")).content.decode()
    assert local.strftime("%H:%M") in page


def test_my_offers_pages_cost_the_same_queries_for_many_offers(django_assert_max_num_queries: Any,
                                                               buyer: Any) -> None:
    artist = ArtistFactory()
    seller = artist.user
    works = [ArtworkFactory(artist=artist) for _ in range(12)]
    for work in works:
        an_offer(work, buyer)
    for work in works[:3]:
        represent(work)
    for client, url in ((logged_in(buyer), reverse("market:offers")),
                        (logged_in(seller), reverse("market:offers") + "?tab=incoming")):
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("See the offers") == 12


# One negotiation -----------------------------------------------------------------------------------

def test_a_stranger_gets_404_on_a_negotiation(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    stranger = logged_in(UserFactory())
    assert stranger.get(reverse("market:offer", args=[offer.pk])).status_code == 404
    assert stranger.post(reverse("market:offer_answer", args=[offer.pk]),
                         {"action": "accept", "offer": offer.pk}).status_code == 404
    assert Offer.objects.get().status == OfferStatus.OPEN


def test_an_anonymous_visitor_is_sent_to_log_in_from_a_negotiation(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    response = Client().get(reverse("market:offer", args=[offer.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_seller_sees_answer_forms_and_the_buyer_a_withdraw_button(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    seller_page = logged_in(artwork.artist.user).get(reverse("market:offer", args=[offer.pk])).content.decode()
    for action in ("accept", "counter", "decline"):
        assert f'name="action" value="{action}"' in seller_page
    assert 'value="withdraw"' not in seller_page
    buyer_page = logged_in(buyer).get(reverse("market:offer", args=[offer.pk])).content.decode()
    assert 'name="action" value="withdraw"' in buyer_page and 'value="accept"' not in buyer_page


def test_accepting_goes_to_the_order(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    response = logged_in(artwork.artist.user).post(reverse("market:offer_answer", args=[offer.pk]),
                                                   {"action": "accept", "offer": offer.pk})
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("market:order", kwargs={"number": order.number})


def test_a_counter_offer_from_the_page_hands_the_turn_to_the_buyer(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    seller = logged_in(artwork.artist.user)
    response = seller.post(reverse("market:offer_answer", args=[offer.pk]),
                           {"action": "counter", "offer": offer.pk, "amount": "1 350 000", "note": "Framed",
                            "expires_in_hours": "48"})
    assert response.status_code == 302
    counter = Offer.objects.get(responds_to=offer)
    assert counter.amount == 1_350_000_00 and counter.turn == "buyer"
    assert datetime.timedelta(hours=47) < counter.expires_at - timezone.now() <= datetime.timedelta(hours=48)
    page = seller.get(response["Location"]).content.decode()
    assert "Waiting for the buyer" in page and "Framed" in page


def test_a_stale_page_cannot_accept_an_offer_answered_meanwhile(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    representation = represent(artwork)
    # The gallery counters while the artist still has the old page open.
    offers.counter_offer(offer_id=offer.pk, user=representation.gallery.user, amount=1_300_000_00)
    response = logged_in(artwork.artist.user).post(reverse("market:offer_answer", args=[offer.pk]),
                                                   {"action": "accept", "offer": offer.pk})
    assert response.status_code == 409
    assert "counter-offer" in response.content.decode()
    assert not Order.objects.exists()


def test_an_expired_offer_cannot_be_accepted_from_the_page(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=5))
    response = logged_in(artwork.artist.user).post(reverse("market:offer_answer", args=[offer.pk]),
                                                   {"action": "accept", "offer": offer.pk})
    assert response.status_code == 409 and not Order.objects.exists()


def test_declining_with_other_needs_a_note_then_works(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    seller = logged_in(artwork.artist.user)
    url = reverse("market:offer_answer", args=[offer.pk])
    refused = seller.post(url, {"action": "decline", "offer": offer.pk, "reason": "other"})
    assert refused.status_code == 400 and 'class="error-summary"' in refused.content.decode()
    assert seller.post(url, {"action": "decline", "offer": offer.pk, "reason": "too_low"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.decline_reason == "too_low"


def test_a_buyer_withdraws_from_the_page(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    response = logged_in(buyer).post(reverse("market:offer_answer", args=[offer.pk]),
                                     {"action": "withdraw", "offer": offer.pk})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN


def test_an_unknown_action_or_a_bad_counter_is_a_400_not_a_500(artwork: Any, buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    seller = logged_in(artwork.artist.user)
    url = reverse("market:offer_answer", args=[offer.pk])
    assert seller.post(url, {"action": "sell-twice", "offer": offer.pk}).status_code == 400
    assert seller.post(url, {"action": "counter", "offer": offer.pk, "amount": "zero",
                             "expires_in_hours": "72"}).status_code == 400
    assert seller.post(url, {"action": "counter", "offer": offer.pk, "amount": "0",
                             "expires_in_hours": "72"}).status_code == 400
    assert seller.post(url, {"action": "accept", "offer": "not-a-number"}).status_code == 404


def test_a_gallery_holding_the_work_answers_from_the_page_and_one_without_gets_404(artwork: Any,
                                                                                   buyer: Any) -> None:
    offer = an_offer(artwork, buyer)
    outsider = represent(ArtworkFactory(artist=artwork.artist))  # represents the artist, not this work
    assert logged_in(outsider.gallery.user).get(reverse("market:offer", args=[offer.pk])).status_code == 404
    holder = represent(artwork)
    response = logged_in(holder.gallery.user).post(reverse("market:offer_answer", args=[offer.pk]),
                                                   {"action": "decline", "offer": offer.pk, "reason": "too_low"})
    assert response.status_code == 302


def test_the_offer_form_page_shows_the_works_currency_and_its_editions(buyer: Any) -> None:
    from dala.catalog.models import EditionSet, EditionType

    work = ArtworkFactory(edition_type=EditionType.LIMITED, price_currency="USD")
    EditionSet.objects.create(artwork=work, label="Silkscreen", size=20, price_amount=900_00, price_currency="USD")
    response = logged_in(buyer).get(reverse("market:make_offer", args=[work.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<option value="USD" selected>' in page and "Silkscreen" in page


def test_a_long_negotiation_page_costs_the_same_queries_as_a_short_one(django_assert_max_num_queries: Any,
                                                                       artwork: Any, buyer: Any) -> None:
    gallery = represent(artwork).gallery
    offer = an_offer(artwork, buyer, amount=1_000_000_00)
    for step in range(1, 9):
        answerer = buyer if step % 2 == 0 else (gallery.user if step % 4 == 1 else artwork.artist.user)
        offer = offers.counter_offer(offer_id=offer.pk, user=answerer, amount=1_000_000_00 + step * 10_000_00)
    client = logged_in(buyer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("market:offer", args=[offer.chain_root_id]))
    assert response.status_code == 200
    assert response.content.decode().count("offer-chain__item ") == 9
