"""Fuzzing the JSON API with schemathesis: every operation of ``/api/v1/openapi.json``, each generated
request sent twice (with an artist's bearer token, then anonymously) to a database holding one of
everything (tests/api/fuzz_world.py).

No request may get a 5xx, and every response must be one the schema documents for its operation: the
status code, the content type and the body. Requests that once failed are kept in test_fuzz_regressions.py.
``DALA_FUZZ_EXAMPLES`` and ``DALA_FUZZ_SEED`` make a longer or a fresh run (docs/testing.md, "Fuzzing")."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pytest_django import DjangoDbBlocker, Settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.fuzz_world import World, build_world, real_path_parameters

# Every test here uses the database, through the module's world if not through `db`: pytest-django
# creates the test database only for tests that say so.
pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Generated requests per operation: enough for every operation to meet real rows and broken input in CI
# (the whole module runs in about half a minute); DALA_FUZZ_EXAMPLES=200 digs deeper.
EXAMPLES = int(os.environ.get("DALA_FUZZ_EXAMPLES", "8"))
# A fixed seed keeps CI repeatable; DALA_FUZZ_SEED=random draws new input on every run.
SEED = os.environ.get("DALA_FUZZ_SEED", "20260520")
RANDOM = SEED == "random"


def _load_schema() -> Any:
    # From the app itself through WSGI, as a client would read it: no server, no network.
    from dala.wsgi import application

    config = schemathesis.Config.from_dict({
        **({} if RANDOM else {"seed": int(SEED)}),
        # The token is sent by the test, never generated: a made-up one would only ever get a 401.
        "generation": {"max-examples": EXAMPLES, "with-security-parameters": False},
        # Coverage cases are a few hundred per operation, and stateful runs chain writes across operations:
        # both far beyond a test suite's minute.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    })
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)


schema = _load_schema()
_WORLD: list[World] = []  # the module's world while it exists, for the hook below


@schema.hook
def flatmap_path_parameters(context: schemathesis.HookContext, path_parameters: dict[str, Any]) -> Any:
    """About half the cases of an operation with path parameters address rows that exist, so its
    handler gets past the 404 and meets the generated query and body."""
    real = real_path_parameters(_WORLD[0], context.operation.path) if _WORLD and context.operation else []
    if not real:
        return st.just(path_parameters)
    return st.one_of(st.sampled_from(real), st.just(path_parameters))


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup: None, django_db_blocker: DjangoDbBlocker,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Built once for the module (a second of factories for each of 135 operations would be minutes),
    in a transaction rolled back at the end; each operation's test runs in its own inside it."""
    from django.core.files.storage import FileSystemStorage
    from django.test import override_settings
    from django.utils.functional import empty

    from dala.catalog import models

    files = tmp_path_factory.mktemp("fuzz-files")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=files / "media"), transaction.atomic():
        # The per-test fixtures that keep files out of var/ have not run yet at module scope.
        models._originals._wrapped = FileSystemStorage(location=files / "originals", base_url=None)
        try:
            _WORLD.append(build_world())
        finally:
            models._originals._wrapped = empty
        yield _WORLD[0]
        _WORLD.clear()
        transaction.set_rollback(True)


@pytest.fixture
def _fuzzable(fuzz_world: World, db: None, settings: Settings) -> Iterator[None]:
    settings.DALA_RATE_LIMITS = {}  # hundreds of requests a second from one client and one token
    # The app is called as WSGI, which closes a database connection found inside a transaction when a
    # request starts and ends; the test's transaction must survive, as Django's own test client ensures.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    deadline=None,  # a first request warms caches and templates; time is bounded by the example count
    derandomize=not RANDOM,
    database=None,  # no replay from .hypothesis/: the seed alone decides what a run sends
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    # The function-scoped fixtures run once per operation, not per example; every request is rolled back
    # (below), so each example still meets the same world. How fast input is drawn depends on how busy
    # the machine is, and says nothing about the API.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_every_request_as_documented(case: schemathesis.Case, fuzz_world: World,
                                                 _fuzzable: None) -> None:
    for headers in ({"Authorization": f"Bearer {fuzz_world.token}"}, {}):
        with transaction.atomic():
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
            transaction.set_rollback(True)  # what the request changed, so the next one meets the same world


def test_every_path_parameter_can_name_a_real_row(fuzz_world: World) -> None:
    """A new operation whose path parameter the world cannot fill would only ever be fuzzed into a 404:
    add its rows to tests/api/fuzz_world.py."""
    unfilled = [f"{operation.method.upper()} {operation.path}"
                for operation in (result.ok() for result in schema.get_all_operations())
                if "{" in operation.path and not real_path_parameters(fuzz_world, operation.path)]
    assert not unfilled
