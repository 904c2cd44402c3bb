"""SQLite's planner statistics are gathered by the scheduler's periodic task, at most every
DALA_ANALYZE_HOURS, and after a search reindex."""

from __future__ import annotations

import pytest
from django.db import connection
from pytest_django import Settings

from dala.core import planner
from dala.core.tasks import refresh_planner_statistics
from tests.factories import ArtworkFactory

pytestmark = pytest.mark.django_db

needs_sqlite = pytest.mark.skipif(connection.vendor != "sqlite",
                                  reason="SQLite only: PostgreSQL's autovacuum keeps its own statistics")


def _statistics() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return set()
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'catalog_artwork'")
        return {row[0] for row in cursor.fetchall()}


@needs_sqlite
def test_the_periodic_task_gives_the_planner_statistics_of_the_works_indexes_once_per_period() -> None:
    ArtworkFactory.create_batch(3)
    assert _statistics() == set()

    assert refresh_planner_statistics.call() is True
    assert "artwork_listed_new_idx" in _statistics()

    # The scheduler asks every half minute; the next refresh waits for DALA_ANALYZE_HOURS.
    assert refresh_planner_statistics.call() is False


@needs_sqlite
def test_no_statistics_are_gathered_when_the_period_is_zero(settings: Settings) -> None:
    settings.DALA_ANALYZE_HOURS = 0
    ArtworkFactory()

    assert planner.refresh_statistics() is False
    assert _statistics() == set()


@needs_sqlite
def test_a_search_reindex_leaves_the_planner_statistics_fresh() -> None:
    from django.core.management import call_command

    ArtworkFactory.create_batch(2)
    call_command("search", "reindex", verbosity=0)

    assert "artwork_listed_new_idx" in _statistics()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="PostgreSQL only: SQLite's case is tested above")
def test_postgresql_is_left_to_autovacuum() -> None:
    assert planner.refresh_statistics(force=True) is False
