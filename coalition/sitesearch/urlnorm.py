"""One spelling per address, so the same page is fetched and indexed once."""

import hashlib
import posixpath
import re
from fnmatch import fnmatchcase
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|_ga|sessionid|phpsessid|sid)$", re.I)
BINARY_EXTENSIONS = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".mp3", ".mp4", ".m4a", ".wav", ".avi", ".mov", ".mkv", ".webm", ".ogg",
    ".zip", ".gz", ".tgz", ".rar", ".7z", ".exe", ".dmg", ".iso", ".msi",
    ".css", ".js", ".woff", ".woff2", ".ttf", ".eot", ".ics", ".xls", ".xlsx", ".ppt",
    ".pptx", ".odt", ".ods", ".rtf", ".doc",
}  # fmt: skip
SAFE_PATH = "/:@!$&'()*+,;=-._~%"


def normalise(url: str) -> str | None:
    """Lower-case scheme and host, no default port, no fragment, dot segments resolved,
    tracking parameters dropped, the query sorted. None for what is not http(s)."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return None
        host = parts.hostname.lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if not host or re.search(r"[\s/\\]", host):
        return None
    if ":" in host:
        host = f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path)
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    if trailing and not path.endswith("/"):
        path += "/"
    path = quote(unquote(path), safe=SAFE_PATH)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)
    ]
    query_string = urlencode(sorted(query), doseq=True)
    return urlunsplit((scheme, host, path, query_string, ""))


def url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8"), usedforsecurity=False).hexdigest()


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def looks_binary(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return posixpath.splitext(path)[1] in BINARY_EXTENSIONS


class Scope:
    """Which addresses belong to a source: its hosts, path prefixes and exclusions."""

    def __init__(self, hosts: list[str], prefixes: list[str], excluded: list[str]):
        self.hosts = {h.lower() for h in hosts}
        self.prefixes = [p if p.startswith("/") else "/" + p for p in prefixes]
        self.excluded = [p if "*" in p else f"*{p}*" for p in excluded]

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() not in self.hosts:
            return False
        if self.prefixes and not any(parts.path.startswith(p) for p in self.prefixes):
            return False
        return not any(fnmatchcase(url, pattern) for pattern in self.excluded)
