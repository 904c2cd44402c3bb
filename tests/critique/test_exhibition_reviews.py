"""Reviews about an exhibition: a critic names a public exhibition as the subject (service, form, API),
and the exhibition page lists its published, readable reviews."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dala.accounts.models import CriticProfile
from dala.core.errors import DomainError
from dala.critique import errors
from dala.critique.models import Review
from dala.critique.services import create_review, publish_review, update_review
from dala.programmes.models import Exhibition
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ExhibitionFactory

from .conftest import draft_fields

pytestmark = pytest.mark.django_db

NEW_REVIEW = "/en/reviews/new/"


@pytest.fixture
def show(db: None) -> Exhibition:
    return ExhibitionFactory(status="published", published_at=timezone.now())


def test_a_critic_reviews_a_published_exhibition(critic: CriticProfile, show: Exhibition) -> None:
    review = create_review(user=critic.user, exhibition_id=show.pk, **draft_fields())
    assert review.exhibition == show
    assert review.artworks.count() == 0 and review.artist is None
    publish_review(user=critic.user, review_id=review.pk)


def test_a_draft_or_private_exhibition_cannot_be_reviewed(critic: CriticProfile) -> None:
    draft = ExhibitionFactory()
    private = ExhibitionFactory(status="published", published_at=timezone.now(), kind="viewing_room",
                                is_private=True, is_online=True)
    for exhibition in (draft, private):
        with pytest.raises(DomainError) as caught:
            create_review(user=critic.user, exhibition_id=exhibition.pk, **draft_fields())
        assert caught.value.code == errors.SUBJECT_NOT_PUBLIC
        assert caught.value.field == "exhibition"


def test_a_review_still_needs_some_subject(critic: CriticProfile) -> None:
    with pytest.raises(DomainError) as caught:
        create_review(user=critic.user, **draft_fields())
    assert caught.value.code == errors.NO_SUBJECT


def test_a_published_review_keeps_its_exhibition_after_it_is_unpublished(critic: CriticProfile,
                                                                           show: Exhibition) -> None:
    review = create_review(user=critic.user, exhibition_id=show.pk, **draft_fields())
    publish_review(user=critic.user, review_id=review.pk)
    Exhibition.objects.filter(pk=show.pk).update(status="draft")
    update_review(user=critic.user, review_id=review.pk, exhibition_id=show.pk,
                  **draft_fields(conflict_of_interest="None at all"))


def test_the_editor_takes_the_exhibition_from_the_link_and_saves_it(client: Client, critic: CriticProfile,
                                                                     show: Exhibition) -> None:
    client.force_login(critic.user)
    page = client.get(NEW_REVIEW, {"exhibition": show.slug}).content.decode()
    assert f'value="{show.slug}"' in page
    response = client.post(NEW_REVIEW, {**draft_fields(), "exhibition": show.slug, "action": "save"})
    assert response.status_code == 302
    assert Review.objects.get().exhibition == show
    response = client.post(NEW_REVIEW, {**draft_fields(), "exhibition": "no-such-show",
                                                      "action": "save"})
    assert response.status_code == 400
    assert "There is no exhibition with this address." in response.content.decode()


def test_the_exhibition_page_lists_only_readable_reviews(client: Client, critic: CriticProfile,
                                                         show: Exhibition) -> None:
    readable = create_review(user=critic.user, exhibition_id=show.pk, **draft_fields(title="Readable"))
    publish_review(user=critic.user, review_id=readable.pk)
    create_review(user=critic.user, exhibition_id=show.pk, **draft_fields(title="Still a draft"))
    hidden = create_review(user=critic.user, exhibition_id=show.pk, **draft_fields(title="Hidden one"))
    publish_review(user=critic.user, review_id=hidden.pk)
    Review.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now(), hidden_reason="Spam")
    page = client.get(show.get_absolute_url()).content.decode()
    assert "Readable" in page
    assert "Still a draft" not in page and "Hidden one" not in page
    client.force_login(critic.user)
    page = client.get(show.get_absolute_url()).content.decode()
    assert f"{reverse('critique:new')}?exhibition={show.slug}" in page


def test_the_api_takes_and_returns_the_exhibition(critic: CriticProfile, show: Exhibition) -> None:
    api = bearer_client(token_for(critic.user))
    response = api.post(f"{API}/reviews", {**draft_fields(), "exhibition_id": show.pk},
                        content_type="application/json")
    assert response.status_code == 201
    assert response.json()["exhibition"] == {"slug": show.slug, "title": str(show.title)}
    draft = ExhibitionFactory()
    response = api.post(f"{API}/reviews", {**draft_fields(), "exhibition_id": draft.pk},
                        content_type="application/json")
    assert error_of(response)["field"] == "exhibition"
    review_id: Any = Review.objects.get().pk
    api.post(f"{API}/reviews/{review_id}/publish", {}, content_type="application/json")
    items = Client().get(f"{API}/reviews", {"exhibition": show.slug}).json()["items"]
    assert [item["id"] for item in items] == [review_id]
    assert Client().get(f"{API}/reviews", {"exhibition": "nope"}).json()["items"] == []
