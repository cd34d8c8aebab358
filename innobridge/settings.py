"""Innobridge settings: one file, every deployment choice read from the environment.

With no environment at all the app runs locally on a SQLite file in ./data (WAL mode),
which is what `make run` relies on. Production sets DATABASE_URL, SECRET_KEY, DEBUG=0 and
ALLOWED_HOSTS; see .env.example and docs/DEPLOY.md.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable; accepts 1/0, true/false, yes/no, on/off."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable into a list without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _default_data_dir() -> Path:
    """Where local data lives when INNOBRIDGE_DATA_DIR is not set: the checkout's `data/`
    when running from a source checkout, whatever the working folder (`make messages` runs
    from inside the package, and a data folder there once put a secret key into git);
    otherwise `./data`."""
    checkout = BASE_DIR.parent
    if (checkout / "pyproject.toml").is_file():
        return checkout / "data"
    return Path.cwd() / "data"


DATA_DIR = Path(os.environ.get("INNOBRIDGE_DATA_DIR") or _default_data_dir()).resolve()
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)


def _local_secret_key(data_dir: Path) -> str:
    """A random key kept in the data folder, so a local install never runs on a known key.

    Written to a file readable by its owner only (mode 0600 from the first byte), then
    published under its name with a hard link, which fails if another process got there
    first: every process reads one complete key. Never inside the package, where it could
    be committed or shipped.
    """
    key_file = data_dir / "secret_key"
    if BASE_DIR in key_file.resolve().parents:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"INNOBRIDGE_DATA_DIR ({data_dir}) is inside the package {BASE_DIR}; "
            "keep local data outside it."
        )
    if not key_file.exists():
        draft = data_dir / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_guid",
    "innobridge.core",
    "innobridge.accounts",
    "innobridge.notifications",
    "innobridge.organizations",
    "innobridge.marketplace",
    "innobridge.search",
    "innobridge.agreements",
    "innobridge.news",
    "innobridge.events",
    "innobridge.analytics",
]

MIDDLEWARE = [
    # First, so that every log line of a request carries its id (LOGGING below).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its own answer (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innobridge.urls"
WSGI_APPLICATION = "innobridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "innobridge.context_processors.site",
            ],
            # `direction` on every page: content keeps its own writing direction.
            "builtins": ["innobridge.core.templatetags.content"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{DATA_DIR / 'innobridge.sqlite3'}"
# Connections stay open between requests for a minute, and each is checked before a
# request reuses it: after a PostgreSQL restart the first request opens a new one instead
# of failing on the dead one (bench/load.py's fault run restarts PostgreSQL under load).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL,
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while one of them writes; IMMEDIATE
    # transactions avoid "database is locked" upgrades from read to write locks.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, for the test database too: the tests start a real worker process,
    # which must see the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-innobridge.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------
# Locally one process's memory. In production CACHE_URL=redis://host:6379/0: one cache
# that every web process and worker shares (rate-limit counts, dashboards, facets), which
# degrades to misses if Redis stops answering (core/cache.py); sessions are then kept in
# Redis and written through to the database, so a Redis restart signs nobody out.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5"))
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "innobridge.core.cache.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "innobridge"),
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What is made of published listings alone (facet counts, the marketplace's list pages,
# search answers) is cached only where every process shares the cache: a change forgets
# it everywhere at once. In each process's own memory (no CACHE_URL, several workers) a
# closed listing would go on showing in the other processes' copies.
CACHE_PUBLISHED = env_bool("CACHE_PUBLISHED", bool(CACHE_URL))

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Argon2 first: new and changed passwords are hashed with it, and a stored PBKDF2 hash is
# rehashed with Argon2 the next time its owner signs in (Django does this on login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes counts failed sign-ins (web form, admin and the API's token endpoint: every
# call of authenticate()) and locks out a user name from the client address that failed
# AXES_FAILURE_LIMIT times in a row, for AXES_COOLOFF_TIME; a success resets the count.
# Locking the pair, not the name alone, keeps a stranger from locking a member out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "innobridge.accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "innobridge.accounts.lockout.client_username"
# The sign-in form and the token endpoint both call the e-mail address "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Behind a reverse proxy every client arrives from the proxy's address: trust the address
# it passes on (nginx sets X-Real-IP, docs/DEPLOY.md), and only when told there is one.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP", "REMOTE_ADDR")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("vi", "Tiếng Việt"),
    ("ru", "Русский"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "innobridge.core.storage.StaticStorage"
        )
    },
}
# Uploads anyone may fetch under MEDIA_URL; every other upload belongs to something with
# visibility rules and is served by core.views.protected_file after its permission check.
PUBLIC_MEDIA_PREFIXES = ("logos/",)
# Behind nginx: the internal location that serves MEDIA_ROOT (X-Accel-Redirect), so that
# files are streamed by nginx once the app has checked the permission; empty: the app
# streams them itself (docs/DEPLOY.md).
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "")
LOGO_MAX_BYTES = int(os.environ.get("LOGO_MAX_BYTES", 2 * 1024 * 1024))
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "sent-mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# The address of the site as seen by users, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Innobridge <noreply@innobridge.local>")

# --- Background work -----------------------------------------------------------------
# django-tasks (Django's Tasks API, backported to 5.2) with a database queue by default:
# `innobridge worker` runs the jobs. A broker-backed backend can be set in production.
# Background jobs. Locally the jobs table of the database (django-tasks-db), which one
# `innobridge worker` polls. In production TASKS_BACKEND=django_tasks_rq.RQBackend: the
# jobs wait in Redis (RQ) and any number of `innobridge worker` processes take them
# (core/workers.py: a worker that dies mid-job is noticed and its job queued again).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
RQ_TASKS_BACKEND = "django_tasks_rq.RQBackend"
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}
# The Redis database RQ keeps its jobs in; not the cache's (emptying the cache must not
# drop jobs).
TASKS_REDIS_URL = os.environ.get("TASKS_REDIS_URL", "redis://127.0.0.1:6379/1")
# The longest a job may run before the worker stops it (a full reindex of 1,000,000
# listings is the longest, at about 40 minutes on two cores).
TASK_TIMEOUT_SECONDS = int(os.environ.get("TASK_TIMEOUT_SECONDS", "7200"))
RQ_QUEUES = {
    "default": {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": TASK_TIMEOUT_SECONDS},
}
# A worker running a job renews its claim this often divided by three; a claim not renewed
# for this long (the worker died or was killed) marks the job abandoned, and the next
# worker's maintenance (every TASK_MAINTENANCE_SECONDS) queues it again, at most
# TASK_ABANDONED_RETRIES times.
TASK_HEARTBEAT_SECONDS = int(os.environ.get("TASK_HEARTBEAT_SECONDS", "60"))
TASK_MAINTENANCE_SECONDS = int(os.environ.get("TASK_MAINTENANCE_SECONDS", "60"))
TASK_ABANDONED_RETRIES = int(os.environ.get("TASK_ABANDONED_RETRIES", "2"))
if TASKS_BACKEND == RQ_TASKS_BACKEND:
    INSTALLED_APPS.append("django_rq")
# Jobs the worker enqueues on a schedule: dotted path -> interval in seconds.
PERIODIC_TASKS = {
    "innobridge.marketplace.tasks.expire_listings": int(
        os.environ.get("EXPIRY_INTERVAL_SECONDS", "3600")
    ),
    "innobridge.search.tasks.send_match_digests": int(
        os.environ.get("DIGEST_INTERVAL_SECONDS", "3600")
    ),
    "innobridge.agreements.tasks.notify_overdue_milestones": int(
        os.environ.get("OVERDUE_INTERVAL_SECONDS", "3600")
    ),
    "innobridge.events.tasks.expire_meeting_requests": int(
        os.environ.get("EXPIRY_INTERVAL_SECONDS", "3600")
    ),
    # Re-embed listings and articles the current model has not (after a change of model).
    "innobridge.search.tasks.index_stale_listings": int(
        os.environ.get("STALE_INDEX_INTERVAL_SECONDS", "600")
    ),
    "innobridge.news.tasks.embed_stale_articles": int(
        os.environ.get("STALE_INDEX_INTERVAL_SECONDS", "600")
    ),
    # Recompute the cooperation network where its ties changed: a write shows in the
    # network's figures after at most this long (analytics.services).
    "innobridge.analytics.tasks.refresh_network": int(
        os.environ.get("ANALYTICS_REFRESH_SECONDS", "300")
    ),
}

# What `innobridge serve` prints as the demo sign-in, if the demo is loaded.
DEMO_LOGIN_HINT = "innobridge.organizations.demo.demo_login_hint"
# What `innobridge demo` loads, in order.
DEMO_LOADERS = [
    "innobridge.organizations.demo.demo_load",
    "innobridge.marketplace.demo.demo_load",
    "innobridge.agreements.demo.demo_load",
    "innobridge.agreements.demo_history.demo_load",
    "innobridge.news.demo.demo_load",
    "innobridge.events.demo.demo_load",
    "innobridge.analytics.demo.demo_load",
]

# Tables the secretariat imports and exports on the exchange page (core.exchange.Dataset).
EXCHANGE_DATASETS = [
    "innobridge.organizations.exchange.DATASET",
    "innobridge.marketplace.exchange.DATASET",
    "innobridge.agreements.exchange.DATASET",
]

# Stages other apps add to the agreements' funnel between interest and agreement.
AGREEMENT_FUNNEL_STEPS = ["innobridge.events.selectors.meeting_funnel_steps"]

# --- Analytics ------------------------------------------------------------------------
# Country boundaries of the dashboards' world map (GeoJSON, ISO alpha-2 code as each
# feature's `name`). Natural Earth by default; a deployment in China sets an officially
# approved map here (analytics/data/SOURCES.md).
ANALYTICS_MAP_FILE = os.environ.get(
    "ANALYTICS_MAP_FILE", str(BASE_DIR / "analytics" / "data" / "world-countries.geojson")
)
# Where the cooperation network's ties come from: functions (audience) -> ties
# (analytics.sources); a new kind of tie is one more entry.
ANALYTICS_TIE_SOURCES = [
    "innobridge.analytics.sources.agreement_ties",
    "innobridge.analytics.sources.interest_ties",
    "innobridge.analytics.sources.meeting_ties",
    "innobridge.analytics.sources.co_organized_ties",
]

# --- Events ---------------------------------------------------------------------------
# Seconds the B2B scheduler may take (HiGHS; bench/scheduler.py measures it).
EVENTS_SCHEDULE_SECONDS = float(os.environ.get("EVENTS_SCHEDULE_SECONDS", "10"))

# --- Marketplace ----------------------------------------------------------------------
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 50 * 1024 * 1024))

# --- Search ---------------------------------------------------------------------------
SEARCH_EMBEDDERS = {
    "e5": "innobridge.search.embedders.E5Embedder",
    "e5-raw": "innobridge.search.embedders.E5RawEmbedder",
    "use": "innobridge.search.embedders.USEEmbedder",
    "e5+use": "innobridge.search.embedders.FusedEmbedder",
}
# e5 and USE fused (bench/RESULTS.md shows why); "e5" alone indexes twice as fast.
SEARCH_EMBEDDER = os.environ.get("SEARCH_EMBEDDER", "e5+use")
SEARCH_INDEX_DIR = DATA_DIR / "search"
# Above this many vectors, an HNSW graph (usearch) answers instead of an exact scan.
SEARCH_HNSW_THRESHOLD = int(os.environ.get("SEARCH_HNSW_THRESHOLD", "20000"))
# How often (seconds) a process asks the database whether the worker changed the vectors;
# the worker indexes asynchronously anyway, so a second of delay is never seen.
SEARCH_INDEX_CHECK_SECONDS = float(os.environ.get("SEARCH_INDEX_CHECK_SECONDS", "1"))
# How often it also counts the vectors (which reveals deletions; results never show a
# deleted listing meanwhile, they are checked against the published ones).
SEARCH_INDEX_AUDIT_SECONDS = float(os.environ.get("SEARCH_INDEX_AUDIT_SECONDS", "300"))
# Threads numpy's BLAS may use once an embedder is loaded (0: leave as is). The e5 model
# has its own OpenMP threads; more BLAS threads only compete with them (embedders.py).
SEARCH_BLAS_THREADS = int(os.environ.get("SEARCH_BLAS_THREADS", "1"))
# Load the search models and open the vector index when a web process starts (wsgi.py).
SEARCH_WARM_UP = os.environ.get("SEARCH_WARM_UP", "1") == "1"
# How long a process reuses the listing ids a search filter allows (seconds).
SEARCH_FILTER_CACHE_SECONDS = float(os.environ.get("SEARCH_FILTER_CACHE_SECONDS", "10"))
# Query terms found in more than this share of the indexed listings are left out of the
# lexical retrieval once the index holds SEARCH_LEXICAL_PRUNE_FROM listings: ranking every
# listing that contains "the" costs hundreds of milliseconds at 100,000 and says nothing.
SEARCH_LEXICAL_MAX_DF_SHARE = float(os.environ.get("SEARCH_LEXICAL_MAX_DF_SHARE", "0.05"))
SEARCH_LEXICAL_PRUNE_FROM = int(os.environ.get("SEARCH_LEXICAL_PRUNE_FROM", "5000"))
# ... and so are terms in more than this many listings (2 % at 1,000,000: ranking the
# 50,000 listings of a 5 % term took about 40 ms there).
SEARCH_LEXICAL_MAX_DF = int(os.environ.get("SEARCH_LEXICAL_MAX_DF", "20000"))
# Background jobs queued (after commit) whenever listings change; each gets their ids.
LISTING_CHANGE_TASKS = [
    "innobridge.search.tasks.index_listings",
    "innobridge.search.tasks.refresh_suggestions",
]

# --- Security -------------------------------------------------------------------------
# Production sets these (.env.example, docs/DEPLOY.md); `innobridge check --deploy` is then
# clean. Locally, over plain HTTP, they stay off.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes over plain HTTP on the host
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_TLS_PROXY", False):
    # nginx terminates TLS and says so in this header (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site
# only, no inline script or style element; the charts' tooltips and the timeline set
# styles from script or attributes, which style-src-attr allows, and the API's Swagger
# page loads its own scripts from static files. Report-only while CSP_REPORT_ONLY=1.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
# Permissions-Policy (django-permissions-policy): no page needs these powerful features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb",
    )
}  # fmt: skip
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- REST API -------------------------------------------------------------------------
# Days an API token lasts (accounts.services.token_issue); its owner may revoke it sooner.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "innobridge.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "innobridge.core.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "innobridge.core.api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "innobridge.core.api.schema.ErrorDocumentingAutoSchema",
    "EXCEPTION_HANDLER": "innobridge.core.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Per signed-in user and per anonymous client address, counted in the cache (Redis in
    # production, so every web process counts together); an excess answers 429.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE_ANONYMOUS", "120/minute"),
        "user": os.environ.get("API_RATE_USER", "1200/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Innobridge API",
    "DESCRIPTION": "Member directory, taxonomies and cooperation data of the alliance.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" with their own choices: name each set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ListingStatusEnum": "innobridge.marketplace.choices.ListingStatus",
        "InterestStatusEnum": "innobridge.marketplace.choices.InterestStatus",
        "AgreementStatusEnum": "innobridge.agreements.choices.AgreementStatus",
        "MilestoneStatusEnum": "innobridge.agreements.choices.MilestoneStatus",
        "InnovationStageEnum": "innobridge.marketplace.choices.InnovationStage",
        # Listings and library documents both have a "kind".
        "ListingKindEnum": "innobridge.marketplace.choices.ListingKind",
        "DocumentKindEnum": "innobridge.news.choices.DocumentKind",
        # Events, their registrations and meetings each have a "status"; organizers, parties
        # and speakers each a "role"; sessions a "kind".
        "EventStatusEnum": "innobridge.events.choices.EventStatus",
        "RegistrationStatusEnum": "innobridge.events.choices.RegistrationStatus",
        "MeetingStatusEnum": "innobridge.events.choices.MeetingStatus",
        "EventOrganizationRoleEnum": "innobridge.events.choices.OrganizationRole",
        "SessionPersonRoleEnum": "innobridge.events.choices.PersonRole",
        "PartyRoleEnum": "innobridge.agreements.choices.PartyRole",
        "SessionKindEnum": "innobridge.events.choices.SessionKind",
    },
}

# --- Logging --------------------------------------------------------------------------
# Every request has an id (django-guid): nginx's X-Request-ID where it sends one (docs/
# DEPLOY.md), else a new one; the answer carries it back, and every log line of the request
# holds it as `request_id`. LOG_FORMAT=json writes one JSON object per line (production,
# for the log collector); "text" reads better on a terminal.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": False,  # the proxy's ids are 32 hex digits, not always a UUID
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId",
                               "correlation_id_field": "request_id"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}  # fmt: skip

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
