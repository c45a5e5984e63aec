# Coalition's image: one image for the web, the task worker and the scheduler (compose.yaml
# runs it three ways). docs/deploy.md explains the settings; nothing secret is built in.
#
#   docker build -t coalition .
#   docker run --env-file .env -p 127.0.0.1:8000:8000 coalition          # web (gunicorn)
#   docker run --env-file .env coalition python manage.py db_worker      # task worker
#   docker run --env-file .env coalition python manage.py run_scheduler  # scheduler
#
# Debian 12 (bookworm): its postgresql-client is version 15, and pg_dump (used by
# `manage.py backup`) must be at least the server's major version: compose.yaml runs
# PostgreSQL 15. For a newer server, install its client from apt.postgresql.org here.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, from the lock, so code changes do not reinstall them.
COPY requirements.lock pyproject.toml ./
RUN pip install -r requirements.lock

COPY . .

# Static files are collected (hashed and compressed for WhiteNoise) at build time, with
# throwaway settings: the real SECRET_KEY and hosts come at run time.
RUN DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost VAR_DIR=/tmp/build \
    STATIC_ROOT=/app/staticfiles python manage.py collectstatic --no-input --verbosity 0 \
    && rm -rf /tmp/build

# Runs as a user of its own; SQLite (if used), the file cache, uploads and backups live
# in /data (a volume).
RUN useradd --system --uid 10001 --home-dir /data --no-create-home coalition \
    && mkdir -p /data \
    && chown coalition /data
ENV VAR_DIR=/data \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    BACKUP_DIR=/data/backups
USER coalition
VOLUME ["/data"]
EXPOSE 8000

# /health/ answers 200 when the database does (503 when not). Asked as the proxy would ask:
# with a configured host name and, when BEHIND_PROXY is on, as HTTPS, so it is not redirected.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.'); u.urlopen(u.Request('http://127.0.0.1:8000/health/', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4)"]

# Workers: WEB_CONCURRENCY (gunicorn reads it), about two per core.
CMD ["gunicorn", "coalition.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--graceful-timeout", "20"]
