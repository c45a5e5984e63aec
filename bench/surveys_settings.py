"""Bench only: the production settings with SQLite connections kept open between requests.

`bench/surveys.py --sqlite --sqlite-conn-max-age 60` serves with these, to measure the
change proposed in /work/notes/surveys-shared.md: with CONN_MAX_AGE 0 every request opens
the SQLite database and closes it, and closing the last connection checkpoints the WAL
(an fsync) — most of an answer's time on SQLite.
"""

import os

from coalition.settings import *  # noqa: F403
from coalition.settings import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("BENCH_SQLITE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
