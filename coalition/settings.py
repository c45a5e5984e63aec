"""Coalition's one settings module. Every value comes from the environment.

A `.env` file in the project root is read when present (see `.env.example`).
The defaults give a working local site: SQLite in `var/`, email printed to the
console, background tasks in the database.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from coalition.lib.env import envbool, envint, envlist, envpath, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

VERSION = "0.1.0"

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or .env) to a long random "
            "value, or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set it to the site's host names, comma separated "
            "(for example ALLOWED_HOSTS=coalition.example.org)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "coalition.core",
    "coalition.members",
    "coalition.campaigns",
    "coalition.events",
    "coalition.news",
    "coalition.mailings",
    "coalition.sitesearch",
    "coalition.surveys",
    "coalition.governance",
    "coalition.programme",
    "coalition.enquiries",
    "coalition.api",
    "coalition.research",
    "coalition.policy",
    "coalition.discussions",
    "coalition.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers anonymous visitors from the page cache before sessions and the rest.
    "coalition.core.cache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Action forms (a petition taking off) from visitors without a session go straight to
    # their view from here: see coalition/campaigns/middleware.py.
    "coalition.campaigns.middleware.ActionFormMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ?q=%00 and the like: a 400 here rather than a database error in the view.
    "coalition.core.middleware.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "coalition.core.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coalition" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coalition.core.context_processors.coalition",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
VAR_DIR = envpath("VAR_DIR", BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "coalition.sqlite3",
            # Kept open between requests: opening SQLite is cheap, but closing the last
            # connection checkpoints the WAL (an fsync), which was most of an answer's
            # time. bench/surveys.py --sqlite, 2026-12-04: 229 answers/s closing each
            # time, 495 and 591 keeping them.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers and one writer work at once; the busy timeout
                # makes a second writer wait rather than fail at once.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = envstr("CACHE_URL")
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "coalition.core.redis_cache.SharedClientRedisCache",
            "LOCATION": CACHE_URL,
        }
    }
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be redis://host:port/db, locmem:// or empty.")
else:
    # Shared by every process on the machine (web and worker), no service needed.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            # Room for every organisation's page at a few thousand members.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

# Background tasks run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:account_home"

# django-allauth: email is the login, verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "coalition.core.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # Sign-in form posts per address (answered with 429), and failed sign-ins per
    # address and per email (answered with "too many failed attempts").
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = envstr("MFA_TOTP_ISSUER", "Coalition")

# Email: printed to the console unless EMAIL_URL or EMAIL_HOST is set.
EMAIL_URL = envstr("EMAIL_URL")
EMAIL_HOST = envstr("EMAIL_HOST")
if EMAIL_URL:
    from urllib.parse import unquote, urlparse

    _email = urlparse(EMAIL_URL)
    if _email.scheme not in {"smtp", "smtps", "smtp+tls"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtp+tls:// or smtps://.")
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
elif EMAIL_HOST:
    EMAIL_PORT = envint("EMAIL_PORT", 25)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Community Sector Coalition <info@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "coalition" / "static"]
STATIC_ROOT = envpath("STATIC_ROOT", BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = envpath("MEDIA_ROOT", VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
SERVE_MEDIA = envbool("SERVE_MEDIA", True)
# Uploads under these folders are for some people only: /media/ never serves them, their own
# pages do, after checking who is asking (meeting papers follow their agenda's visibility).
PRIVATE_MEDIA_PREFIXES = ("governance/papers/",)
LOGO_MAX_BYTES = envint("LOGO_MAX_BYTES", 2 * 1024 * 1024)
# Documents people upload (campaign materials, papers, reports): checked by content.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

# Fetching addresses people type in (members' feeds, websites to crawl): coalition/lib/fetch.py.
FETCH_MAX_BYTES = envint("FETCH_MAX_BYTES", 10 * 1024 * 1024)
FETCH_TIMEOUT_SECONDS = envint("FETCH_TIMEOUT_SECONDS", 10)
FETCH_DEADLINE_SECONDS = envint("FETCH_DEADLINE_SECONDS", 60)
# Networks that may be fetched although not public (an intranet; 127.0.0.1/32 in tests).
FETCH_ALLOWED_NETWORKS = envlist("FETCH_ALLOWED_NETWORKS")
FETCH_USER_AGENT = envstr(
    "FETCH_USER_AGENT", f"Coalition/{VERSION} (+{SITE_URL}/about/; community sector coalition)"
)
FILE_UPLOAD_PERMISSIONS = 0o640

# Security. HTTPS settings follow SECURE_SSL (on by default outside DEBUG).
SECURE_SSL = envbool("SECURE_SSL", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_SSL and envbool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits count per client address. Behind a proxy every request comes from the
# proxy, so take the client from X-Forwarded-For, trusting this many proxies.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)
# Preloading HSTS commits the domain and all its subdomains to HTTPS in browsers for
# months; a deployment opts in with SECURE_HSTS_PRELOAD=true, so its absence is not
# a deployment fault.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie (forms carry the token), so hide it from scripts too.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Public forms that anyone can post: at most this many per client address
# (like "5/10m": five per ten minutes; empty for no limit).
JOIN_RATE_LIMIT = envstr("JOIN_RATE_LIMIT", "5/10m")

# Seconds the staff dashboard's panels (campaigns, events, ...) are shared before recounting.
DASHBOARD_PANEL_SECONDS = envint("DASHBOARD_PANEL_SECONDS", 30)

# --- Campaigns -------------------------------------------------------------------------------

# Letters to decision-makers: at most this many a day to any one recipient (a
# decision-maker's own limit, set in the admin, wins). The rest wait until the next
# morning, so a campaign that takes off does not flood one inbox.
LETTER_DAILY_LIMIT_PER_TARGET = envint("LETTER_DAILY_LIMIT_PER_TARGET", 100)

# Taking part in actions (petitions, letters, pledges). Per client address, a burst and a
# sustained limit on accepted forms ("5/1m": five a minute; empty for no limit).
ACTION_RATE_LIMIT_BURST = envstr("ACTION_RATE_LIMIT_BURST", "5/1m")
ACTION_RATE_LIMIT_SUSTAINED = envstr("ACTION_RATE_LIMIT_SUSTAINED", "30/1h")
# New participations' confirmation emails are sent in batches: one task per web process
# at most this often, run this many seconds after the first signature it sends.
ACTION_CONFIRMATION_BATCH_SECONDS = envint("ACTION_CONFIRMATION_BATCH_SECONDS", 1)
# A second attempt with the same email re-sends its email at most this often.
ACTION_CONFIRMATION_RESEND_MINUTES = envint("ACTION_CONFIRMATION_RESEND_MINUTES", 10)
# Requests to re-send a confirmation email, per client address.
ACTION_RESEND_RATE_LIMIT = envstr("ACTION_RESEND_RATE_LIMIT", "5/1h")
# Anonymous visitors get an action page (and its embed) from the cache for this long:
# the count on it is at most this old. 0 turns it off.
ACTION_PAGE_CACHE_SECONDS = envint("ACTION_PAGE_CACHE_SECONDS", 10)
# Sites allowed to show an action's embeddable widget in a frame (CSP frame-ancestors).
ACTION_EMBED_FRAME_ANCESTORS = envlist("ACTION_EMBED_FRAME_ANCESTORS", "https:,http:")

# --- Events ----------------------------------------------------------------------------------
# How long a place offered to the next person on a waitlist is held for them.
EVENT_OFFER_HOLD_HOURS = envint("EVENT_OFFER_HOLD_HOURS", 48)
# Reminders go to people with a place this many hours before the event starts.
EVENT_REMINDER_HOURS = envint("EVENT_REMINDER_HOURS", 24)
# Dates of a repeating event are listed this far ahead (a daily job extends them).
EVENT_SERIES_HORIZON_DAYS = envint("EVENT_SERIES_HORIZON_DAYS", 730)
# Calendar feeds include events that ended up to this many days ago.
EVENT_FEED_PAST_DAYS = envint("EVENT_FEED_PAST_DAYS", 365)
# Registrations per client address (like "10/10m"; empty for no limit).
EVENT_REGISTRATION_RATE_LIMIT = envstr("EVENT_REGISTRATION_RATE_LIMIT", "10/10m")

# --- News and mailings --------------------------------------------------------------------

# News: largest picture on a news item (bytes; checked by content).
NEWS_IMAGE_MAX_BYTES = envint("NEWS_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
# News items per page on /news/, and in each RSS/Atom feed.
NEWS_PAGE_SIZE = envint("NEWS_PAGE_SIZE", 20)
NEWS_FEED_ITEMS = envint("NEWS_FEED_ITEMS", 30)
# Members' feeds: minutes between fetches of one feed when it works.
NEWS_FEED_INTERVAL_MINUTES = envint("NEWS_FEED_INTERVAL_MINUTES", 60)
# Members' feeds: longest wait between tries of a feed that keeps failing (hours).
NEWS_FEED_MAX_BACKOFF_HOURS = envint("NEWS_FEED_MAX_BACKOFF_HOURS", 24)
# Members' feeds: seconds one feed's fetch may take in all; largest feed accepted (bytes).
NEWS_FEED_DEADLINE_SECONDS = envint("NEWS_FEED_DEADLINE_SECONDS", 20)
NEWS_FEED_MAX_BYTES = envint("NEWS_FEED_MAX_BYTES", 2 * 1024 * 1024)
# Members' feeds: most feeds fetched per scheduler run, and at the same time.
NEWS_FEED_BATCH = envint("NEWS_FEED_BATCH", 100)
NEWS_FEED_CONCURRENCY = envint("NEWS_FEED_CONCURRENCY", 8)
# Members' feeds: entries kept per feed (the newest).
NEWS_FEED_KEEP_ENTRIES = envint("NEWS_FEED_KEEP_ENTRIES", 50)

# Mailings (coalition/mailings, docs/mailings.md).
# Sign-ups at /subscribe/ per client address (like 5/10m; empty for no limit).
MAILINGS_SUBSCRIBE_RATE_LIMIT = envstr("MAILINGS_SUBSCRIBE_RATE_LIMIT", "5/10m")
# Days a confirmation link in a sign-up email works.
MAILINGS_CONFIRM_DAYS = envint("MAILINGS_CONFIRM_DAYS", 7)
# Days the unsubscribe and preferences links in a message keep working.
MAILINGS_LINK_DAYS = envint("MAILINGS_LINK_DAYS", 400)
# Bounce score at which an address is suspended (a hard bounce counts 1, a soft 0.5).
MAILINGS_BOUNCE_THRESHOLD = envstr("MAILINGS_BOUNCE_THRESHOLD", "3")
# Shared secret of the bounce webhook (POST /mailings/bounces/); empty turns it off.
MAILINGS_BOUNCE_WEBHOOK_SECRET = envstr("MAILINGS_BOUNCE_WEBHOOK_SECRET")
# Messages each sending worker process sends per second (0: as fast as the server takes them).
MAILINGS_MAX_PER_SECOND = envint("MAILINGS_MAX_PER_SECOND", 20)
# Messages all workers together send per hour (0: no limit).
MAILINGS_MAX_PER_HOUR = envint("MAILINGS_MAX_PER_HOUR", 0)
# Sending threads in each `manage.py send_bulletins` worker (each its own SMTP connection).
MAILINGS_WORKER_THREADS = envint("MAILINGS_WORKER_THREADS", 2)
# Deliveries a worker claims at a time (each batch goes over one SMTP connection).
MAILINGS_BATCH_SIZE = envint("MAILINGS_BATCH_SIZE", 200)
# Seconds after which a batch claimed by a worker that stopped is claimed by another.
MAILINGS_CLAIM_TIMEOUT_SECONDS = envint("MAILINGS_CLAIM_TIMEOUT_SECONDS", 300)
# Attempts for a message the server refuses for now (4xx) before it is marked failed.
MAILINGS_MAX_ATTEMPTS = envint("MAILINGS_MAX_ATTEMPTS", 5)
# Seconds before the first retry of a temporary failure (doubled for each further attempt).
MAILINGS_RETRY_SECONDS = envint("MAILINGS_RETRY_SECONDS", 60)
# Envelope sender (Return-Path) for bulletins, where bounces go; empty: DEFAULT_FROM_EMAIL.
MAILINGS_BOUNCE_ADDRESS = envstr("MAILINGS_BOUNCE_ADDRESS")

# --- Site search --------------------------------------------------------------------------
# The crawler's User-Agent is FETCH_USER_AGENT above (it carries the contact address).
# Milliseconds to wait between two requests to the same host.
SITESEARCH_MIN_DELAY_MS = envint("SITESEARCH_MIN_DELAY_MS", 1000)
# Hosts (host or host:port) crawled with no minimum delay (an intranet, tests, benchmarks).
SITESEARCH_NO_DELAY_HOSTS = envlist("SITESEARCH_NO_DELAY_HOSTS")
# A robots.txt Crawl-delay above this many seconds: the host is skipped and reported.
SITESEARCH_MAX_CRAWL_DELAY_SECONDS = envint("SITESEARCH_MAX_CRAWL_DELAY_SECONDS", 30)
# Requests at a time to one host (1 is polite), and hosts crawled at once by one worker.
SITESEARCH_HOST_CONCURRENCY = envint("SITESEARCH_HOST_CONCURRENCY", 1)
SITESEARCH_HOSTS_AT_ONCE = envint("SITESEARCH_HOSTS_AT_ONCE", 8)
# Processes extracting text from pages during a crawl (0: in the crawling process).
SITESEARCH_EXTRACT_WORKERS = envint("SITESEARCH_EXTRACT_WORKERS", 2)
# Characters of a page's text kept in the index.
SITESEARCH_MAX_TEXT_CHARS = envint("SITESEARCH_MAX_TEXT_CHARS", 100_000)
# Matches ranked for one query (the best of these are shown; facets count them).
SITESEARCH_CANDIDATES = envint("SITESEARCH_CANDIDATES", 1000)
# Results on one page of /search/.
SITESEARCH_PAGE_SIZE = envint("SITESEARCH_PAGE_SIZE", 10)
# SQLite: the search connection reads the index memory-mapped (MB of address space, shared
# with the OS page cache) with a larger page cache (MB per connection).
SITESEARCH_SQLITE_MMAP_MB = envint("SITESEARCH_SQLITE_MMAP_MB", 1024)
SITESEARCH_SQLITE_CACHE_MB = envint("SITESEARCH_SQLITE_CACHE_MB", 32)
# PostgreSQL: a phrase search taking longer than SITESEARCH_PHRASE_TIMEOUT_MS is run again
# over the first SITESEARCH_PHRASE_SCAN documents holding all its words (GIN cannot check
# word order: without this, rare phrases of common words take seconds), and the page says
# it shows the first results found. Any search is stopped after SITESEARCH_TIMEOUT_MS.
SITESEARCH_TIMEOUT_MS = envint("SITESEARCH_TIMEOUT_MS", 2000)
SITESEARCH_PHRASE_TIMEOUT_MS = envint("SITESEARCH_PHRASE_TIMEOUT_MS", 150)
SITESEARCH_PHRASE_SCAN = envint("SITESEARCH_PHRASE_SCAN", 1000)

# --- Surveys ------------------------------------------------------------------------------
# Answers to surveys (each page sent) per client address: a burst and a daily limit
# ("60/10m": sixty in ten minutes; empty for no limit).
SURVEY_RATE_LIMIT_BURST = envstr("SURVEY_RATE_LIMIT_BURST", "60/10m")
SURVEY_RATE_LIMIT_DAILY = envstr("SURVEY_RATE_LIMIT_DAILY", "500/1d")
# Independence audits taken per client address ("10/1h"; empty for no limit).
SURVEY_AUDIT_RATE_LIMIT = envstr("SURVEY_AUDIT_RATE_LIMIT", "10/1h")
# Reminders sent to an invited person who has not answered (0 for none).
SURVEY_MAX_REMINDERS = envint("SURVEY_MAX_REMINDERS", 2)
# Most invitation addresses accepted at once.
SURVEY_MAX_INVITATIONS = envint("SURVEY_MAX_INVITATIONS", 20000)

# --- Governance, programme and enquiries --------------------------------------------------
# Owners of open meeting actions are emailed this many days before the due date.
GOVERNANCE_ACTION_REMINDER_DAYS = envint("GOVERNANCE_ACTION_REMINDER_DAYS", 3)
# The share of turnover the coalition aims to earn (subscriptions and tender fees), percent.
EARNED_INCOME_TARGET_PERCENT = envint("EARNED_INCOME_TARGET_PERCENT", 25)
# The month the financial year starts (4: April to March).
FINANCIAL_YEAR_START_MONTH = envint("FINANCIAL_YEAR_START_MONTH", 4)
# Funding deadlines and grant reports are reminded this many days ahead.
PROGRAMME_REMINDER_DAYS = envint("PROGRAMME_REMINDER_DAYS", 14)
# Who gets programme reminders (empty: every staff account's address).
PROGRAMME_REMINDER_EMAIL = envstr("PROGRAMME_REMINDER_EMAIL", "")
# "Ask us" and introduction requests per client address (like "5/10m"; empty for no limit).
ENQUIRY_RATE_LIMIT = envstr("ENQUIRY_RATE_LIMIT", "5/10m")
# The inbound address replies come back to; each enquiry gets a +token plus-address of it.
ENQUIRY_REPLY_ADDRESS = envstr("ENQUIRY_REPLY_ADDRESS", "enquiries@example.org")
# Shared secret of the inbound-mail webhook (empty: the webhook refuses everything).
ENQUIRY_INBOUND_SECRET = envstr("ENQUIRY_INBOUND_SECRET", "")

# --- API ---------------------------------------------------------------------------------
# Requests to /api/ per client address, per token, and submissions per token ("" for none).
API_RATE_LIMIT = envstr("API_RATE_LIMIT", "300/1m")
API_TOKEN_RATE_LIMIT = envstr("API_TOKEN_RATE_LIMIT", "600/1m")
API_WRITE_RATE_LIMIT = envstr("API_WRITE_RATE_LIMIT", "60/1h")

# --- Research ------------------------------------------------------------------------------
# Items in each page of the research library, and the largest uploads it takes.
RESEARCH_PAGE_SIZE = envint("RESEARCH_PAGE_SIZE", 20)
RESEARCH_FILE_MAX_BYTES = envint("RESEARCH_FILE_MAX_BYTES", 30 * 1024 * 1024)
RESEARCH_IMPORT_MAX_BYTES = envint("RESEARCH_IMPORT_MAX_BYTES", 25 * 1024 * 1024)
# Most items in one RIS/BibTeX/CSL-JSON export of a filtered list.
RESEARCH_EXPORT_MAX_ITEMS = envint("RESEARCH_EXPORT_MAX_ITEMS", 5000)
# Characters of an uploaded PDF's text kept for site search.
RESEARCH_PDF_TEXT_CHARS = envint("RESEARCH_PDF_TEXT_CHARS", 200_000)
# The mailing list (slug) research briefings go to.
RESEARCH_BRIEFING_LIST = envstr("RESEARCH_BRIEFING_LIST", "research-briefings")

# --- Policy and discussions ----------------------------------------------------------------
# (settings of the policy and discussions apps go here)
# A post with this many open reports is hidden until staff review it.
DISCUSSIONS_REPORTS_TO_HIDE = envint("DISCUSSIONS_REPORTS_TO_HIDE", 3)
DISCUSSIONS_POSTS_PER_PAGE = 30
# The weekly deadlines digest lists consultations closing within this many days.
POLICY_DIGEST_DAYS = envint("POLICY_DIGEST_DAYS", 28)

# --- Operations ------------------------------------------------------------------------------
# docs/deploy.md and docs/scale.md. The staff page of scheduled jobs (/staff/jobs/) flags a
# job whose next run is more than this many minutes past: no scheduler is running.
SCHEDULER_OVERDUE_MINUTES = envint("SCHEDULER_OVERDUE_MINUTES", 15)
# Where `manage.py backup` writes its archives unless given --output.
BACKUP_DIR = envpath("BACKUP_DIR", VAR_DIR / "backups")
# PostgreSQL read replicas, comma-separated database URLs. Reads of read-only pages (GET by
# visitors without a session) go to one of them; everything else, and every write, to the
# primary (DATABASE_URL). See coalition/core/routers.py.
DATABASE_REPLICA_URLS = envlist("DATABASE_REPLICA_URLS")
# After a visitor posts a form, their reads stay on the primary this long (replication lag).
DATABASE_REPLICA_PIN_SECONDS = envint("DATABASE_REPLICA_PIN_SECONDS", 10)
if DATABASE_REPLICA_URLS:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs DATABASE_URL=postgres://...")
    for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
        DATABASES[f"replica{_number}"] = dj_database_url.parse(
            _url, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        ) | {"TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["coalition.core.routers.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(1, "coalition.core.routers.ReplicaMiddleware")
# A Redis queue for background tasks instead of the database (docs/scale.md): set
# TASKS_BACKEND=django_tasks_rq.RQBackend and TASKS_REDIS_URL=redis://host:6379/1, install
# django-tasks-rq, and run `manage.py rqworker --job-class django_tasks_rq.Job` as the worker.
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": envstr("TASKS_REDIS_URL") or CACHE_URL}}
    if not RQ_QUEUES["default"]["URL"].startswith("redis"):
        raise ImproperlyConfigured("The RQ tasks backend needs TASKS_REDIS_URL=redis://...")

# --- Privacy -------------------------------------------------------------------------------
# Retention (enforced daily by the "privacy.retention" job) and subject access exports.
# Unconfirmed campaign actions and mailing-list sign-ups are deleted after this many days.
PRIVACY_UNCONFIRMED_DAYS = envint("PRIVACY_UNCONFIRMED_DAYS", 30)
# IP addresses (survey responses with their browser, the audit log) are removed after this.
PRIVACY_IP_ADDRESS_DAYS = envint("PRIVACY_IP_ADDRESS_DAYS", 30)
# A data export not downloaded is deleted after this many days (downloaded ones at once).
PRIVACY_EXPORT_KEEP_DAYS = envint("PRIVACY_EXPORT_KEEP_DAYS", 7)
# Export ZIPs live here, outside MEDIA_ROOT, so the web server never serves them.
PRIVACY_EXPORT_DIR = envpath("PRIVACY_EXPORT_DIR", VAR_DIR / "private" / "exports")

# --- Scheduler ---------------------------------------------------------------------------
# Periodic jobs: how long a claimed run may last before another process may
# take it over (a crashed scheduler must not block a job forever).
SCHEDULER_STALE_AFTER_SECONDS = envint("SCHEDULER_STALE_AFTER_SECONDS", 3600)
RENEWAL_REMINDER_DAYS = [30, 7]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
FORM_RENDERER = "coalition.core.forms.FormRenderer"
