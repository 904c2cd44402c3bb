"""Requests the API fuzzer (tests/api/test_fuzz.py) once answered with a 500, each kept as a plain test.

Numbers beyond what the database holds (an id past 64 bits, which SQLite cannot even bind; an amount past
a PostgreSQL integer column) and text PostgreSQL cannot store are the client's mistake: a 4xx with the
usual error body, and nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from dala.accounts.models import ArtistProfile
from dala.market.models import Representation
from dala.programmes.models import EntryWork, ExhibitionWork, OpenCall
from dala.social.models import Follow
from tests.critique.factories import ReviewFactory
from tests.factories import ArtworkFactory, ExhibitionFactory, OpenCallFactory, SubjectFactory
from tests.market.factories_orders import represent
from tests.programmes.factories_exhibitions import organiser
from tests.programmes.factories_jury import entry_with_works, judged_call, juror_of

from .conftest import API, bearer_client, error_of, token_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HUGE = 2**70  # beyond any integer column of either database



def _refused(response: Any) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.content)
    return error_of(response)


def test_a_gallery_cannot_be_given_a_work_id_too_large_for_the_database(studio: Client,
                                                                          artist: ArtistProfile) -> None:
    work = ArtworkFactory(artist=artist)
    representation = represent(work)
    response = studio.put(f"{API}/market/representations/{representation.pk}/works",
                          {"artwork_ids": [work.pk, HUGE]}, content_type="application/json")
    _refused(response)
    assert list(Representation.objects.get(pk=representation.pk).artworks.all()) == [work]


def test_unfollowing_an_id_too_large_for_the_database_is_not_a_server_error(studio: Client,
                                                                          artist: ArtistProfile) -> None:
    Follow.objects.create(follower=artist.user, subject=SubjectFactory())
    # Its own transaction, as every request has outside tests: the failed delete spoils the one it runs in.
    with transaction.atomic():
        response = studio.delete(f"{API}/follows?kind=subject&id={HUGE}")
    # PostgreSQL compares the number and finds nothing to unfollow (204); SQLite cannot bind it (422).
    assert response.status_code in (204, 422), response.content
    if response.status_code == 422:
        assert error_of(response)["code"] == "value_out_of_range"
    assert Follow.objects.count() == 1


def test_an_exhibition_cannot_hang_a_work_id_too_large_for_the_database(artist: ArtistProfile,
                                                                      studio: Client) -> None:
    organiser(email=artist.user.email)
    show = ExhibitionFactory(organiser=artist.user)
    hung = ExhibitionWork.objects.create(exhibition=show, artwork=ArtworkFactory(), position=0)
    response = studio.put(f"{API}/studio/exhibitions/{show.slug}/works",
                          {"works": [{"artwork_id": hung.artwork_id}, {"artwork_id": HUGE}]},
                          content_type="application/json")
    _refused(response)
    assert list(show.works.values_list("pk", flat=True)) == [hung.pk]


def test_an_entry_cannot_name_a_work_id_too_large_for_the_database(studio: Client) -> None:
    call = OpenCallFactory()
    response = studio.put(f"{API}/calls/{call.slug}/entry", {"statement": "Felt.", "artwork_ids": [HUGE]},
                          content_type="application/json")
    _refused(response)
    assert not EntryWork.objects.exists()


def test_a_call_cannot_require_a_medium_id_too_large_for_the_database(studio: Client) -> None:
    response = studio.post(f"{API}/studio/calls", {"title": {"en": "Felt"}, "brief": {"en": "Felt works."},
                                                   "deadline": "2031-01-01T18:00", "eligible_media": [HUGE]},
                           content_type="application/json")
    _refused(response)
    assert not OpenCall.objects.exists()


def test_a_review_page_past_any_real_one_is_refused_naming_the_page() -> None:
    ReviewFactory()
    response = Client().get(f"{API}/reviews?page={10**22}")
    assert response.status_code == 422 and _refused(response)["field"] == "page"


def test_a_juror_queue_page_past_any_real_one_is_refused_naming_the_page() -> None:
    call = judged_call()
    entry_with_works(call)
    seat = juror_of(call)
    response = bearer_client(token_for(seat.user)).get(f"{API}/calls/{call.slug}/jury/entries?page={10**22}")
    assert response.status_code == 422 and _refused(response)["field"] == "page"
