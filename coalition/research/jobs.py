"""Periodic jobs for research (imported from ResearchConfig.ready; run by
`manage.py run_scheduler`)."""

from datetime import timedelta

from django.utils import timezone

from coalition.core.scheduler import periodic

PREVIEW_DAYS = 7


@periodic("research.discard_old_previews", every=timedelta(days=1))
def discard_old_previews() -> str:
    """Imports checked but never imported are dropped after a week (they hold whole files)."""
    from coalition.research.models import ImportBatch

    old = ImportBatch.objects.filter(
        status=ImportBatch.Status.PREVIEW,
        created__lt=timezone.now() - timedelta(days=PREVIEW_DAYS),
    )
    count = old.update(status=ImportBatch.Status.DISCARDED, entries=[])
    return f"{count} unconfirmed imports discarded"
