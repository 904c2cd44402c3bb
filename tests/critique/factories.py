"""Factories for critique tests: critics and their reviews."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from dala.accounts.models import CriticProfile, Role, UserRole
from dala.core.translation import Translated
from dala.critique.models import Review, ReviewStatus
from tests.factories import UserFactory


class CriticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriticProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: Translated(kk=f"Сыншы {n}", ru=f"Критик {n}", en=f"Critic {n}"))
    slug = factory.Sequence(lambda n: f"critic-{n}")
    outlet = "Steppe Review"

    @factory.post_generation
    def role(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            UserRole.objects.get_or_create(user=self.user, role=Role.CRITIC)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A published review; pass ``artworks=[...]`` to tie it to works."""

    class Meta:
        model = Review
        skip_postgeneration_save = True

    critic = factory.SubFactory(CriticFactory)
    language = "en"
    title = factory.Sequence(lambda n: f"Review {n}")
    body = "The *light* of the steppe."
    conflict_of_interest = "None"
    status = ReviewStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    announced_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def artworks(self, create: bool, extracted: Any, **kwargs: object) -> None:
        if create and extracted:
            self.artworks.set(extracted)
