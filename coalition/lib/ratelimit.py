"""Per-client rate limits for public write endpoints, kept in Django's cache.

A rate is written like allauth's ACCOUNT_RATE_LIMITS: "5/10m" means five per
ten minutes (units s, m, h, d). An empty rate turns the limit off.

Counting uses fixed windows (one cache counter per client per window), so a
client may briefly get up to twice the amount across a window boundary: plenty
to stop a script flooding a form, and needs no locks. The client address comes
from allauth's adapter, so the proxy settings that protect sign-in
(ALLAUTH_TRUSTED_PROXY_COUNT, ALLAUTH_TRUSTED_CLIENT_IP_HEADER) apply here too.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass
from http import HTTPStatus

from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def parse_rate(rate: str) -> Rate | None:
    """ "5/10m" -> Rate(5, 600); "" -> None (no limit)."""
    rate = (rate or "").strip()
    if not rate:
        return None
    try:
        amount, period = rate.split("/")
        unit = period[-1]
        count = int(period[:-1] or 1)
        parsed = Rate(int(amount), count * UNITS[unit])
    except (ValueError, KeyError, IndexError):
        raise ImproperlyConfigured(
            f"Rate limit {rate!r} is not like 5/10m (an amount, then a period in s, m, h or d)."
        ) from None
    if parsed.amount < 1 or parsed.seconds < 1:
        raise ImproperlyConfigured(f"Rate limit {rate!r} must allow at least one per period.")
    return parsed


def client_key(request) -> str:
    """The client's address; IPv6 addresses are grouped by /64 (one household or host)."""
    from allauth.account.adapter import get_adapter

    ip = get_adapter().get_client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


def _cache_key(request, action: str, rate: Rate, identity: str = "") -> tuple[str, int]:
    """The counter's key and the seconds left in its window. `identity` counts by something
    other than the client's address (an API token, say)."""
    now = time.time()
    window = int(now // rate.seconds)
    client = hashlib.sha256((identity or client_key(request)).encode()).hexdigest()[:24]
    retry_after = int((window + 1) * rate.seconds - now) + 1
    return f"ratelimit:{action}:{rate.seconds}:{window}:{client}", retry_after


def is_limited(request, action: str, rate: str) -> bool:
    """True when this client has already used up the rate (records nothing)."""
    parsed = parse_rate(rate)
    if parsed is None:
        return False
    key, _ = _cache_key(request, action, parsed)
    return (cache.get(key) or 0) >= parsed.amount


def consume(request, action: str, rate: str, identity: str = "") -> bool:
    """Record one use; False when it goes over the rate (the use is then refused)."""
    parsed = parse_rate(rate)
    if parsed is None:
        return True
    key, _ = _cache_key(request, action, parsed, identity)
    cache.add(key, 0, parsed.seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, parsed.seconds + 1)
        used = 1
    return used <= parsed.amount


def retry_after(request, action: str, rate: str, identity: str = "") -> int:
    parsed = parse_rate(rate)
    if parsed is None:
        return 0
    return _cache_key(request, action, parsed, identity)[1]


def too_many_requests(request, action: str, rate: str):
    """The friendly 429 page, with Retry-After so well-behaved clients wait."""
    response = render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = str(retry_after(request, action, rate))
    return response


def consume_all(request, limits: list[tuple[str, str]]) -> tuple[str, str] | None:
    """Record one use against several limits at once; the first (action, rate) exceeded, or None.

    With Redis as the cache, every counter is incremented (and given its expiry) in one
    round trip, which matters on a busy public form (a petition taking off). Other caches
    count each limit in turn, as `consume` does.
    """
    from django.core.cache.backends.redis import RedisCache

    active = [(action, rate, parse_rate(rate)) for action, rate in limits]
    active = [(action, rate, parsed) for action, rate, parsed in active if parsed is not None]
    backend = caches["default"]  # what `cache` stands for
    if not isinstance(backend, RedisCache):
        for action, rate, _parsed in active:
            if not consume(request, action, rate):
                return action, rate
        return None
    keys = [
        (backend.make_and_validate_key(_cache_key(request, action, parsed)[0]), parsed)
        for action, _rate, parsed in active
    ]
    if not keys:
        return None
    client = backend._cache.get_client(keys[0][0], write=True)
    pipeline = client.pipeline(transaction=False)
    for key, parsed in keys:
        pipeline.incr(key)
        pipeline.expire(key, parsed.seconds + 1, nx=True)
    counts = pipeline.execute()[::2]
    for (action, rate, parsed), used in zip(active, counts, strict=True):
        if used > parsed.amount:
            return action, rate
    return None
