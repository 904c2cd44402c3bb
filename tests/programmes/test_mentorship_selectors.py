"""Mentorship reads: filters, places left, constant query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from dala.programmes.selectors import mentorship as selectors
from dala.programmes.services.mentorship import today
from tests.factories import ArtistFactory, CityFactory, MentorshipFactory
from tests.programmes.factories_mentorship import AcceptedApplicationFactory, ApplicationFactory, LogEntryFactory

pytestmark = pytest.mark.django_db


def test_the_open_list_filters_by_language_and_city_and_hides_closed_and_late() -> None:
    astana = CityFactory(slug="astana", name={"en": "Astana"})
    kk_almaty = MentorshipFactory(languages=["kk"])
    en_astana = MentorshipFactory(languages=["en"], mentor=ArtistFactory(city=astana))
    MentorshipFactory(is_open=False)
    MentorshipFactory(apply_by=today() - datetime.timedelta(days=1))
    assert set(selectors.open_mentorships()) == {kk_almaty, en_astana}
    assert list(selectors.open_mentorships(language="kk")) == [kk_almaty]
    assert list(selectors.open_mentorships(language="xx")) == []
    assert list(selectors.open_mentorships(city="astana")) == [en_astana]


def test_places_left_counts_accepted_places_only() -> None:
    mentorship = MentorshipFactory(places=3)
    AcceptedApplicationFactory(mentorship=mentorship)
    ApplicationFactory(mentorship=mentorship)
    assert selectors.places_left(selectors.mentorship_for_page(mentorship.slug)) == 2


def test_lists_take_constant_queries(django_assert_num_queries: Any) -> None:
    for _ in range(3):
        mentorship = MentorshipFactory()
        AcceptedApplicationFactory(mentorship=mentorship)
    with django_assert_num_queries(1):
        rows = list(selectors.open_mentorships())
        [(m.mentor.name, m.mentor.city, selectors.places_left(m)) for m in rows]
    mentorship = rows[0]
    ApplicationFactory.create_batch(3, mentorship=mentorship)
    with django_assert_num_queries(1):
        [(a.applicant.name, a.applicant.city, a.source_call) for a in selectors.applications_of(mentorship)]


def test_the_log_takes_two_queries(django_assert_num_queries: Any) -> None:
    application = AcceptedApplicationFactory()
    LogEntryFactory.create_batch(4, application=application)
    with django_assert_num_queries(2):
        log = selectors.log_for(user=application.applicant.user, application_id=application.pk)
        [(entry.author.display_name, entry.text) for entry in log.entries]
        assert log.application.mentorship.mentor.name and log.application.applicant.name
    assert len(log.goals) == 4 and log.sessions == []


def test_the_artist_panel_counts_mentored_artists() -> None:
    mentorship = MentorshipFactory()
    AcceptedApplicationFactory.create_batch(2, mentorship=mentorship)
    MentorshipFactory(mentor=mentorship.mentor, is_open=False)
    offer = selectors.offered_by(mentorship.mentor)
    assert offer.offered == [mentorship] and offer.mentored_count == 2
