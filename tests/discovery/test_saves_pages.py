"""Saved works: the save button, my list, and the privacy of a collector's saves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dala.catalog.models import Availability
from dala.discovery.models import SavedWork
from dala.discovery.services import saves as services
from dala.social.services import update_settings
from tests.discovery.factories_saves import SavedWorkFactory
from tests.factories import ArtworkFactory, ArtworkImageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def collector(client: Client) -> Any:
    user = UserFactory()
    client.force_login(user)
    return user


def test_saving_from_the_artwork_page_and_saving_again_is_harmless(client: Client, collector: Any) -> None:
    work = ArtworkFactory()
    page = work.get_absolute_url().replace("/kk/", "/en/", 1)
    html = client.get(page).content.decode()
    assert 'aria-pressed="false"' in html and ">Save<" in html
    for _attempt in range(2):
        response = client.post("/en/saved/work/", {"artwork": work.pk, "action": "save", "next": page})
        assert response.status_code == 302 and response["Location"] == page
    assert SavedWork.objects.filter(user=collector, artwork=work).count() == 1
    html = client.get(page).content.decode()
    assert 'aria-pressed="true"' in html and ">Saved<" in html
    client.post("/en/saved/work/", {"artwork": work.pk, "action": "unsave", "next": page})
    assert not SavedWork.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in(client: Client) -> None:
    work = ArtworkFactory()
    html = client.get(work.get_absolute_url().replace("/kk/", "/en/", 1)).content.decode()
    assert "Log in to save this work" in html
    assert client.post("/en/saved/work/", {"artwork": work.pk, "action": "save"}).status_code == 302
    assert "login" in client.get("/en/saved/")["Location"]
    assert not SavedWork.objects.exists()


def test_a_work_that_is_not_public_cannot_be_saved(client: Client, collector: Any) -> None:
    draft = ArtworkFactory(availability=Availability.DRAFT)
    assert client.post("/en/saved/work/", {"artwork": draft.pk, "action": "save"}).status_code == 404
    assert client.post("/en/saved/work/", {"artwork": "x", "action": "save"}).status_code == 400
    assert not SavedWork.objects.exists()


def test_my_list_is_newest_first_and_marks_works_no_longer_public(client: Client, collector: Any) -> None:
    older, newer = ArtworkFactory(), ArtworkFactory()
    services.save_work(user=collector, artwork_id=older.pk)
    services.save_work(user=collector, artwork_id=newer.pk)
    html = client.get("/en/saved/").content.decode()
    assert html.index(newer.title["en"]) < html.index(older.title["en"])
    older.is_listed = False
    older.save()
    html = client.get("/en/saved/").content.decode()
    assert "No longer available" in html and older.title["en"] in html


def test_my_list_costs_the_same_queries_at_any_length(client: Client, collector: Any,
                                                      django_assert_max_num_queries: Any) -> None:
    def load() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/saved/").status_code == 200
        return len(captured)

    SavedWorkFactory(user=collector, artwork=ArtworkImageFactory().artwork)
    few = load()
    for _n in range(8):
        SavedWorkFactory(user=collector, artwork=ArtworkImageFactory().artwork)
    with django_assert_max_num_queries(few):
        client.get("/en/saved/")


def test_someone_elses_saves_are_private_unless_they_choose_otherwise(client: Client, collector: Any) -> None:
    other = UserFactory()
    public, hidden = ArtworkFactory(), ArtworkFactory()
    services.save_work(user=other, artwork_id=public.pk)
    services.save_work(user=other, artwork_id=hidden.pk)
    assert client.get(f"/en/collectors/{other.pk}/saved/").status_code == 404
    assert Client().get(f"/en/collectors/{other.pk}/saved/").status_code == 404
    update_settings(user=other, saves_public=True)
    hidden.is_listed = False
    hidden.save()
    html = client.get(f"/en/collectors/{other.pk}/saved/").content.decode()
    assert public.title["en"] in html and hidden.title["en"] not in html
    assert ">Remove<" not in html


def test_staff_and_the_owner_always_see_the_saves(client: Client, collector: Any) -> None:
    services.save_work(user=collector, artwork_id=ArtworkFactory().pk)
    assert client.get(f"/en/collectors/{collector.pk}/saved/").status_code == 200
    staff = UserFactory(is_staff=True)
    other = Client()
    other.force_login(staff)
    assert other.get(f"/en/collectors/{collector.pk}/saved/").status_code == 200


def test_staff_see_saves_searches_and_alerts_in_the_admin(client: Client) -> None:
    from tests.discovery.factories_saves import SavedSearchFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    SavedWorkFactory()
    search = SavedSearchFactory(name="Steppe oils")
    for url in ("/admin/discovery/savedwork/", "/admin/discovery/savedsearch/", "/admin/discovery/searchalert/",
                f"/admin/discovery/savedsearch/{search.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/admin/discovery/searchalert/add/").status_code == 403
