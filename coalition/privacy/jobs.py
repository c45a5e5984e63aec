"""The retention job (run by `manage.py run_scheduler`; rules in retention.py)."""

from datetime import time

from coalition.core.scheduler import periodic
from coalition.privacy.retention import apply_retention


@periodic("privacy.retention", at=time(2, 45))
def enforce_retention() -> str:
    done = apply_retention()
    return "; ".join(f"{name}: {n}" for name, n in done.items())
