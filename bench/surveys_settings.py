"""Bench only: the production settings with SQLite connections kept for a chosen time.

`bench/surveys.py --sqlite --sqlite-conn-max-age N` serves with these. The default is now
60 s (coalition/settings.py); `--sqlite-conn-max-age 0` measures the old one, where every
request opens the SQLite database and closes it, and closing the last connection
checkpoints the WAL (an fsync) — most of an answer's time on SQLite: 229 against 495
answers/s on 2026-12-04.
"""

import os

from coalition.settings import *  # noqa: F403
from coalition.settings import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("BENCH_SQLITE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
