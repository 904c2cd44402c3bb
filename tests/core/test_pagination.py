import pytest

from dala.catalog.models import Artwork
from dala.core.errors import DomainError
from dala.core.pagination import keyset_paginate, numbered_page
from tests.factories import ArtworkFactory

KEYS = [("created_at", True), ("id", True)]


@pytest.mark.django_db
def test_walking_forward_then_back_visits_every_row_once_in_order() -> None:
    works = ArtworkFactory.create_batch(7)
    expected = sorted(works, key=lambda w: (w.created_at, w.id), reverse=True)
    seen, cursor, pages = [], None, []
    while True:
        page = keyset_paginate(Artwork.objects.all(), keys=KEYS, cursor=cursor, page_size=3)
        pages.append(page)
        seen += page.items
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert [w.pk for w in seen] == [w.pk for w in expected]
    back = keyset_paginate(Artwork.objects.all(), keys=KEYS, cursor=pages[-1].previous_cursor, page_size=3)
    assert [w.pk for w in back.items] == [w.pk for w in pages[-2].items]


@pytest.mark.django_db
def test_rows_with_equal_sort_values_are_neither_lost_nor_repeated() -> None:
    works = ArtworkFactory.create_batch(5)
    moment = works[0].created_at
    Artwork.objects.update(created_at=moment)
    first = keyset_paginate(Artwork.objects.all(), keys=KEYS, cursor=None, page_size=2)
    second = keyset_paginate(Artwork.objects.all(), keys=KEYS, cursor=first.next_cursor, page_size=2)
    third = keyset_paginate(Artwork.objects.all(), keys=KEYS, cursor=second.next_cursor, page_size=2)
    ids = [w.pk for w in first.items + second.items + third.items]
    assert sorted(ids) == sorted(w.pk for w in works)
    assert third.next_cursor is None


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["garbage", "eyJ2IjpbXX0", "eyJ2IjpbIngiLCAxXSwgImQiOiAibiJ9"])
def test_a_forged_cursor_is_a_domain_error_not_a_crash(cursor: str) -> None:
    with pytest.raises(DomainError) as error:
        keyset_paginate(Artwork.objects.all(), keys=KEYS, cursor=cursor, page_size=3)
    assert error.value.code == "invalid_cursor"


@pytest.mark.django_db
def test_numbered_pages_cover_every_row_once_and_a_page_past_the_end_points_back_to_the_last() -> None:
    ArtworkFactory.create_batch(5)
    works = Artwork.objects.order_by("pk")
    first, last = numbered_page(works, page=1, page_size=2), numbered_page(works, page=3, page_size=2)
    middle = numbered_page(works, page=2, page_size=2)
    assert [w.pk for w in first.rows + middle.rows + last.rows] == list(works.values_list("pk", flat=True))
    assert (first.count, first.next, first.previous) == (5, 2, None)
    assert (last.next, last.previous) == (None, 2)
    beyond = numbered_page(works, page=9, page_size=2)
    assert beyond.rows == [] and beyond.previous == 3
