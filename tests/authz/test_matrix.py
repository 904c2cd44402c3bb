"""The authorisation matrix: every URL and every API operation, asked by each of nine roles, answers
as docs/authorisation.md says; and that file lists every URL and operation there is, and nothing else.

A failure reads like "POST market:offer_answer (offer) as other_artist: expected 404, got 302 to …".
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from . import bodies
from .matrix import DOC, NO_OBJECT, OUTCOMES, Row, read_rows
from .routes import Route, api_operations, ask, describe, outcome, url_routes
from .world import ROLE_NAMES, World

ROWS = read_rows()
URL_ROWS = [row for row in ROWS if not row.is_operation]
OPERATION_ROWS = [row for row in ROWS if row.is_operation]
CASES = [(row, role) for row in ROWS for role in ROLE_NAMES]


def _listing(title: str, items: list[str]) -> str:
    return f"{title} ({len(items)}):\n" + "\n".join(f"  {item}" for item in items)


def test_every_url_is_in_the_table() -> None:
    routes = url_routes()
    listed = {row.key for row in URL_ROWS}
    missing = sorted(f"{key}  ({route.route})" for key, route in routes.items() if key not in listed)
    assert not missing, _listing(f"URLs that no table of {DOC.name} lists; add a row for each", missing)


def test_every_table_row_names_a_url_that_exists() -> None:
    routes = url_routes()
    stale = sorted(f"{row.key}  (line {row.line})" for row in URL_ROWS if row.key not in routes)
    assert not stale, _listing(f"rows of {DOC.name} whose URL no longer exists", stale)


def test_every_api_operation_is_in_the_table() -> None:
    operations = api_operations()
    listed = {(row.method, row.key) for row in OPERATION_ROWS}
    missing = sorted(f"{method} {key}  ({path})" for (method, key), path in operations.items()
                     if (method, key) not in listed)
    assert not missing, _listing(f"API operations that no table of {DOC.name} lists; add a row for each", missing)


def test_every_table_row_names_an_api_operation_that_exists_at_its_path() -> None:
    operations = api_operations()
    stale = sorted(f"{row.method} {row.key} {row.path}  (line {row.line}; the schema says "
                   f"{operations.get((row.method, row.key), 'nothing')})"
                   for row in OPERATION_ROWS if operations.get((row.method, row.key)) != row.path)
    assert not stale, _listing(f"rows of {DOC.name} naming no operation, or the wrong path", stale)


def test_each_request_is_in_the_table_once() -> None:
    twice = [f"{label} ×{count}" for label, count in Counter(row.label for row in ROWS).items() if count > 1]
    assert not twice, _listing("rows that say the same request twice", twice)


def test_every_body_belongs_to_a_row() -> None:
    """A body left behind by a renamed row would silently send nothing."""
    form_rows = {(row.key, row.method) for row in URL_ROWS}
    payload_rows = {(row.method, row.key) for row in OPERATION_ROWS}
    orphans = sorted([f"{key} {method}" for key, method in bodies.FORMS if (key, method) not in form_rows]
                     + [f"{method} {key}" for method, key in [*bodies.PAYLOADS, *bodies.QUERIES]
                        if (method, key) not in payload_rows])
    assert not orphans, _listing("bodies for requests no row makes", orphans)


def test_the_doc_explains_every_outcome_it_uses() -> None:
    text = DOC.read_text(encoding="utf-8")
    unexplained = [name for name in OUTCOMES if f"| {name} |" not in text]
    assert not unexplained, _listing("outcomes used but not explained in the legend", unexplained)


@pytest.fixture(scope="module")
def routes() -> dict[str, Route]:
    return url_routes()


@pytest.fixture(scope="module")
def client() -> Client:
    """One client for the module: a new one would load every middleware again, which costs more than a
    request. ``ask`` clears its cookies before each request."""
    return Client()


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{row.label} as {role}" for row, role in CASES])
def test_the_answer_is_what_the_table_says(row: Row, role: str, world: World, routes: dict[str, Route],
                                           client: Client) -> None:
    expected = row.expected[role]
    response = ask(row, role, world, routes, client)
    got = outcome(response)
    on = f" ({row.object})" if row.object != NO_OBJECT else ""
    assert got == expected, (f"{row.method} {row.key}{on} as {role}: expected {expected} ({OUTCOMES[expected]}), "
                             f"got {describe(response)} — docs/authorisation.md line {row.line}")
