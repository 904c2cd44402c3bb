"""Rate limits: the COUNT/PERIOD notation, fixed windows, and the address a request comes from."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import RequestFactory
from django.utils import translation
from pytest_django import Settings

from dala.core import ratelimit
from dala.core.errors import RateLimited


@pytest.mark.parametrize(("text", "rate"), [("10/15m", (10, 900)), ("30/h", (30, 3600)), ("5 / 2d", (5, 172800)),
                                            ("1/s", (1, 1))])
def test_a_rate_is_read_as_count_and_seconds(text: str, rate: tuple[int, int]) -> None:
    assert ratelimit.parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "ten/h", "10", "10/w", "10/-1h", "/h"])
def test_a_rate_that_is_not_count_per_period_is_refused_with_the_notation(text: str) -> None:
    with pytest.raises(ValueError, match="COUNT/PERIOD"):
        ratelimit.parse_rate(text)


def test_the_third_hit_of_two_per_minute_is_refused_and_says_when_to_retry(settings: Settings) -> None:
    settings.DALA_RATE_LIMITS = {"offer": "2/m"}
    with mock.patch("dala.core.ratelimit.time.time", return_value=6_000_030.0), translation.override("en"):
        ratelimit.hit("offer", "user:1")
        ratelimit.hit("offer", "user:1")
        ratelimit.hit("offer", "user:2")  # someone else counts apart
        with pytest.raises(RateLimited) as refused:
            ratelimit.hit("offer", "user:1")
    assert refused.value.status == 429 and refused.value.code == "rate_limited"
    assert refused.value.retry_after == 31  # the window of 60 s started 30 s ago
    assert "1 minute" in str(refused.value.message)
    with mock.patch("dala.core.ratelimit.time.time", return_value=6_000_061.0):
        ratelimit.hit("offer", "user:1")  # a new window


def test_a_scope_without_a_rate_is_never_limited(settings: Settings) -> None:
    settings.DALA_RATE_LIMITS = {}
    for _ in range(1000):
        ratelimit.hit("offer", "user:1")


def test_recording_failures_refuses_only_once_they_reach_the_limit(settings: Settings) -> None:
    settings.DALA_RATE_LIMITS = {"login": "3/15m"}
    for _ in range(2):
        ratelimit.record("login", "email:a@example.com")
    ratelimit.refuse_if_exceeded("login", "email:a@example.com")
    ratelimit.record("login", "email:a@example.com")
    with pytest.raises(RateLimited):
        ratelimit.refuse_if_exceeded("login", "email:a@example.com")


def test_behind_one_proxy_the_client_is_the_last_forwarded_address_not_one_it_made_up(settings: Settings) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.DALA_PROXY_COUNT = 0
    assert ratelimit.client_address(request) == "10.0.0.2"
    settings.DALA_PROXY_COUNT = 1
    assert ratelimit.client_address(request) == "203.0.113.9"
