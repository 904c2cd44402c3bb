import pytest

from dala.catalog import selectors
from dala.catalog.selectors import BrowseFilters, artworks_for_browse
from tests.factories import ArtworkFactory


@pytest.mark.django_db
@pytest.mark.parametrize("dense_rows", [1, 10_000])
def test_price_and_year_ranges_find_the_same_works_whichever_plan_is_chosen(
        dense_rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "DENSE_RANGE_ROWS", dense_rows)
    cheap = ArtworkFactory(price_amount=50_000_00, year=2001)
    middle = ArtworkFactory(price_amount=300_000_00, year=2011)
    middle_usd = ArtworkFactory(price_amount=700_00, price_currency="USD", year=2012)  # 336 000 ₸ at 480
    ArtworkFactory(price_amount=900_000_00, year=2011)
    ArtworkFactory(price_amount=300_000_00, year=2011, price_visible=False)  # on request: never in a range
    filters = BrowseFilters.from_params({"price_min": "100000", "price_max": "500000", "year_min": "2010"})
    found = artworks_for_browse(filters).items
    assert {work.pk for work in found} == {middle.pk, middle_usd.pk}
    assert cheap not in found


@pytest.mark.django_db
def test_a_range_is_dense_only_with_enough_listed_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "DENSE_RANGE_ROWS", 3)
    ArtworkFactory.create_batch(2, year=2000)
    ArtworkFactory(year=2000, availability="draft")
    assert not selectors._range_is_dense({"year__gte": 2000})
    ArtworkFactory(year=2000)
    assert selectors._range_is_dense({"year__gte": 2000})
