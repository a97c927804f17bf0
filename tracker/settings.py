"""Settings for the recommendation tracker, driven by environment variables.

They fail closed: DEBUG is off unless DJANGO_DEBUG is set, and without DEBUG a
DJANGO_SECRET_KEY must be given.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. Set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-used-only-with-debug-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "recommendations",
    "alerts",
    "intake",
    "parliament",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: CORS, API keys and rate limits for every answer under /api/v1/, cached or not.
    "api.middleware.ApiMiddleware",
    # Before the rest: a public page answered from the page cache, or a 304, skips them.
    "recommendations.freshness.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tracker.middleware.ContentSecurityPolicyMiddleware",
    "tracker.middleware.DatabaseUnavailableMiddleware",
    "tracker.middleware.RejectNulInPathMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every sign-in before Django's own backend does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections bring nothing to SQLite and keep files open.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # A database that does not answer gives a quick 503 page, not a hung worker.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")))
    # The site's queries read a few thousand rows at most: compiling them (PostgreSQL's JIT, on when a plan's
    # estimated cost is high) takes longer than running them; a page's query once spent 490 of its 505 ms on it.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Staff sessions end after eight hours and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_PROXY = env_flag("DJANGO_BEHIND_PROXY")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
    # Both only take effect with SECURE_HSTS_SECONDS; includeSubDomains covers the site's own host's subdomains.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (tracker.middleware): the public pages need no script and no inline style.
CSP_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Django's admin loads its scripts from files, but some pages carry an inline <style> block.
CSP_ADMIN_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

# Public pages (recommendations.freshness). The data versions must be shared by every worker ("freshness"): files
# in DJANGO_FRESHNESS_DIR on one machine. Rendered pages ("default") are kept in each worker's memory, bounded in
# bytes (DJANGO_PAGE_CACHE_MB). With REDIS_URL (e.g. redis://127.0.0.1:6379/0), both live in that Redis, which
# several machines then share; bound it with Redis's own maxmemory and an allkeys-lru policy.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Sites (or test runs) sharing one Redis each set their own DJANGO_CACHE_PREFIX.
            "KEY_PREFIX": f"{os.environ.get('DJANGO_CACHE_PREFIX', 'tracker')}-{name}",
        }
        for name in ("default", "freshness")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "tracker.caches.BoundedMemoryCache",
            "OPTIONS": {
                "MAX_ENTRIES": int(os.environ.get("DJANGO_PAGE_CACHE_ENTRIES", "2000")),
                "MAX_BYTES": int(os.environ.get("DJANGO_PAGE_CACHE_MB", "64")) * 2**20,
            },
        },
        "freshness": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_FRESHNESS_DIR") or str(BASE_DIR / "var" / "freshness"),
        },
    }
# The read API's rate limits (api.throttle), counted in a cache every worker shares: files in DJANGO_API_RATE_DIR
# by default (one machine); Redis at DJANGO_API_REDIS_URL, else REDIS_URL, where several machines serve the site.
# Anonymous clients are counted by address, key holders by key (an API key's own limit wins).
API_REDIS_URL = os.environ.get("DJANGO_API_REDIS_URL") or REDIS_URL
CACHES["api"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": API_REDIS_URL, "KEY_PREFIX": "api"}
    if API_REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DJANGO_API_RATE_DIR") or str(BASE_DIR / "var" / "api-rate"),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
)
API_RATE_CACHE = "api"
API_RATE_WINDOW = int(os.environ.get("DJANGO_API_RATE_WINDOW", "60"))
API_ANONYMOUS_RATE_LIMIT = int(os.environ.get("DJANGO_API_ANONYMOUS_RATE_LIMIT", "60"))
API_KEY_RATE_LIMIT = int(os.environ.get("DJANGO_API_KEY_RATE_LIMIT", "1200"))
PUBLIC_PAGE_CACHE = env_flag("DJANGO_PAGE_CACHE", True)
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# A page (or a streamed export) bigger than this is served but not kept.
PUBLIC_PAGE_CACHE_MAX_BYTES = int(os.environ.get("DJANGO_PAGE_CACHE_PAGE_KB", "1024")) * 1024
# How long a browser or proxy may keep a public page without asking again (it then gets a 304 if unchanged).
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("DJANGO_PUBLIC_MAX_AGE", "60"))

# Seconds a client is asked to wait (Retry-After) when the database is unreachable.
DATABASE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DJANGO_RETRY_AFTER", "10"))

# Intake (intake.readers.limits): an uploaded or imported document is at most INTAKE_MAX_UPLOAD_BYTES, and is read
# in a child process held to these limits; a document over one gets a message naming it.
INTAKE_MAX_UPLOAD_BYTES = int(os.environ.get("DJANGO_INTAKE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
INTAKE_READ_SECONDS = int(os.environ.get("DJANGO_INTAKE_READ_SECONDS", "15"))
INTAKE_READ_MEMORY_MB = int(os.environ.get("DJANGO_INTAKE_READ_MEMORY_MB", "1024"))
INTAKE_READ_DECOMPRESSED_MB = int(os.environ.get("DJANGO_INTAKE_READ_DECOMPRESSED_MB", "100"))
INTAKE_READ_PAGES = int(os.environ.get("DJANGO_INTAKE_READ_PAGES", "2000"))
INTAKE_READ_CHARACTERS = int(os.environ.get("DJANGO_INTAKE_READ_CHARACTERS", "5000000"))
INTAKE_READ_PAGE_CHARACTERS = int(os.environ.get("DJANGO_INTAKE_READ_PAGE_CHARACTERS", "20000"))
INTAKE_READ_FORM_DEPTH = int(os.environ.get("DJANGO_INTAKE_READ_FORM_DEPTH", "4"))
# Drafts one editor may have waiting for review (intake.uploads): a further upload is refused until one is
# published or discarded.
INTAKE_MAX_WAITING_DRAFTS = int(os.environ.get("DJANGO_INTAKE_MAX_WAITING_DRAFTS", "10"))

# Sign-in throttling (django-axes, policy in tracker.throttling): an account is refused from an address
# after AXES_FAILURE_LIMIT failures there, an address after SIGNIN_ADDRESS_FAILURE_LIMIT failures whatever the
# accounts, both for AXES_COOLOFF_TIME. Nothing is locked per account alone.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
SIGNIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DJANGO_SIGNIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "30")))
# The order matters: tracker.throttling reads the account-at-address failures first.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "tracker.throttling.AccountAtAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "tracker.middleware.client_ip"

# Mail (alerts): SMTP as the environment says; with DEBUG on and no mail host, mail is printed on the console.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Recommendation tracker <alerts@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEBUG and not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL_HOST or "localhost"
# The site's address, for the absolute links in mail (a deploy check warns when it is not set to https).
SITE_URL_IS_DEFAULT = not os.environ.get("DJANGO_SITE_URL")
SITE_URL = (os.environ.get("DJANGO_SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# Where signing in leads when the form's `next` is missing or points off the site.
LOGIN_REDIRECT_URL = "admin:index"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Parliament's APIs, for sync_parliament (the real ones unless set: a fake or a mirror answers the same).
PARLIAMENT_COMMITTEES_API_URL = os.environ.get(
    "PARLIAMENT_COMMITTEES_API_URL", "https://committees-api.parliament.uk/api"
)
PARLIAMENT_QUESTIONS_API_URL = os.environ.get(
    "PARLIAMENT_QUESTIONS_API_URL", "https://questions-statements-api.parliament.uk/api"
)
# A polite pace: at most this many requests a second (0: no pause).
PARLIAMENT_REQUESTS_PER_SECOND = float(os.environ.get("PARLIAMENT_REQUESTS_PER_SECOND", "1"))
PARLIAMENT_USER_AGENT = os.environ.get(
    "PARLIAMENT_USER_AGENT", "select-committee-recommendation-tracker (sync_parliament; +" + SITE_URL + ")"
)
PARLIAMENT_TIMEOUTS = (10, 60)  # connect, read (seconds)
PARLIAMENT_RETRIES = int(os.environ.get("PARLIAMENT_RETRIES", "5"))
PARLIAMENT_RETRY_BACKOFF = float(os.environ.get("PARLIAMENT_RETRY_BACKOFF", "2"))  # seconds, doubled each retry
PARLIAMENT_MAX_WAIT = 300  # the longest pause a Retry-After may ask for (seconds)
PARLIAMENT_PAGE_SIZE = 30  # the API's default Take
PARLIAMENT_SYNC_SINCE = os.environ.get("PARLIAMENT_SYNC_SINCE", "2010-01-01")  # the first window of a full sync
# A publication's page on the committees' site, for publications the API gives no other link for.
PARLIAMENT_PUBLICATION_PAGE_URL = "https://committees.parliament.uk/publications/{id}/"
PARLIAMENT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
