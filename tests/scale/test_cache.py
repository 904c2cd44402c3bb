"""The shared cache: Redis when REDIS_URL is set, for sessions, rate limits and cached values that every
app process must see alike. Runs against a real redis-server on loopback; see conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from dala.core import ratelimit
from dala.settings import caches_for
from tests.factories import ArtistFactory

from .conftest import RedisServer, dala_env, dala_python

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]



def _signed_in_client(redis_cache: RedisServer) -> tuple[Client, str]:
    client = Client()
    client.force_login(ArtistFactory().user)
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def test_without_redis_url_each_process_keeps_its_own_memory_cache() -> None:
    assert caches_for("")["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_with_redis_url_the_site_caches_in_redis_and_keeps_sessions_in_the_database_too(
        tmp_path: Path, redis_server: RedisServer) -> None:
    env = dala_env(tmp_path, REDIS_URL=redis_server.url)

    seen = dala_python("import json; from django.conf import settings as s; from django.core.cache import caches\n"
                       "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'],"
                       " type(caches['default']).__name__, s.SESSION_ENGINE]))", env)

    assert seen == ["django.core.cache.backends.redis.RedisCache", redis_server.url, "RedisCache",
                    "django.contrib.sessions.backends.cached_db"]


def test_a_signed_in_session_works_from_a_new_client(redis_cache: RedisServer) -> None:
    _first, key = _signed_in_client(redis_cache)
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = key

    response = other.get(reverse("catalog:studio"))

    assert response.status_code == 200  # the studio, not a redirect to log in
    assert any(name.startswith(b"dala:") for name in redis_cache.client().keys("*sessions*"))


def test_a_session_is_read_from_redis_by_another_app_process(redis_cache: RedisServer, tmp_path: Path) -> None:
    client, key = _signed_in_client(redis_cache)
    user_id = client.session["_auth_user_id"]
    # The other process has an empty database of its own: what it finds can only come from Redis.
    env = dala_env(tmp_path, REDIS_URL=redis_cache.url)

    found = dala_python("import json; from django.contrib.sessions.backends.cached_db import SessionStore\n"
                        f"print(json.dumps(SessionStore(session_key={key!r}).get('_auth_user_id')))", env)

    assert found == user_id


def test_sessions_survive_a_redis_flush(redis_cache: RedisServer) -> None:
    _first, key = _signed_in_client(redis_cache)
    redis_cache.client().flushdb()  # Redis restarted, or emptied by hand
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = key

    response = other.get(reverse("catalog:studio"))

    assert response.status_code == 200


def test_a_value_cached_by_one_process_is_seen_by_another(redis_cache: RedisServer, tmp_path: Path) -> None:
    env = dala_env(tmp_path, REDIS_URL=redis_cache.url)

    dala_python("import json; from django.core.cache import cache; cache.set('shared-fragment', 'Таң', 60);"
                " print(json.dumps(True))", env)

    assert cache.get("shared-fragment") == "Таң"
    cache.set("from-the-test", 42, 60)
    assert dala_python("import json; from django.core.cache import cache;"
                       " print(json.dumps(cache.get('from-the-test')))", env) == 42


def test_a_rate_limit_used_up_in_one_process_refuses_in_another(
        redis_cache: RedisServer, settings: object, tmp_path: Path) -> None:
    limits = {"offer": "2/h"}
    settings.DALA_RATE_LIMITS = limits  # type: ignore[attr-defined]
    for _ in range(2):
        ratelimit.hit("offer", "user:7")
    env = dala_env(tmp_path, REDIS_URL=redis_cache.url, DALA_RATE_LIMITS="offer=2/h")

    refused = dala_python("import json; from dala.core import ratelimit; from dala.core.errors import RateLimited\n"
                          "try:\n    ratelimit.hit('offer', 'user:7'); refused = False\n"
                          "except RateLimited:\n    refused = True\n"
                          "print(json.dumps(refused))", env)

    assert refused is True
