"""Factories of saved works and saved searches."""

from __future__ import annotations

import factory

from dala.discovery.models import SavedSearch, SavedWork
from tests.factories import ArtworkFactory, UserFactory


class SavedWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedWork

    user = factory.SubFactory(UserFactory)
    artwork = factory.SubFactory(ArtworkFactory)


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Search {n}")
    params = factory.LazyFunction(lambda: {"medium": "oil"})
    alerts = True
