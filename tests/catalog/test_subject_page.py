"""A subject's public page: its label in the reader's language, its public works a keyset page at a time,
the follow panel, a link from each artwork page, and a 404 for a subject that does not exist."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries, Settings

from dala.catalog.models import Availability, Subject
from dala.core.translation import Translated
from tests.factories import ArtistFactory, ArtworkFactory, ArtworkImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ornament() -> Subject:
    return Subject.objects.create(slug="ornament", label=Translated(kk="Ою-өрнек", ru="Орнамент", en="Ornament"))


def test_the_subject_page_shows_its_public_works_under_its_label(client: Client, ornament: Subject) -> None:
    other = Subject.objects.create(slug="portrait", label=Translated(en="Portrait"))
    shown = ArtworkFactory()
    shown.subjects.add(ornament)
    draft = ArtworkFactory(availability=Availability.DRAFT)
    draft.subjects.add(ornament)
    hidden_artist = ArtworkFactory(artist=ArtistFactory(is_public=False))
    hidden_artist.subjects.add(ornament)
    elsewhere = ArtworkFactory()
    elsewhere.subjects.add(other)

    html = client.get("/en/subjects/ornament/").content.decode()

    assert "<h1" in html and "Ornament</h1>" in html
    assert shown.title["en"] in html
    for absent in (draft, hidden_artist, elsewhere):
        assert absent.title["en"] not in html
    assert "Орнамент</h1>" in client.get("/ru/subjects/ornament/").content.decode()


def test_a_subject_without_works_says_so(client: Client, ornament: Subject) -> None:
    html = client.get("/en/subjects/ornament/").content.decode()
    assert "There are no public works on this subject yet." in html


def test_an_unknown_subject_is_not_found(client: Client) -> None:
    assert client.get("/en/subjects/no-such-subject/").status_code == 404


def test_the_subject_page_pages_by_cursor(client: Client, ornament: Subject, settings: Settings) -> None:
    settings.DALA_PAGE_SIZE = 2
    works = [ArtworkFactory() for _ in range(3)]
    for work in works:
        work.subjects.add(ornament)
    first = client.get("/en/subjects/ornament/")
    page = first.context["page"]
    assert len(page.items) == 2 and page.next_cursor
    second = client.get("/en/subjects/ornament/", {"cursor": page.next_cursor})
    assert [w.pk for w in second.context["page"].items] == [works[0].pk]
    bad = client.get("/en/subjects/ornament/", {"cursor": "garbage"})
    assert bad.status_code == 400 and "Showing the first page instead." in bad.content.decode()


def test_the_subject_pages_query_count_does_not_grow_with_its_works(
        client: Client, ornament: Subject, django_assert_max_num_queries: type[DjangoAssertNumQueries]) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/subjects/ornament/").status_code == 200
        return len(queries)

    for _ in range(2):
        ArtworkImageFactory(artwork=ArtworkFactory()).artwork.subjects.add(ornament)
    few = count()
    for _ in range(20):
        ArtworkImageFactory(artwork=ArtworkFactory()).artwork.subjects.add(ornament)
    assert count() == few
    # The subject, the works, their images, and the follow panel's one query.
    with django_assert_max_num_queries(4):
        client.get("/en/subjects/ornament/")


def test_the_artwork_page_links_its_subjects_to_their_pages(client: Client, ornament: Subject) -> None:
    work = ArtworkFactory()
    work.subjects.add(ornament)
    html = client.get(work.get_absolute_url()).content.decode()
    assert 'href="/en/subjects/ornament/"' in html
