"""The open calls API: paths, errors and what entrants may see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dala.programmes.models import CallStatus, EntryStatus, FeeStatus
from tests.api.conftest import API, bearer_client, error_of, fields_of, token_for
from tests.factories import ArtistFactory, ArtworkFactory, EntryFactory, OpenCallFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_list_and_a_call_are_public_but_drafts_are_not() -> None:
    call = OpenCallFactory(deadline_timezone="Asia/Tashkent")
    draft = OpenCallFactory(status=CallStatus.DRAFT, published_at=None)
    body = Client().get(f"{API}/calls").json()
    assert [row["slug"] for row in body["open"]] == [call.slug]
    detail = Client().get(f"{API}/calls/{call.slug}").json()
    assert detail["deadline_timezone"] == "Asia/Tashkent" and detail["deadline"].endswith("+05:00")
    assert error_of(Client().get(f"{API}/calls/{draft.slug}"))["code"] == "call_not_found"
    organiser = bearer_client(token_for(draft.organiser))
    assert organiser.get(f"{API}/calls/{draft.slug}").status_code == 200


def test_eligibility_lists_the_reasons() -> None:
    call = OpenCallFactory(eligible_countries=["KG"], min_age=20)
    artist = ArtistFactory()
    body = bearer_client(token_for(artist.user)).get(f"{API}/calls/{call.slug}/eligibility").json()
    assert body["eligible"] is False
    assert {reason["code"] for reason in body["reasons"]} == {"not_eligible", "birth_year_needed"}
    assert Client().get(f"{API}/calls/{call.slug}/eligibility").status_code == 401


def test_an_artist_enters_through_the_api() -> None:
    call = OpenCallFactory(max_works=1, fee_amount=100_000)
    artist = ArtistFactory()
    works = ArtworkFactory.create_batch(2, artist=artist)
    client = bearer_client(token_for(artist.user))
    url = f"{API}/calls/{call.slug}/entry"
    assert error_of(client.get(url))["code"] == "entry_not_found"
    too_many = client.put(url, {"statement": "x", "artwork_ids": [w.pk for w in works]},
                          content_type="application/json")
    assert too_many.status_code == 422 and error_of(too_many)["code"] == "too_many_works"
    assert "works" in fields_of(too_many)
    saved = client.put(url, {"statement": "Felt", "artwork_ids": [works[0].pk]}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["works"][0]["artwork_id"] == works[0].pk
    unpaid = client.post(f"{url}/submit")
    assert unpaid.status_code == 403 and error_of(unpaid)["code"] == "fee_unpaid"
    waiver = client.post(f"{url}/waiver", {"reason": "Student"}, content_type="application/json")
    assert waiver.json()["fee_status"] == FeeStatus.WAIVER_REQUESTED
    submitted = client.post(f"{url}/submit").json()
    assert submitted["status"] == EntryStatus.SUBMITTED and submitted["result"] is None
    assert client.post(f"{url}/withdraw").json()["status"] == EntryStatus.WITHDRAWN


def test_after_the_deadline_the_api_says_deadline_passed() -> None:
    entry = EntryFactory()
    entry.call.deadline = timezone.now() - timedelta(minutes=1)
    entry.call.save()
    response = bearer_client(token_for(entry.artist.user)).post(f"{API}/calls/{entry.call.slug}/entry/withdraw")
    assert response.status_code == 409 and error_of(response)["code"] == "deadline_passed"


def test_results_stay_hidden_from_the_entrant_until_published() -> None:
    entry = EntryFactory(result="not_selected", feedback="Next time.")
    client = bearer_client(token_for(entry.artist.user))
    body = client.get(f"{API}/calls/{entry.call.slug}/entry").json()
    assert body["result"] is None and body["feedback"] == []
    entry.call.status = CallStatus.RESULTS
    entry.call.save()
    body = client.get(f"{API}/calls/{entry.call.slug}/entry").json()
    assert body["result"] == "not_selected" and body["feedback"] == ["Next time."]


def test_the_organiser_creates_changes_publishes_and_decides_fees() -> None:
    organiser = ArtistFactory().user
    client = bearer_client(token_for(organiser))
    bad = client.post(f"{API}/studio/calls", {"title": {"en": "Felt"}, "brief": {}, "deadline": "2031-01-01T18:00",
                                              "deadline_timezone": "Nowhere/City", "max_works": 30},
                      content_type="application/json")
    assert bad.status_code == 422
    assert {"brief", "deadline_timezone", "max_works"} <= fields_of(bad)
    created = client.post(f"{API}/studio/calls", {"title": {"en": "Felt"}, "brief": {"kk": "Киіз."},
                                                  "deadline": "2031-01-01T18:00", "fee_amount": 100_000},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert created.json()["status"] == "draft"
    patched = client.patch(f"{API}/studio/calls/{slug}", {"max_works": 5}, content_type="application/json")
    assert patched.json()["max_works"] == 5
    assert client.post(f"{API}/studio/calls/{slug}/publish").json()["status"] == "published"
    call = organiser.open_calls.get()
    entry = EntryFactory(call=call, fee_status=FeeStatus.WAIVER_REQUESTED)
    listing = client.get(f"{API}/studio/calls/{slug}/entries").json()
    assert listing["counts"]["submitted"] == 1 and listing["items"][0]["id"] == entry.pk
    fixed = client.patch(f"{API}/studio/calls/{slug}", {"blind": False}, content_type="application/json")
    assert error_of(fixed)["code"] == "jury_settings_fixed"
    refused = client.post(f"{API}/studio/calls/{slug}/entries/{entry.pk}/fee", {"decision": "refuse-waiver"},
                          content_type="application/json")
    assert refused.json()["status"] == "draft" and refused.json()["fee_status"] == "waiver_refused"
    paid = client.post(f"{API}/studio/calls/{slug}/entries/{entry.pk}/fee", {"decision": "paid", "reference": "K1"},
                       content_type="application/json")
    assert paid.json()["fee_status"] == "paid"
    stranger = bearer_client(token_for(UserFactory()))
    assert stranger.get(f"{API}/studio/calls/{slug}/entries").status_code == 404
    other = EntryFactory()
    wrong = client.post(f"{API}/studio/calls/{slug}/entries/{other.pk}/fee", {"decision": "paid"},
                        content_type="application/json")
    assert wrong.status_code == 404


def test_the_paths_are_in_the_openapi_schema() -> None:
    paths = Client().get(f"{API}/openapi.json").json()["paths"]
    for path in ("/calls", "/calls/{slug}", "/calls/{slug}/eligibility", "/calls/{slug}/entry",
                 "/calls/{slug}/entry/submit", "/calls/{slug}/entry/withdraw", "/calls/{slug}/entry/waiver",
                 "/studio/calls", "/studio/calls/{slug}", "/studio/calls/{slug}/publish",
                 "/studio/calls/{slug}/entries", "/studio/calls/{slug}/entries/{entry_id}/fee"):
        assert f"/api/v1{path}" in paths, path


def test_a_refused_first_put_leaves_no_entry_behind() -> None:
    call = OpenCallFactory()
    artist = ArtistFactory()
    response = bearer_client(token_for(artist.user)).put(
        f"{API}/calls/{call.slug}/entry", {"artwork_ids": [ArtworkFactory().pk]}, content_type="application/json")
    assert response.status_code == 422 and error_of(response)["code"] == "not_your_work"
    assert not call.entries.exists()
