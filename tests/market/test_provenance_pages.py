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
