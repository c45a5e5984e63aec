"""Background work for site search (django-tasks)."""

from django_tasks import task


@task()
def crawl_task(run_id: int) -> str:
    """One crawl run of a source; resumes from the database if it was interrupted."""
    from coalition.sitesearch.services import run_crawl

    run = run_crawl(run_id)
    if run is None:
        return "no such crawl"
    return f"{run.source}: {run.status}, {run.indexed} indexed, {run.errors} errors"


@task()
def reindex_task(kind: str = "") -> int:
    from coalition.sitesearch.registry import reindex

    return reindex(kind or None)
