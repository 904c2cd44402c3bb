"""Following a subject and a gallery from their own pages (no JavaScript: a form, a POST and back to the
page), the follower counts shown there, and following them through the API."""

from __future__ import annotations

import pytest
from django.test import Client

from dala.catalog.models import Subject
from dala.core.translation import Translated
from dala.social.models import Follow
from tests.api.conftest import API, bearer_client, token_for
from tests.factories import GalleryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ornament() -> Subject:
    return Subject.objects.create(slug="ornament", label=Translated(kk="Ою-өрнек", ru="Орнамент", en="Ornament"))


def _follow_round_trip(client: Client, page: str, kind: str, target_id: int, name: str) -> None:
    visitor = Client().get(page).content.decode()
    assert "0 followers" in visitor and "Log in to follow" in visitor
    user = UserFactory()
    client.force_login(user)
    html = client.get(page).content.decode()
    assert f'name="kind" value="{kind}"' in html and 'name="action" value="follow"' in html
    assert f"{name}</span>" in html  # the button names what it follows, for screen readers
    response = client.post("/en/follow/", {"kind": kind, "id": target_id, "action": "follow", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    html = client.get(page).content.decode()
    assert "1 follower" in html and 'name="action" value="unfollow"' in html
    assert "1 follower" in Client().get(page).content.decode()
    assert Follow.objects.filter(follower=user, **{kind: target_id}).exists()
    response = client.post("/en/follow/", {"kind": kind, "id": target_id, "action": "unfollow", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert "0 followers" in client.get(page).content.decode()
    assert not Follow.objects.filter(follower=user).exists()


def test_a_subject_is_followed_and_unfollowed_from_its_page(client: Client, ornament: Subject) -> None:
    _follow_round_trip(client, "/en/subjects/ornament/", "subject", ornament.pk, "Ornament")


def test_a_gallery_is_followed_and_unfollowed_from_its_page(client: Client) -> None:
    gallery = GalleryFactory()
    _follow_round_trip(client, f"/en/galleries/{gallery.slug}/", "gallery", gallery.pk, gallery.name["en"])


def test_a_gallery_sees_no_follow_button_on_its_own_page(client: Client) -> None:
    gallery = GalleryFactory()
    client.force_login(gallery.user)
    html = client.get(f"/en/galleries/{gallery.slug}/").content.decode()
    assert "0 followers" in html and 'name="action"' not in html


def test_the_follower_count_counts_everyone(client: Client, ornament: Subject) -> None:
    for _ in range(3):
        Follow.objects.create(follower=UserFactory(), subject=ornament)
    assert "3 followers" in client.get("/en/subjects/ornament/").content.decode()


def test_subjects_and_galleries_are_followed_through_the_api(ornament: Subject) -> None:
    reader = UserFactory()
    api = bearer_client(token_for(reader))
    gallery = GalleryFactory()
    response = api.post(f"{API}/follows", {"kind": "subject", "id": ornament.pk}, content_type="application/json")
    assert response.status_code == 201 and response.json()["name"] in ornament.label.values()
    response = api.post(f"{API}/follows", {"kind": "gallery", "id": gallery.pk}, content_type="application/json")
    assert response.status_code == 201 and response.json()["kind"] == "gallery"
    listed = api.get(f"{API}/follows").json()
    assert {(item["kind"], item["id"]) for item in listed["items"]} == {("subject", ornament.pk),
                                                                       ("gallery", gallery.pk)}
    assert api.delete(f"{API}/follows?kind=subject&id={ornament.pk}").status_code == 204
    assert api.delete(f"{API}/follows?kind=gallery&id={gallery.pk}").status_code == 204
    assert not Follow.objects.filter(follower=reader).exists()
    missing = api.post(f"{API}/follows", {"kind": "subject", "id": 999_999}, content_type="application/json")
    assert missing.status_code == 404
