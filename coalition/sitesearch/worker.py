"""What a crawl's extraction worker process runs. No Django here: the workers are plain
processes (forkserver), and only the crawling process touches the database."""

import hashlib
import re

from coalition.sitesearch import extract as extractor
from coalition.sitesearch.urlnorm import Scope, looks_binary, normalise


def text_fingerprint(text: str) -> str:
    words = re.sub(r"\W+", " ", text.lower()).strip()
    return hashlib.sha1(words.encode("utf-8"), usedforsecurity=False).hexdigest()


def extract_for_crawl(url, content_type, body, max_chars, scope: Scope) -> dict:
    """The text, and the work on links and fingerprints that would otherwise load the
    crawling process (which writes to the database)."""
    extracted = extractor.extract(url, content_type, body, max_chars)
    if "error" in extracted or "skip" in extracted:
        return extracted
    links = []
    for link in extracted["links"]:
        normal = normalise(link)
        if normal is not None and scope.allows(normal) and not looks_binary(normal):
            links.append(normal)
    extracted["links"] = list(dict.fromkeys(links))
    extracted["fingerprint"] = text_fingerprint(extracted["title"] + "\n" + extracted["text"])
    return extracted
