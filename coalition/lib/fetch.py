"""Fetching addresses that people typed in (members' feeds, websites to crawl), safely.

    result = fetch_sync("https://member.example.org/feed/", etag=..., last_modified=...)
    result = await fetch(url, client=client)          # from async code (the crawler)

A URL typed into a form can point anywhere, including at the machine itself or
the cloud's metadata service (169.254.169.254). So every fetch:

- resolves the host name once, refuses it if any address it resolves to is not
  public (loopback, private, link-local, CGNAT, multicast, reserved,
  documentation, IPv4-mapped and 6to4/NAT64 forms of those), and then connects
  to the checked address itself, so a second DNS answer cannot swap it
  (the name still goes in the Host header and in TLS's SNI, and the
  certificate is checked against the name);
- follows redirects itself, checking each hop the same way (and, if given,
  with the caller's `follow` rule, e.g. "stay within this source");
- caps the size of the body while it streams and while it decompresses
  (gzip and deflate only are asked for; a 50 MB bomb in 50 KB is stopped at the
  cap, not expanded in memory);
- limits each network read (`FETCH_TIMEOUT_SECONDS`) and the whole fetch,
  redirects included (`FETCH_DEADLINE_SECONDS`): a server that drips a byte a
  second is cut off;
- sends conditional GET headers when given a previous ETag or Last-Modified,
  and says when the answer was 304 Not Modified.

FETCH_ALLOWED_NETWORKS lists networks that may be fetched even though they
are not public (an intranet, or 127.0.0.1 for tests and benchmarks).
"""

import asyncio
import ipaddress
import socket
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

REDIRECT_STATUSES = {301, 302, 303, 307, 308}

# Not public, whatever ipaddress.is_global says about some of them.
BLOCKED_NETWORKS = [
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, including cloud metadata services
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "::ffff:0:0/96",  # IPv4-mapped
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",
        "100::/64",
        "2001:db8::/32",
        "2002::/16",  # 6to4
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    )
]


class FetchError(Exception):
    """A fetch that did not give a usable answer. `kind` is short and stable, for reports."""

    def __init__(self, kind: str, message: str, url: str = ""):
        super().__init__(message)
        self.kind = kind
        self.url = url


@dataclass
class FetchResult:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def allowed_networks() -> list:
    return [ipaddress.ip_network(n, strict=False) for n in settings.FETCH_ALLOWED_NETWORKS]


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if any(ip in network for network in allowed_networks()):
        return True
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return False
    if any(ip in network for network in BLOCKED_NETWORKS if network.version == ip.version):
        return False
    return ip.is_global


async def resolve_public(host: str, port: int) -> str:
    """The address to connect to, or FetchError if the name leads anywhere non-public."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise FetchError("dns", f"The name {host} could not be resolved ({error}).") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
    blocked = [a for a in addresses if not is_public_address(a)]
    if blocked or not addresses:
        raise FetchError(
            "blocked_address",
            f"{host} leads to an address not on the public internet ({', '.join(blocked)}).",
        )
    return addresses[0]


class Decoder:
    """Decompresses gzip or deflate bit by bit, never producing more than `limit` bytes."""

    def __init__(self, encoding: str, limit: int):
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self.inflate = None
        elif encoding in ("gzip", "x-gzip"):
            self.inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            self.inflate = zlib.decompressobj()
        else:
            raise FetchError(
                "encoding", f"The server used an encoding we did not ask for: {encoding}"
            )
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError("too_large", f"The answer is larger than {self.limit:,} bytes.")
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self.inflate is None:
            self._keep(chunk)
            return
        data = chunk
        try:
            while data:
                # At most one byte past the limit at a time, so a bomb never expands in memory.
                out = self.inflate.decompress(data, self.limit - self.size + 1)
                self._keep(out)
                data = self.inflate.unconsumed_tail
        except zlib.error as error:
            raise FetchError("encoding", f"The compressed answer is damaged ({error}).") from None

    def finish(self) -> bytes:
        if self.inflate is not None:
            self._keep(self.inflate.flush())
        return b"".join(self.parts)


def user_agent() -> str:
    return settings.FETCH_USER_AGENT


async def _fetch_once(
    client, url: str, headers: dict, max_bytes: int
) -> tuple[int, httpx.Headers, bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("bad_url", f"Only http and https addresses can be fetched: {url}", url)
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = await resolve_public(host, port)
    target = httpx.URL(url).copy_with(host=address)
    request_headers = {
        "Host": parts.netloc.rsplit("@", 1)[-1],
        "User-Agent": user_agent(),
        "Accept-Encoding": "gzip, deflate",
        **headers,
    }
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    request = client.build_request("GET", target, headers=request_headers, extensions=extensions)
    response = await client.send(request, stream=True)
    try:
        declared = response.headers.get("content-length", "")
        if (
            declared.isdigit()
            and int(declared) > max_bytes
            and "content-encoding" not in response.headers
        ):
            raise FetchError("too_large", f"The answer is larger than {max_bytes:,} bytes.", url)
        body = b""
        if response.status_code not in REDIRECT_STATUSES and response.status_code != 304:
            decoder = Decoder(response.headers.get("content-encoding", ""), max_bytes)
            async for chunk in response.aiter_raw():
                decoder.feed(chunk)
            body = decoder.finish()
        return response.status_code, response.headers, body
    finally:
        await response.aclose()


async def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
    timeout: float | None = None,
    deadline: float | None = None,
    max_redirects: int = 5,
    follow=None,
    client: httpx.AsyncClient | None = None,
) -> FetchResult:
    """GET a URL safely (see the module's docstring). Raises FetchError.

    `follow(url) -> bool` may refuse a redirect (e.g. one leaving a crawl's source).
    Any status is returned (the caller decides what 404 or 500 means); only network
    failures, unsafe addresses, oversized bodies and timeouts raise.
    """
    max_bytes = max_bytes or settings.FETCH_MAX_BYTES
    timeout = timeout or settings.FETCH_TIMEOUT_SECONDS
    deadline = deadline or settings.FETCH_DEADLINE_SECONDS
    conditional = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    own_client = client is None
    if own_client:
        client = httpx.AsyncClient(timeout=httpx.Timeout(timeout), follow_redirects=False)
    redirects: list[str] = []
    current = url
    try:
        async with asyncio.timeout(deadline):
            while True:
                status, headers, body = await _fetch_once(client, current, conditional, max_bytes)
                location = headers.get("location")
                if status not in REDIRECT_STATUSES or not location:
                    return FetchResult(current, status, headers, body, redirects)
                if len(redirects) >= max_redirects:
                    raise FetchError(
                        "too_many_redirects", f"More than {max_redirects} redirects.", url
                    )
                following = urljoin(current, location)
                if follow is not None and not follow(following):
                    raise FetchError("redirect_refused", f"Redirected away to {following}.", url)
                redirects.append(current)
                current = following
    except TimeoutError:
        raise FetchError(
            "timeout", f"No complete answer within {deadline:g} seconds.", url
        ) from None
    except httpx.TimeoutException:
        raise FetchError(
            "timeout", f"The server stopped answering for {timeout:g} seconds.", url
        ) from None
    except httpx.HTTPError as error:
        raise FetchError("connection", f"Could not fetch {current}: {error}", url) from None
    except FetchError as error:
        error.url = error.url or current
        raise
    finally:
        if own_client:
            await client.aclose()


def fetch_sync(url: str, **options) -> FetchResult:
    """The same, for code that is not async (a task, a management command)."""
    return asyncio.run(fetch(url, **options))
