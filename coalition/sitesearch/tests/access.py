"""Who may open each site search page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import STAFF

PUBLIC = {"sitesearch:search", "sitesearch:search_json", "sitesearch:opensearch"}
PROTECTED = {
    "sitesearch:staff_sources": STAFF,
    "sitesearch:staff_source_new": STAFF,
    "sitesearch:staff_source": STAFF,
    "sitesearch:staff_source_crawl": STAFF,
    "sitesearch:staff_source_progress": STAFF,
}
POST_ONLY = {"sitesearch:staff_source_crawl"}
PUBLIC_STATUS = {}
STAFF_STATUS = {"sitesearch:staff_source_progress": 302}  # without htmx: back to the page


def url_kwargs(organisation) -> dict:
    from coalition.sitesearch.tests.factories import SourceFactory

    source = SourceFactory(organisation=organisation)
    own = {"pk": source.pk}
    return {
        "sitesearch:staff_source": own,
        "sitesearch:staff_source_crawl": own,
        "sitesearch:staff_source_progress": own,
    }
