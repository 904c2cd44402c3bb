"""The mentorship API: public list and detail, applying, the mentor's studio, the shared log."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from dala.programmes.models import MentorshipApplication
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, MentorshipFactory, OpenCallFactory
from tests.programmes.factories_mentorship import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    EmergingArtistFactory,
    LogEntryFactory,
)

pytestmark = pytest.mark.django_db


def _as(user: object) -> Client:
    return bearer_client(token_for(user))


def test_the_public_list_and_detail() -> None:
    mentorship = MentorshipFactory(languages=["kk"], places=2)
    AcceptedApplicationFactory(mentorship=mentorship)
    MentorshipFactory(languages=["en"])
    body = Client().get(f"{API}/mentorships?language=kk").json()
    assert [row["slug"] for row in body] == [mentorship.slug]
    assert body[0]["places_left"] == 1 and body[0]["languages"] == ["kk"]
    detail = Client().get(f"{API}/mentorships/{mentorship.slug}")
    assert detail.status_code == 200 and detail.json()["mentor"]["slug"] == mentorship.mentor.slug
    assert error_of(Client().get(f"{API}/mentorships/nope"))["code"] == "mentorship_not_found"


def test_applying_and_its_refusals() -> None:
    mentorship = MentorshipFactory()
    applicant = EmergingArtistFactory()
    client = _as(applicant.user)
    url = f"{API}/mentorships/{mentorship.slug}/applications"
    response = client.post(url, {"statement": "Teach me"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "pending"
    twice = client.post(url, {"statement": "Again"}, content_type="application/json")
    assert twice.status_code == 409 and error_of(twice)["code"] == "already_applied"
    established = _as(ArtistFactory().user).post(url, {"statement": "x"}, content_type="application/json")
    assert established.status_code == 403 and error_of(established)["code"] == "not_emerging"
    own = _as(mentorship.mentor.user).post(url, {"statement": "x"}, content_type="application/json")
    assert error_of(own)["code"] == "own_mentorship"
    assert Client().post(url, {"statement": "x"}, content_type="application/json").status_code == 401


def test_withdraw_then_apply_again() -> None:
    application = ApplicationFactory()
    client = _as(application.applicant.user)
    response = client.post(f"{API}/mentorships/applications/{application.pk}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    again = client.post(f"{API}/mentorships/{application.mentorship.slug}/applications", {"statement": "Ready"},
                        content_type="application/json")
    assert again.status_code == 201 and again.json()["id"] == application.pk


def test_the_mentor_offers_updates_and_decides() -> None:
    mentor = ArtistFactory()
    client = _as(mentor.user)
    created = client.post(f"{API}/studio/mentorships", {
        "theme": {"en": "Ceramics"}, "length_weeks": 10, "places": 1, "languages": ["en", "ru"]},
        content_type="application/json")
    assert created.status_code == 201, created.json()
    slug = created.json()["slug"]
    bad = client.patch(f"{API}/studio/mentorships/{slug}", {"length_weeks": 200}, content_type="application/json")
    assert bad.status_code == 422 and error_of(bad)["field"] == "length_weeks"
    mentorship = MentorshipApplication.mentorship.field.related_model.objects.get(slug=slug)
    first, second = ApplicationFactory(mentorship=mentorship), ApplicationFactory(mentorship=mentorship)
    listed = client.get(f"{API}/studio/mentorships/{slug}/applications?status=pending").json()
    assert [row["id"] for row in listed] == [first.pk, second.pk]
    base = f"{API}/studio/mentorships/{slug}/applications"
    assert client.post(f"{base}/{first.pk}/accept").json()["status"] == "accepted"
    full = client.post(f"{base}/{second.pk}/accept")
    assert full.status_code == 409 and error_of(full)["code"] == "mentorship_full"
    assert client.post(f"{base}/{second.pk}/decline").json()["status"] == "declined"
    fewer = client.patch(f"{API}/studio/mentorships/{slug}", {"is_open": False}, content_type="application/json")
    assert fewer.status_code == 200 and fewer.json()["is_open"] is False
    mine = client.get(f"{API}/studio/mentorships").json()
    assert [row["slug"] for row in mine] == [slug]


def test_an_emerging_artist_cannot_offer_through_the_api() -> None:
    response = _as(EmergingArtistFactory().user).post(f"{API}/studio/mentorships", {
        "theme": {"en": "x"}, "length_weeks": 10, "places": 1, "languages": ["en"]}, content_type="application/json")
    assert response.status_code == 403 and error_of(response)["code"] == "not_established"


def test_someone_elses_studio_mentorship_is_404() -> None:
    mentorship = MentorshipFactory()
    response = _as(ArtistFactory().user).get(f"{API}/studio/mentorships/{mentorship.slug}/applications")
    assert response.status_code == 404


def test_open_call_places_show_their_call() -> None:
    mentorship = MentorshipFactory()
    call = OpenCallFactory()
    AcceptedApplicationFactory(mentorship=mentorship, source_call=call, statement="")
    rows = _as(mentorship.mentor.user).get(f"{API}/studio/mentorships/{mentorship.slug}/applications").json()
    assert rows[0]["source_call_slug"] == call.slug


def test_the_shared_log() -> None:
    application = AcceptedApplicationFactory()
    mentee = _as(application.applicant.user)
    url = f"{API}/mentorships/log/{application.pk}"
    goal = mentee.post(url, {"kind": "goal", "happened_on": "2026-02-01", "text": "Six panels"},
                       content_type="application/json")
    assert goal.status_code == 201 and goal.json()["mine"] is True
    goal_id = goal.json()["id"]
    mentor = _as(application.mentorship.mentor.user)
    ticked = mentor.patch(f"{url}/entries/{goal_id}", {"done": True}, content_type="application/json")
    assert ticked.status_code == 200 and ticked.json()["done"] is True
    body = mentor.get(url).json()
    assert [entry["text"] for entry in body["entries"]] == ["Six panels"]
    assert body["mentee"]["slug"] == application.applicant.slug
    not_mine = mentor.delete(f"{url}/entries/{goal_id}")
    assert not_mine.status_code == 403 and error_of(not_mine)["code"] == "not_your_entry"
    assert mentee.delete(f"{url}/entries/{goal_id}").status_code == 204


def test_the_log_is_404_for_others() -> None:
    entry = LogEntryFactory()
    outsider = _as(ArtistFactory().user)
    url = f"{API}/mentorships/log/{entry.application_id}"
    assert error_of(outsider.get(url))["code"] == "not_a_participant"
    assert outsider.patch(f"{url}/entries/{entry.pk}", {"done": True},
                          content_type="application/json").status_code == 404
    assert outsider.post(url, {"kind": "session", "happened_on": str(datetime.date(2026, 1, 1)), "text": "x"},
                         content_type="application/json").status_code == 404


def test_the_schema_lists_the_mentorship_operations() -> None:
    paths = Client().get(f"{API}/openapi.json").json()["paths"]
    for path in ("/api/v1/mentorships", "/api/v1/mentorships/{slug}", "/api/v1/studio/mentorships",
                 "/api/v1/mentorships/log/{application_id}"):
        assert path in paths
