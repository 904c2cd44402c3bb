"""Representation: the artist grants a gallery the right to act on the works it holds, and ends it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from pytest_django import Settings

from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from dala.market import errors
from dala.market.models import AuditEntry, OfferStatus, Order, Representation
from dala.market.services import offers
from dala.market.services.representation import end_representation, grant_representation, set_held_works
from dala.market.signals import market_event
from tests.factories import ArtistFactory, ArtworkFactory, GalleryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def artist() -> Any:
    return ArtistFactory()


@pytest.fixture
def gallery() -> Any:
    return GalleryFactory()


def _offer_on(artwork: Any) -> Any:
    return offers.make_offer(buyer=UserFactory(), artwork_id=artwork.pk, amount=1_000_000_00, currency="KZT")


def test_a_gallery_answers_offers_on_the_works_the_artist_let_it_hold(artist: Any, gallery: Any) -> None:
    held = ArtworkFactory(artist=artist)
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500,
                                          artwork_ids=[held.pk])

    order = offers.accept_offer(offer_id=_offer_on(held).pk, user=gallery.user)

    assert isinstance(order, Order)
    assert representation.is_active and representation.commission_bp == 2500
    assert list(representation.artworks.all()) == [held]


def test_a_gallery_cannot_answer_offers_on_works_it_does_not_hold(artist: Any, gallery: Any) -> None:
    held, other = ArtworkFactory(artist=artist), ArtworkFactory(artist=artist)
    grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500, artwork_ids=[held.pk])
    offer = _offer_on(other)

    with pytest.raises(PermissionDenied) as refused:
        offers.accept_offer(offer_id=offer.pk, user=gallery.user)

    assert refused.value.code == errors.NOT_A_PARTY
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_after_the_representation_ends_the_gallery_can_no_longer_answer(artist: Any, gallery: Any) -> None:
    held = ArtworkFactory(artist=artist)
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500,
                                          artwork_ids=[held.pk])
    offer = _offer_on(held)

    end_representation(representation_id=representation.pk, user=artist.user)

    with pytest.raises(PermissionDenied):
        offers.decline_offer(offer_id=offer.pk, user=gallery.user, reason="too_low")
    representation.refresh_from_db()
    assert representation.ended_at is not None


def test_ending_a_representation_withdraws_the_gallerys_open_counter_offers(artist: Any, gallery: Any) -> None:
    held = ArtworkFactory(artist=artist)
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500,
                                          artwork_ids=[held.pk])
    offer = _offer_on(held)
    counter = offers.counter_offer(offer_id=offer.pk, user=gallery.user, amount=1_200_000_00)

    end_representation(representation_id=representation.pk, user=artist.user)

    counter.refresh_from_db()
    assert counter.status == OfferStatus.WITHDRAWN
    with pytest.raises(Conflict):
        offers.accept_offer(offer_id=counter.pk, user=offer.buyer)


def test_the_artist_can_change_the_held_works_so_the_gallery_may_act_on_a_new_one(artist: Any, gallery: Any) -> None:
    first, second = ArtworkFactory(artist=artist), ArtworkFactory(artist=artist)
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=0,
                                          artwork_ids=[first.pk])

    set_held_works(representation_id=representation.pk, user=artist.user, artwork_ids=[second.pk])

    offers.counter_offer(offer_id=_offer_on(second).pk, user=gallery.user, amount=1_200_000_00)
    with pytest.raises(PermissionDenied):
        offers.accept_offer(offer_id=_offer_on(first).pk, user=gallery.user)


def test_a_gallery_cannot_appoint_itself(artist: Any, gallery: Any) -> None:
    work = ArtworkFactory(artist=artist)

    with pytest.raises(PermissionDenied) as refused:
        grant_representation(artist_user=gallery.user, gallery_id=gallery.pk, commission_bp=2500,
                             artwork_ids=[work.pk])

    assert refused.value.code == errors.NOT_AN_ARTIST
    assert not Representation.objects.exists()


def test_an_artist_cannot_be_represented_by_their_own_gallery(artist: Any) -> None:
    own_gallery = GalleryFactory(user=artist.user)

    with pytest.raises(PermissionDenied):
        grant_representation(artist_user=artist.user, gallery_id=own_gallery.pk, commission_bp=2500)


def test_the_gallery_cannot_choose_the_works_it_holds(artist: Any, gallery: Any) -> None:
    work = ArtworkFactory(artist=artist)
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500)

    with pytest.raises(PermissionDenied):
        set_held_works(representation_id=representation.pk, user=gallery.user, artwork_ids=[work.pk])

    assert not representation.artworks.exists()


@pytest.mark.parametrize("whose", ["another artist's", "deleted"])
def test_only_the_artists_own_live_works_may_be_held(artist: Any, gallery: Any, whose: str) -> None:
    work = ArtworkFactory() if whose == "another artist's" else ArtworkFactory(artist=artist,
                                                                              deleted_at=timezone.now())

    with pytest.raises(DomainError) as refused:
        grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500,
                             artwork_ids=[work.pk])

    assert (refused.value.code, refused.value.field) == (errors.NOT_OWN_WORK, "artwork_ids")
    assert not Representation.objects.exists()


def test_the_gallerys_share_cannot_pass_what_the_platform_leaves(artist: Any, gallery: Any,
                                                                   settings: Settings) -> None:
    settings.DALA_PLATFORM_COMMISSION_BP = 1000

    for too_much in (9001, 10_000, -1):
        with pytest.raises(DomainError) as refused:
            grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=too_much)
        assert refused.value.code == errors.INVALID_COMMISSION
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=9000)

    assert representation.commission_bp == 9000


def test_a_gallery_represents_an_artist_once_at_a_time(artist: Any, gallery: Any) -> None:
    first = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500)

    with pytest.raises(Conflict) as refused:
        grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=3000)
    end_representation(representation_id=first.pk, user=gallery.user)
    again = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=3000)

    assert refused.value.code == errors.REPRESENTATION_EXISTS
    assert again.pk != first.pk and again.is_active


def test_an_ended_representation_cannot_be_changed_or_ended_again(artist: Any, gallery: Any) -> None:
    work = ArtworkFactory(artist=artist)
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500)
    end_representation(representation_id=representation.pk, user=artist.user)

    with pytest.raises(Conflict):
        set_held_works(representation_id=representation.pk, user=artist.user, artwork_ids=[work.pk])
    with pytest.raises(Conflict) as again:
        end_representation(representation_id=representation.pk, user=gallery.user)

    assert again.value.code == errors.REPRESENTATION_ENDED


def test_only_the_two_sides_or_staff_may_end_it(artist: Any, gallery: Any) -> None:
    representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk, commission_bp=2500)

    with pytest.raises(PermissionDenied):
        end_representation(representation_id=representation.pk, user=UserFactory())
    end_representation(representation_id=representation.pk, user=UserFactory(is_staff=True))

    representation.refresh_from_db()
    assert not representation.is_active


def test_an_unknown_representation_is_not_found(artist: Any) -> None:
    with pytest.raises(NotFound):
        end_representation(representation_id=987_654, user=artist.user)


def test_each_act_is_logged_and_the_other_side_is_told(artist: Any, gallery: Any,
                                                       django_capture_on_commit_callbacks: Any) -> None:
    work = ArtworkFactory(artist=artist)
    told: list[tuple[str, list[int]]] = []

    def listen(sender: Any, action: str, recipient_ids: list[int], **kwargs: Any) -> None:
        told.append((action, recipient_ids))

    market_event.connect(listen, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            representation = grant_representation(artist_user=artist.user, gallery_id=gallery.pk,
                                                  commission_bp=2500)
            set_held_works(representation_id=representation.pk, user=artist.user, artwork_ids=[work.pk])
            end_representation(representation_id=representation.pk, user=gallery.user)
    finally:
        market_event.disconnect(listen)

    assert told == [("representation.granted", [gallery.user_id]), ("representation.works", [gallery.user_id]),
                    ("representation.ended", [artist.user_id])]
    entries = AuditEntry.objects.filter(object_type="representation", object_id=representation.pk)
    assert {entry.action: entry.actor_id for entry in entries} == {
        "representation.granted": artist.user_id, "representation.works": artist.user_id,
        "representation.ended": gallery.user_id}
    assert entries.get(action="representation.works").details["works"] == [work.pk]
