"""Statistics for the database's query planner.

SQLite plans a query from statistics that only ``ANALYZE`` gathers, and nothing gathers them by itself:
a site that grew from an empty database has none. Without them, at a million works, SQLite picks worse
indexes for search (a median search 110 ms instead of 11 ms). So they are refreshed by the scheduler's
periodic task every ``DALA_ANALYZE_HOURS``, and after ``dala search reindex``. ``PRAGMA analysis_limit``
bounds the work: each index is sampled, not read whole, so a refresh takes well under a second at a
million works. PostgreSQL's autovacuum already keeps its statistics; nothing is done there.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

# Rows sampled per index: SQLite's documentation suggests 100–1000. Enough, at a million works, for the
# planner to choose the plans the full statistics give (bench/search.py measures them).
ANALYSIS_LIMIT = 1000
THROTTLE_KEY = "core:planner-statistics"


def refresh_statistics(*, force: bool = False) -> bool:
    """Gather fresh planner statistics on SQLite, at most once per ``DALA_ANALYZE_HOURS`` (0: never,
    unless ``force``). Returns whether it ran."""
    if connection.vendor != "sqlite":
        return False
    if not force:
        hours = float(settings.DALA_ANALYZE_HOURS)
        if hours <= 0 or not cache.add(THROTTLE_KEY, 1, timeout=int(hours * 3600)):
            return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    logger.info("core: the query planner's statistics were refreshed")
    return True
