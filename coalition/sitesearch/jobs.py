"""Periodic jobs for site search (imported from SitesearchConfig.ready)."""

from datetime import timedelta

from coalition.core.scheduler import periodic


@periodic("sitesearch.crawl_due", every=timedelta(minutes=10))
def crawl_due() -> str:
    from coalition.sitesearch.services import crawl_due_sources, sync_member_sources

    sources = sync_member_sources()
    return f"{crawl_due_sources()} crawls started ({sources} member websites)"


@periodic("sitesearch.reindex_platform", every=timedelta(hours=1))
def reindex_platform() -> str:
    from coalition.sitesearch.registry import reindex

    return f"{reindex()} platform pages indexed"
