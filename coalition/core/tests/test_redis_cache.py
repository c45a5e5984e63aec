"""CACHE_URL=redis://... really works: the page cache and rate limits on a real Redis."""

import os
import socket

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory, override_settings

from coalition.lib import ratelimit

REDIS = ("127.0.0.1", 6379)


def redis_running() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_cache():
    if not redis_running():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 (CI runs these tests on it).")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    config = {
        "default": {
            "BACKEND": "coalition.core.redis_cache.SharedClientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
        }
    }
    with override_settings(CACHES=config):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def test_a_redis_cache_url_chooses_the_shared_client_backend(monkeypatch):
    import importlib

    import coalition.settings

    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/3")
    try:
        backend = importlib.reload(coalition.settings).CACHES["default"]
    finally:
        monkeypatch.undo()
        importlib.reload(coalition.settings)
    assert backend == {
        "BACKEND": "coalition.core.redis_cache.SharedClientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
    }


def test_one_redis_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client("a", write=True)
    assert redis_cache._cache.get_client("b", write=False) is client
    redis_cache.set("shared:one", 1, 30)
    assert redis_cache.get("shared:one") == 1
    assert redis_cache._cache.get_client() is client


def test_values_survive_the_round_trip(redis_cache):
    redis_cache.set("pages:test", (200, b"<html>", [("Content-Type", "text/html")]), 30)
    assert redis_cache.get("pages:test") == (200, b"<html>", [("Content-Type", "text/html")])


def test_rate_limits_count_in_redis(redis_cache):
    assert isinstance(caches["default"], RedisCache)  # what ratelimit's `cache` uses now
    request = RequestFactory().post("/join/", REMOTE_ADDR="203.0.113.9")
    assert [ratelimit.consume(request, "join", "2/1m") for _ in range(3)] == [True, True, False]
    assert ratelimit.is_limited(request, "join", "2/1m")


def test_several_limits_are_counted_in_one_go(redis_cache):
    request = RequestFactory().post("/campaigns/x/y/", REMOTE_ADDR="203.0.113.10")
    limits = [("burst", "2/1m"), ("sustained", "3/1h")]
    outcomes = [ratelimit.consume_all(request, limits) for _ in range(4)]
    assert outcomes == [None, None, ("burst", "2/1m"), ("burst", "2/1m")]
    assert ratelimit.is_limited(request, "sustained", "3/1h")  # refused attempts count too
    other = RequestFactory().post("/campaigns/x/y/", REMOTE_ADDR="203.0.113.11")
    assert ratelimit.consume_all(other, limits) is None
    # The counters expire with their windows.
    key = redis_cache.make_and_validate_key(
        ratelimit._cache_key(request, "burst", ratelimit.parse_rate("2/1m"))[0]
    )
    assert 0 < redis_cache._cache.get_client(key).ttl(key) <= 61


def test_without_redis_the_limits_are_counted_in_turn():
    request = RequestFactory().post("/campaigns/x/y/", REMOTE_ADDR="203.0.113.12")
    limits = [("burst", "2/1m"), ("sustained", "3/1h"), ("off", "")]
    outcomes = [ratelimit.consume_all(request, limits) for _ in range(5)]
    assert outcomes == [None, None, ("burst", "2/1m"), ("burst", "2/1m"), ("burst", "2/1m")]
