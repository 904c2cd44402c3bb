"""Mentorship pages: list, a mentorship with its apply form, a mentor's studio, the private log."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from dala.programmes.models import Mentorship, MentorshipApplication, MentorshipLogEntry
from tests.factories import ArtistFactory, MentorshipFactory, OpenCallFactory
from tests.programmes.factories_mentorship import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    EmergingArtistFactory,
    LogEntryFactory,
)

pytestmark = pytest.mark.django_db


def _client(user: object | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_list_shows_open_mentorships_with_places_and_languages() -> None:
    MentorshipFactory(theme={"en": "Felt and memory"}, languages=["kk", "en"], places=3)
    MentorshipFactory(theme={"en": "Closed one"}, is_open=False)
    page = _client().get(reverse("programmes:mentorships"), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Closed one" not in text
    response = _client().get(reverse("programmes:mentorships") + "?language=ru")
    assert "Felt and memory" not in response.content.decode()


def test_an_emerging_artist_applies_on_the_page() -> None:
    mentorship = MentorshipFactory()
    applicant = EmergingArtistFactory()
    client = _client(applicant.user)
    page = client.get(reverse("programmes:mentorship", args=[mentorship.slug]))
    assert 'name="statement"' in page.content.decode()
    response = client.post(reverse("programmes:mentorship_apply", args=[mentorship.slug]), {"statement": "Teach me"})
    assert response.status_code == 302
    assert MentorshipApplication.objects.get().applicant == applicant


def test_an_empty_statement_is_shown_next_to_the_field() -> None:
    mentorship = MentorshipFactory()
    client = _client(EmergingArtistFactory().user)
    response = client.post(reverse("programmes:mentorship_apply", args=[mentorship.slug]), {"statement": ""})
    assert response.status_code == 400
    assert "field--invalid" in response.content.decode()


def test_an_established_artist_sees_why_not_instead_of_the_form() -> None:
    mentorship = MentorshipFactory()
    page = _client(ArtistFactory().user).get(reverse("programmes:mentorship", args=[mentorship.slug]))
    assert page.status_code == 200
    assert 'name="statement"' not in page.content.decode()
    response = _client(ArtistFactory().user).post(reverse("programmes:mentorship_apply", args=[mentorship.slug]),
                                                  {"statement": "x"})
    assert response.status_code == 403


def test_a_mentor_offers_edits_and_closes_a_mentorship() -> None:
    mentor = ArtistFactory()
    client = _client(mentor.user)
    response = client.post(reverse("programmes:mentorship_new"), {
        "theme_kk": "", "theme_ru": "", "theme_en": "Ink drawing", "description_kk": "", "description_ru": "",
        "description_en": "", "length_weeks": "8", "places": "2", "languages": ["ru"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    mentorship = Mentorship.objects.get()
    assert mentorship.mentor == mentor and mentorship.languages == ["ru"]
    edit = reverse("programmes:mentorship_edit", args=[mentorship.slug])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"set_open": "close"}).status_code == 302
    mentorship.refresh_from_db()
    assert not mentorship.is_open


def test_a_past_apply_by_is_shown_on_the_form() -> None:
    client = _client(ArtistFactory().user)
    response = client.post(reverse("programmes:mentorship_new"), {
        "theme_en": "Ink", "length_weeks": "8", "places": "2", "languages": ["ru"], "apply_by": "2000-01-01"})
    assert response.status_code == 422
    assert not Mentorship.objects.exists()


def test_an_emerging_artist_is_told_why_they_cannot_offer() -> None:
    response = _client(EmergingArtistFactory().user).get(reverse("programmes:mentorship_new"))
    assert response.status_code == 403


def test_the_mentor_accepts_on_the_applications_page_and_sees_open_call_places() -> None:
    mentorship = MentorshipFactory(places=2)
    call = OpenCallFactory(title={"en": "Steppe prize"})
    AcceptedApplicationFactory(mentorship=mentorship, source_call=call, statement="")
    waiting = ApplicationFactory(mentorship=mentorship)
    client = _client(mentorship.mentor.user)
    url = reverse("programmes:mentorship_applications", args=[mentorship.slug])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Steppe prize" in page.content.decode()
    assert client.post(url, {"application": waiting.pk, "decision": "accept"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "accepted"
    late = ApplicationFactory(mentorship=mentorship)
    assert client.post(url, {"application": late.pk, "decision": "accept"}).status_code == 409


def test_someone_elses_studio_pages_are_404() -> None:
    mentorship = MentorshipFactory()
    client = _client(ArtistFactory().user)
    assert client.get(reverse("programmes:mentorship_edit", args=[mentorship.slug])).status_code == 404
    assert client.get(reverse("programmes:mentorship_applications", args=[mentorship.slug])).status_code == 404


def test_the_log_is_private_to_mentor_and_mentee() -> None:
    entry = LogEntryFactory(text="Six felt panels")
    application = entry.application
    url = reverse("programmes:mentorship_log", args=[application.pk])
    for user in (application.applicant.user, application.mentorship.mentor.user):
        page = _client(user).get(url)
        assert page.status_code == 200 and "Six felt panels" in page.content.decode()
    assert _client(ArtistFactory().user).get(url).status_code == 404
    assert _client(EmergingArtistFactory().user).get(url).status_code == 404
    assert _client().get(url).status_code == 302  # to log in


def test_the_mentee_adds_a_goal_and_ticks_it_done_on_the_log_page() -> None:
    application = AcceptedApplicationFactory()
    client = _client(application.applicant.user)
    url = reverse("programmes:mentorship_log", args=[application.pk])
    response = client.post(url, {"action": "add", "entry-kind": "goal", "entry-happened_on": "2026-02-01",
                                 "entry-text": "A show in Shymkent"})
    assert response.status_code == 302
    goal = MentorshipLogEntry.objects.get()
    assert client.post(url, {"action": "done", "entry": goal.pk}).status_code == 302
    goal.refresh_from_db()
    assert goal.done and goal.happened_on == datetime.date(2026, 2, 1)


def test_withdrawing_on_the_page() -> None:
    application = ApplicationFactory()
    response = _client(application.applicant.user).post(
        reverse("programmes:mentorship_withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_the_studio_lists_my_mentorships_and_applications() -> None:
    mentorship = MentorshipFactory(theme={"en": "Printmaking"})
    page = _client(mentorship.mentor.user).get(reverse("programmes:studio_mentorships"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Printmaking" in page.content.decode()


def test_the_artist_page_shows_the_mentorships_offered() -> None:
    mentorship = MentorshipFactory(theme={"en": "Printmaking", "kk": "Графика", "ru": "Печатная графика"})
    page = _client().get(mentorship.mentor.get_absolute_url())
    assert page.status_code == 200
    assert mentorship.get_absolute_url() in page.content.decode()
