"""A work's public provenance: the page, the artwork panel and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dala.market.models import ProvenanceEvent
from dala.market.services.provenance import add_provenance_event
from tests.api.conftest import API, bearer_client, token_for
from tests.factories import ArtworkFactory, UserFactory
from tests.market.factories_orders import bought, paid

pytestmark = pytest.mark.django_db


def test_the_provenance_page_shows_public_events_oldest_first_without_prices() -> None:
    artwork = ArtworkFactory(buy_now=True, price_amount=765_432_00)
    add_provenance_event(artwork=artwork, user=artwork.artist.user, kind="exhibition", place="Алматы, ГМИ Кастеева")
    add_provenance_event(artwork=artwork, user=artwork.artist.user, kind="loan", place="Secret vault", is_public=False)
    paid(bought(artwork))
    html = Client().get(reverse("market:provenance", kwargs={"artwork_id": artwork.pk})).content.decode()
    assert html.index("Кастеева") < html.index("Private collection")
    assert "Secret vault" not in html and "765" not in html


def test_the_artwork_page_panel_lists_provenance_and_links_to_verification() -> None:
    artwork = ArtworkFactory()
    add_provenance_event(artwork=artwork, user=artwork.artist.user, kind="exhibition", place="Астана")
    html = Client().get(artwork.get_absolute_url()).content.decode()
    assert "Астана" in html and reverse("market:verify") in html


def test_the_artist_adds_an_event_through_the_api_and_anyone_reads_it() -> None:
    artwork = ArtworkFactory()
    url = f"{API}/market/artworks/{artwork.pk}/provenance"
    created = bearer_client(token_for(artwork.artist.user)).post(
        url, {"kind": "transfer", "from_party": "Artist", "to_party": "Museum", "description": {"en": "Gift"}},
        content_type="application/json")
    assert created.status_code == 201, created.content
    events = Client().get(url).json()
    assert [(e["kind"], e["to_party"], e["description"]) for e in events] == [("transfer", "Museum", {"en": "Gift"})]


def test_only_the_artist_or_staff_add_events_and_never_a_sale(django_assert_max_num_queries: Any) -> None:
    artwork = ArtworkFactory()
    url = f"{API}/market/artworks/{artwork.pk}/provenance"
    stranger = bearer_client(token_for(UserFactory())).post(url, {"kind": "loan"}, content_type="application/json")
    assert stranger.status_code == 403
    sale = bearer_client(token_for(artwork.artist.user)).post(url, {"kind": "sale"}, content_type="application/json")
    assert sale.status_code == 422
    assert not ProvenanceEvent.objects.exists()


def test_the_provenance_of_an_unknown_or_draft_work_is_not_found() -> None:
    draft = ArtworkFactory(availability="draft")
    assert Client().get(reverse("market:provenance", kwargs={"artwork_id": draft.pk})).status_code == 404
    assert Client().get(f"{API}/market/artworks/{draft.pk}/provenance").status_code == 404


def test_the_artist_adds_an_exhibition_on_the_provenance_page_and_the_public_sees_it() -> None:
    artwork = ArtworkFactory()
    artist = Client()
    artist.force_login(artwork.artist.user)
    url = reverse("market:provenance", kwargs={"artwork_id": artwork.pk})
    assert b"Add an event" in artist.get(url).content
    assert b"Add an event" not in Client().get(url).content

    response = artist.post(url, {"kind": "exhibition", "occurred_on": "2025-05-17", "place": "Abay Opera, Almaty",
                                 "description_en": "Steppe Colours", "is_public": "on"})

    assert response.status_code == 302
    event = ProvenanceEvent.objects.get(artwork=artwork)
    assert event.kind == "exhibition" and str(event.description) == "Steppe Colours"
    assert b"Abay Opera" in Client().get(url).content


def test_a_stranger_cannot_add_to_a_provenance_and_a_future_date_is_refused_on_the_form() -> None:
    artwork = ArtworkFactory()
    url = reverse("market:provenance", kwargs={"artwork_id": artwork.pk})
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.post(url, {"kind": "transfer", "occurred_on": "2025-01-01"}).status_code == 403
    assert Client().post(url, {"kind": "transfer", "occurred_on": "2025-01-01"}).status_code == 302  # to log in
    artist = Client()
    artist.force_login(artwork.artist.user)
    response = artist.post(url, {"kind": "loan", "occurred_on": "2999-01-01"})
    assert response.status_code == 400 and b"cannot be in the future" in response.content
    assert not ProvenanceEvent.objects.filter(artwork=artwork).exists()
