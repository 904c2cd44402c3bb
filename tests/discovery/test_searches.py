"""Saved searches: saving from the browse page, validation, limits, names, and alerts of new works."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from dala.catalog.models import Availability
from dala.core.errors import DomainError
from dala.discovery.models import SavedSearch, SearchAlert
from dala.discovery.services import saves as services
from dala.social.models import Notification
from tests.discovery.factories_saves import SavedSearchFactory
from tests.factories import ArtistFactory, ArtworkFactory, MediumFactory, UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def collector(client: Client) -> Any:
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_browse_page_offers_to_save_a_filtered_search(client: Client, collector: Any) -> None:
    MediumFactory()
    assert "Save this search" not in client.get("/en/artworks/").content.decode()
    html = client.get("/en/artworks/?medium=oil&year_min=2000").content.decode()
    assert "Save this search" in html and 'name="medium" value="oil"' in html
    response = client.post("/en/saved-searches/", {"medium": "oil", "year_min": "2000", "name": "",
                                                   "alerts": "1"})
    assert response.status_code == 302
    search = SavedSearch.objects.get(user=collector)
    assert search.params == {"medium": "oil", "year_min": "2000"} and search.alerts
    assert search.name == "Oil · made in 2000 or later"
    html = client.get("/en/saved-searches/").content.decode()
    assert "/en/artworks/?medium=oil&amp;year_min=2000" in html


def test_bad_filters_are_refused_with_a_message(client: Client, collector: Any) -> None:
    response = client.post("/en/saved-searches/", {"country": "ZZ", "name": "x"})
    assert response.status_code == 422 and "Unknown country." in response.content.decode()
    response = client.post("/en/saved-searches/", {"name": "everything"})
    assert response.status_code == 400 and "Choose at least one filter" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_filters_are_stored_normalised() -> None:
    search = services.save_search(user=UserFactory(), params={"country": "kz", "price_min": "1 000",
                                                              "cursor": "abc", "sort": "newest"})
    assert search.params == {"country": "KZ", "price_min": "1000", "currency": "KZT"}


def test_a_name_is_used_once_per_user_and_searches_are_limited(settings: Any) -> None:
    user = UserFactory()
    services.save_search(user=user, params={"medium": "oil"}, name="Oils")
    with pytest.raises(DomainError) as taken:
        services.save_search(user=user, params={"medium": "ink"}, name=" Oils ")
    assert taken.value.code == "saved_search_name_taken" and taken.value.status == 409
    services.save_search(user=UserFactory(), params={"medium": "oil"}, name="Oils")  # another user's is fine
    settings.DALA_MAX_SAVED_SEARCHES = 2
    services.save_search(user=user, params={"medium": "ink"}, name="Inks")
    with pytest.raises(DomainError) as limit:
        services.save_search(user=user, params={"medium": "clay"}, name="Clay")
    assert limit.value.code == "saved_search_limit"
    assert SavedSearch.objects.filter(user=user).count() == 2


def test_rename_toggle_and_delete_from_the_list(client: Client, collector: Any) -> None:
    search = SavedSearchFactory(user=collector, name="Old")
    SavedSearchFactory(user=collector, name="Taken")
    assert client.post(f"/en/saved-searches/{search.pk}/", {"name": "New"}).status_code == 302
    search.refresh_from_db()
    assert search.name == "New" and not search.alerts
    assert client.post(f"/en/saved-searches/{search.pk}/", {"name": "Taken", "alerts": "1"}).status_code == 409
    others = SavedSearchFactory()
    assert client.post(f"/en/saved-searches/{others.pk}/delete/").status_code == 404
    assert client.post(f"/en/saved-searches/{search.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


def test_a_search_name_cannot_inject_script(client: Client, collector: Any) -> None:
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    services.save_search(user=collector, params={"medium": "oil"}, name=payload)
    html = client.get("/en/saved-searches/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_new_matching_work_alerts_once_even_if_listed_again(django_capture_on_commit_callbacks: Capture) -> None:
    owner = UserFactory()
    search = SavedSearchFactory(user=owner, params={"medium": "oil", "year_min": "2000"})
    SavedSearchFactory(user=owner, params={"medium": "oil"})  # a second match of the same owner: one notification
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArtworkFactory(availability=Availability.DRAFT)
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        draft.availability, draft.is_listed = Availability.FOR_SALE, True
        draft.save()
    notification = Notification.objects.get(recipient=owner)
    assert notification.action == "search.matched" and notification.url == draft.get_absolute_url()
    assert SearchAlert.objects.filter(search=search, artwork=draft).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        draft.is_listed = False
        draft.save()
        draft.is_listed = True
        draft.save()
    assert Notification.objects.filter(recipient=owner).count() == 1


def test_no_alert_for_a_work_that_does_not_match_or_with_alerts_off(
        django_capture_on_commit_callbacks: Capture) -> None:
    wrong_medium = SavedSearchFactory(params={"medium": "ink"})
    too_old = SavedSearchFactory(params={"medium": "oil", "year_min": "2030"})
    elsewhere = SavedSearchFactory(params={"country": "UZ"})
    muted = SavedSearchFactory(params={"medium": "oil"}, alerts=False)
    with django_capture_on_commit_callbacks(execute=True):
        ArtworkFactory()
    assert not Notification.objects.exists() and not SearchAlert.objects.exists()
    assert {wrong_medium.pk, too_old.pk, elsewhere.pk, muted.pk} == set(SavedSearch.objects.values_list("pk",
                                                                                                     flat=True))


def test_the_works_own_artist_is_not_alerted(django_capture_on_commit_callbacks: Capture) -> None:
    artist = ArtistFactory()
    SavedSearchFactory(user=artist.user, params={"medium": "oil"})
    fan = SavedSearchFactory(params={"medium": "oil", "country": "KZ"})
    with django_capture_on_commit_callbacks(execute=True):
        ArtworkFactory(artist=artist)
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [fan.user_id]


def test_alerting_many_searches_tests_each_distinct_filter_once(django_assert_max_num_queries: Any) -> None:
    for _n in range(30):
        SavedSearchFactory(params={"medium": "oil", "subject": "steppe"})
    work = ArtworkFactory()
    with django_assert_max_num_queries(12):
        assert services.alert_saved_searches(artwork_id=work.pk) == 0  # no subject steppe: none match
