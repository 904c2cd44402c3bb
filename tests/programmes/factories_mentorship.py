"""Factories of the mentorship tests: emerging artists, applications, log entries."""

from __future__ import annotations

import datetime

import factory

from dala.programmes.models import MentorshipApplication, MentorshipLogEntry
from tests.factories import ArtistFactory, MentorshipFactory


class EmergingArtistFactory(ArtistFactory):
    career_stage = "emerging"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorshipApplication

    mentorship = factory.SubFactory(MentorshipFactory)
    applicant = factory.SubFactory(EmergingArtistFactory)
    statement = "I work with felt and want to learn to show it."
    status = "pending"


class AcceptedApplicationFactory(ApplicationFactory):
    status = "accepted"


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorshipLogEntry

    application = factory.SubFactory(AcceptedApplicationFactory)
    author = factory.LazyAttribute(lambda entry: entry.application.mentorship.mentor.user)
    kind = "goal"
    happened_on = datetime.date(2026, 3, 1)
    text = "Finish the series of six felt panels."
