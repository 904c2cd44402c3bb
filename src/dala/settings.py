"""dala's one settings module. Every value comes from the environment, with the defaults documented
in docs/configuration.md; there is no local settings file."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(env("DALA_VAR_DIR", str(BASE_DIR / "var"))).resolve()
TESTING = "pytest" in sys.modules or env_bool("DALA_TESTING", False)


def _secret_key() -> str:
    if key := env("DALA_SECRET_KEY"):
        return key
    # Embedded default: one random key per installation, kept under var/.
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DALA_DEBUG", False)
ALLOWED_HOSTS = env_list("DALA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DALA_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("DALA_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "dala.core",
    "dala.accounts",
    "dala.catalog",
    "dala.imaging",
    "dala.market",
    "dala.programmes",
    "dala.critique",
    "dala.social",
    "dala.discovery",
    "dala.search",
    "dala.site",
    "dala.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # FORM_RENDERER = TemplatesSetting finds the built-in widget templates here
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dala.site.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dala.urls"
WSGI_APPLICATION = "dala.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dala.site.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite in WAL mode under var/ unless DATABASE_URL names another (PostgreSQL).
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("DALA_DB_CONN_MAX_AGE", "60")),
                                                  conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("DALA_SQLITE_PATH", str(VAR_DIR / "dala.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE: a transaction takes the write lock at its start, so a check-then-act in a
                # service cannot interleave with another writer (select_for_update is a no-op here).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;PRAGMA cache_size=-65536;PRAGMA mmap_size=268435456;"
                    "PRAGMA temp_store=MEMORY"
                ),
            },
            "TEST": {"NAME": env("DALA_SQLITE_TEST_PATH", "") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id for every new or changed password; the older hashers only read existing hashes, which are
# rehashed with Argon2 the next time their owner logs in.
DALA_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Tests create thousands of users: a deliberately slow hash would dominate their time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] if TESTING else DALA_PASSWORD_HASHERS
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalog:studio"
LOGOUT_REDIRECT_URL = "site:home"

# Languages: Kazakh first; every page lives under /kk/, /ru/ or /en/.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("DALA_TIME_ZONE", "Asia/Almaty")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DALA_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env("DALA_MEDIA_ROOT", str(VAR_DIR / "media")))
# Originals as uploaded live apart from MEDIA_ROOT and are never served: pages show the renditions.
DALA_ORIGINALS_ROOT = Path(env("DALA_ORIGINALS_ROOT", str(VAR_DIR / "originals")))
# pyvips seeks in a pyramid, so it must be a local file: with a bucket, each host keeps those it serves here.
DALA_IIIF_CACHE_DIR = Path(env("DALA_IIIF_CACHE_DIR", str(VAR_DIR / "cache" / "iiif")))


def bucket_media(environ: dict[str, str]) -> tuple[str, dict[str, dict[str, object]]]:
    """MEDIA_URL and the "default" and "originals" storages for the bucket that ``environ`` names
    (``DALA_S3_*``, docs/configuration.md): public media (renditions, thumbnails, exhibition photos) under
    DALA_S3_MEDIA_PREFIX of DALA_S3_BUCKET; originals and IIIF pyramids under DALA_S3_ORIGINALS_PREFIX of
    DALA_S3_ORIGINALS_BUCKET (the same bucket unless set), never public."""
    from urllib.parse import urlsplit

    from botocore.config import Config
    from django.core.exceptions import ImproperlyConfigured

    bucket = environ["DALA_S3_BUCKET"]
    originals_bucket = environ.get("DALA_S3_ORIGINALS_BUCKET") or bucket
    media = environ.get("DALA_S3_MEDIA_PREFIX", "media").strip("/")
    originals = environ.get("DALA_S3_ORIGINALS_PREFIX", "originals").strip("/")
    if originals_bucket == bucket and (not media or not originals or f"{media}/".startswith(f"{originals}/")
                                       or f"{originals}/".startswith(f"{media}/")):
        # Whatever is public under the media prefix would make the originals public with it.
        raise ImproperlyConfigured(
            "DALA_S3_MEDIA_PREFIX and DALA_S3_ORIGINALS_PREFIX must be two separate, non-empty folders when "
            "the originals share the media bucket (or set DALA_S3_ORIGINALS_BUCKET to a private bucket).")
    endpoint = environ.get("DALA_S3_ENDPOINT_URL", "").rstrip("/")
    region = environ.get("DALA_S3_REGION", "")
    try:
        # botocore waits 60 s to connect and retries 4 times: a request would hang for minutes on a lost
        # bucket. Fail within seconds instead, so the page says so (503) and the job can be run again.
        client = Config(
            s3={"addressing_style": environ.get("DALA_S3_ADDRESSING_STYLE") or None},
            signature_version="s3v4",  # botocore may still sign URLs with the retired version 2
            connect_timeout=float(environ.get("DALA_S3_CONNECT_TIMEOUT") or 5),
            read_timeout=float(environ.get("DALA_S3_READ_TIMEOUT") or 30),
            retries={"mode": "standard", "max_attempts": max(1, int(environ.get("DALA_S3_MAX_ATTEMPTS") or 3))})
    except ValueError:
        raise ImproperlyConfigured("DALA_S3_CONNECT_TIMEOUT and DALA_S3_READ_TIMEOUT must be numbers of seconds, "
                                   "DALA_S3_MAX_ATTEMPTS a whole number.") from None
    connection: dict[str, object] = {
        "endpoint_url": endpoint or None,
        "region_name": region or None,
        # Given a client_config, django-storages takes the addressing style and signature from it alone.
        "client_config": client,
        # Names are fresh UUIDs, so nothing is ever overwritten; checking first would cost a request.
        "file_overwrite": True,
        "max_memory_size": 16 * 1024 * 1024,  # a download past this spills to a temporary file
    }
    if environ.get("DALA_S3_ACCESS_KEY_ID"):
        # Unset: boto3's own chain (AWS_ACCESS_KEY_ID…, ~/.aws, an instance or task role).
        connection.update(access_key=environ["DALA_S3_ACCESS_KEY_ID"],
                          secret_key=environ.get("DALA_S3_SECRET_ACCESS_KEY", ""))
    public: dict[str, object] = {
        **connection, "bucket_name": bucket, "location": media,
        # Public by the bucket's policy, so plain URLs; a name is never reused, so caches may keep it.
        "querystring_auth": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    folder = f"{media}/" if media else ""
    if custom := environ.get("DALA_MEDIA_URL", "").rstrip("/"):
        # A CDN or a proxy in front of the bucket's root: object keys (media/…) follow it.
        parts = urlsplit(custom)
        if not parts.scheme or not parts.netloc:
            raise ImproperlyConfigured("With a bucket, DALA_MEDIA_URL must be a full URL such as https://media.example/.")
        public.update(custom_domain=f"{parts.netloc}{parts.path}", url_protocol=f"{parts.scheme}:")
        media_url = f"{custom}/{folder}"
    elif endpoint:
        media_url = f"{endpoint}/{bucket}/{folder}"
    else:
        media_url = f"https://{bucket}.s3{'.' + region if region else ''}.amazonaws.com/{folder}"
    private: dict[str, object] = {
        **connection, "bucket_name": originals_bucket, "location": originals,
        # Never linked from a page; a URL made anyway (the admin) is signed and short-lived.
        "querystring_auth": True, "querystring_expire": 300,
    }
    return media_url, {"default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": public},
                       "originals": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": private}}


DALA_S3_BUCKET = env("DALA_S3_BUCKET")
if DALA_S3_BUCKET:
    MEDIA_URL, _MEDIA_STORAGES = bucket_media(dict(os.environ))
else:
    MEDIA_URL = env("DALA_MEDIA_URL", "/media/")
    _MEDIA_STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(DALA_ORIGINALS_ROOT), "base_url": None},
        },
    }
# Embedded default: the app serves var/media itself; behind nginx, turn this off (a bucket does by default).
DALA_SERVE_MEDIA = env_bool("DALA_SERVE_MEDIA", not DALA_S3_BUCKET)
STORAGES = {
    **_MEDIA_STORAGES,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING or DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING


def caches_for(redis_url: str) -> dict[str, dict[str, object]]:
    """CACHES: Redis at ``redis_url``, shared by every app process and worker (sessions, rate limits, page
    fragments); with no URL, each process's own memory, which is right only for a single process."""
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dala",
                            "OPTIONS": {"MAX_ENTRIES": 10_000}}}
    return {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "dala",
        # Fail fast when Redis is away rather than hold every request for the OS's TCP timeout.
        "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
    }}


REDIS_URL = env("REDIS_URL")
CACHES = caches_for(REDIS_URL)
# Sessions are read from the cache and written through to the database, so a cache flush or a Redis
# restart logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Jobs: django-tasks with its database backend; `dala db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": env("DALA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A worker renews its beat this often; one silent for DALA_WORKER_LOST_SECONDS is taken for dead and its
# running task is queued again, up to DALA_TASK_MAX_ATTEMPTS runs in all (dala.core.jobs).
DALA_WORKER_BEAT_SECONDS = float(env("DALA_WORKER_BEAT_SECONDS", "10"))
DALA_WORKER_LOST_SECONDS = int(env("DALA_WORKER_LOST_SECONDS", "60"))
DALA_TASK_MAX_ATTEMPTS = int(env("DALA_TASK_MAX_ATTEMPTS", "3"))

EMAIL_BACKEND = env("DALA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("DALA_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DALA_DEFAULT_FROM_EMAIL", "dala <noreply@dala.localhost>")
EMAIL_HOST = env("DALA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DALA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DALA_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DALA_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DALA_EMAIL_USE_TLS", False)  # STARTTLS, usually on port 587
EMAIL_USE_SSL = env_bool("DALA_EMAIL_USE_SSL", False)  # TLS from the start, usually on port 465
EMAIL_TIMEOUT = int(env("DALA_EMAIL_TIMEOUT", "30"))

# Security: docs/deploy.md ("Security settings"). DALA_HTTPS=true is for a site served over TLS: cookies
# only over https, HSTS, and a redirect from http.
DALA_HTTPS = env_bool("DALA_HTTPS", False)
# Proxies in front of the app that append to X-Forwarded-For and set X-Forwarded-Proto (nginx: 1).
DALA_PROXY_COUNT = int(env("DALA_PROXY_COUNT", "0"))
if DALA_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = DALA_HTTPS and env_bool("DALA_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe speaks plain http
SECURE_HSTS_SECONDS = int(env("DALA_HSTS_SECONDS", str(365 * 24 * 3600))) if DALA_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DALA_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DALA_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = DALA_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"


def _origin(url: str) -> str:
    """``https://media.example/dala/`` → ``https://media.example``; a path alone → ``""``."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy of every page: scripts and styles only from our own files, never inline.
# Images may also come from the media origin (a bucket or CDN) and data:/blob: URLs (the deep-zoom viewer).
DALA_CSP_IMG_SOURCES = " ".join(filter(None, ["'self'", "data:", "blob:", _origin(MEDIA_URL),
                                              *env_list("DALA_CSP_IMG_SOURCES", "")]))
DALA_CONTENT_SECURITY_POLICY = env("DALA_CONTENT_SECURITY_POLICY", "; ".join(filter(None, [
    "default-src 'self'",
    "script-src 'self'",
    # OpenSeadragon adds one <style> element for touch screens; its hash allows exactly that text, and a
    # browser test fails if a new version changes it.
    "style-src 'self' 'sha256-9xTiqzfwFaL2SGb1rmr8gysEwVVjIvqWAgmZgqFqpEE='",
    f"img-src {DALA_CSP_IMG_SOURCES}",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "upgrade-insecure-requests" if DALA_HTTPS else "",
])))
# What a served upload may do when opened on its own: nothing (no script, no plug-in, no form).
DALA_MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; sandbox"
DALA_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Rate limits (scope → COUNT/PERIOD, period s, m, h or d, e.g. 10/15m), counted in the default cache.
# DALA_RATE_LIMITS="offer=10/h,login=5/15m" changes some; "offer=" removes one.
DALA_RATE_LIMITS: dict[str, str] = {
    "login": "10/15m",  # failed log-ins, per e-mail address
    "login_address": "50/15m",  # failed log-ins, per network address (an office may share one)
    "signup": "10/h",  # per network address
    "password_reset": "5/h",  # per network address
    "offer": "30/h",  # offers and counter-offers, per person
    "bid": "120/h",  # per person
    "message": "60/h",  # questions about works and replies in conversations, per person
}
for _item in env_list("DALA_RATE_LIMITS", ""):
    _scope, _sep, _rate = _item.partition("=")
    DALA_RATE_LIMITS[_scope.strip()] = _rate.strip()

# Uploads: checked by content; size and pixel caps refuse oversize files before full decoding.
DALA_MAX_UPLOAD_BYTES = int(env("DALA_MAX_UPLOAD_BYTES", str(40 * 1024 * 1024)))
DALA_MAX_IMAGE_PIXELS = int(env("DALA_MAX_IMAGE_PIXELS", str(60_000_000)))
# Bytes of originals one artist may keep across their (non-deleted) works; the same for everyone.
DALA_STORAGE_QUOTA_BYTES = int(env("DALA_STORAGE_QUOTA_BYTES", str(2 * 1024 ** 3)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Money: reference rates into the base currency, used to filter and sort prices across currencies.
DALA_BASE_CURRENCY = "KZT"
DALA_EXCHANGE_RATES: dict[str, str] = {
    "KZT": "1", "USD": env("DALA_RATE_USD", "480"), "EUR": env("DALA_RATE_EUR", "520"),
    "RUB": env("DALA_RATE_RUB", "5.2"), "KGS": env("DALA_RATE_KGS", "5.5"),
    "UZS": env("DALA_RATE_UZS", "0.038"), "GBP": env("DALA_RATE_GBP", "610"),
}

DALA_PAGE_SIZE = int(env("DALA_PAGE_SIZE", "24"))
# An artist counts as emerging by career stage or with at most this many works and copies sold; the home
# page's new works always give emerging artists this many of their 12 slots.
DALA_EMERGING_MAX_SALES = int(env("DALA_EMERGING_MAX_SALES", "3"))
DALA_HOME_EMERGING_SHARE = int(env("DALA_HOME_EMERGING_SHARE", "4"))

# Market: the platform's commission (basis points of the price; 1000 = 10 %), how long an offer stays
# open unless its maker says otherwise, how long an order holds a work for payment, and how often the
# scheduler (`dala scheduler`, started by `make run`) expires offers, lapses orders and closes lots.
DALA_PLATFORM_COMMISSION_BP = int(env("DALA_PLATFORM_COMMISSION_BP", "1000"))
DALA_OFFER_HOURS = int(env("DALA_OFFER_HOURS", "72"))
DALA_ORDER_HOLD_HOURS = int(env("DALA_ORDER_HOLD_HOURS", "72"))
DALA_SCHEDULER_SECONDS = int(env("DALA_SCHEDULER_SECONDS", "30"))
DALA_PERIODIC_TASKS = ["dala.core.tasks.requeue_lost_tasks", "dala.core.tasks.refresh_planner_statistics",
                       "dala.market.tasks.market_tick", "dala.social.tasks.email_unsent_notifications",
                       "dala.social.tasks.send_digests", "dala.critique.tasks.critique_tick",
                       "dala.discovery.tasks.trending.refresh_trending",
                       "dala.discovery.tasks.similar.recompute_similar_pass",
                       "dala.programmes.tasks.programmes_tick",
                       "dala.imaging.tasks.retry_images_after_storage_failures"]
# SQLite's query planner statistics (ANALYZE, sampled) are refreshed this often by the scheduler; 0: never.
DALA_ANALYZE_HOURS = float(env("DALA_ANALYZE_HOURS", "6"))
# An image whose processing failed because the file storage was out of reach is processed again after this.
DALA_IMAGE_RETRY_MINUTES = int(env("DALA_IMAGE_RETRY_MINUTES", "10"))

# Discovery (see docs/critique-and-discovery.md and docs/configuration.md).
DALA_MAX_SAVED_SEARCHES = int(env("DALA_MAX_SAVED_SEARCHES", "50"))
DALA_VIEW_DEDUPE_MINUTES = int(env("DALA_VIEW_DEDUPE_MINUTES", "30"))
DALA_TRENDING_WINDOW_DAYS = int(env("DALA_TRENDING_WINDOW_DAYS", "14"))
DALA_TRENDING_HALF_LIFE_HOURS = float(env("DALA_TRENDING_HALF_LIFE_HOURS", "72"))
DALA_TRENDING_WEIGHTS = {"views": 1.0, "saves": 3.0, "follows": 4.0, "reviews": 8.0, "offers": 6.0}
DALA_TRENDING_SIZE = int(env("DALA_TRENDING_SIZE", "100"))
DALA_TRENDING_REFRESH_MINUTES = int(env("DALA_TRENDING_REFRESH_MINUTES", "60"))
DALA_SIMILAR_WORKS = int(env("DALA_SIMILAR_WORKS", "8"))
DALA_SIMILAR_ARTISTS = int(env("DALA_SIMILAR_ARTISTS", "6"))
DALA_SIMILAR_CANDIDATES = int(env("DALA_SIMILAR_CANDIDATES", "300"))
DALA_SIMILAR_BATCH = int(env("DALA_SIMILAR_BATCH", "500"))
DALA_SIMILAR_BUDGET_SECONDS = int(env("DALA_SIMILAR_BUDGET_SECONDS", "20"))
DALA_SIMILAR_FULL_EVERY = int(env("DALA_SIMILAR_FULL_EVERY", "86400"))
DALA_SIMILAR_DEBOUNCE_SECONDS = int(env("DALA_SIMILAR_DEBOUNCE_SECONDS", "60"))
# Templates included on the artwork page by the apps above the catalogue, in this order.
DALA_ARTWORK_PANELS = ["market/panels/actions.html", "discovery/panels/save.html",
                       "market/panels/provenance.html", "programmes/panels/artwork_exhibitions.html",
                       "critique/panels/reviews.html", "discovery/panels/similar_works.html"]
# The same for the browse page, above its results.
# The browse page's facet counts are kept in the cache this long (per filters and language); 0: never kept.
DALA_FACET_CACHE_SECONDS = int(env("DALA_FACET_CACHE_SECONDS", "60"))
DALA_BROWSE_PANELS = ["discovery/panels/save_search.html", "search/panels/browse_facets.html"]
# The same for the artist's page.
DALA_ARTIST_PANELS = ["social/panels/follow.html", "market/panels/represented_by.html",
                      "programmes/panels/artist_programmes.html", "critique/panels/reviews.html",
                      "discovery/panels/similar_artists.html"]
# The same for a subject's page and a gallery's page (follow).
DALA_SUBJECT_PANELS = ["social/panels/follow.html"]
DALA_GALLERY_PANELS = ["social/panels/follow.html", "programmes/panels/gallery_programmes.html"]
# The same for an exhibition's or viewing room's page (context: exhibition).
DALA_EXHIBITION_PANELS = ["critique/panels/exhibition_reviews.html"]
# The imaging pipeline's palette of a JPEG, for the bulk demo's shared pictures (the catalogue may not
# import the imaging app above it).
DALA_DEMO_PALETTE = "dala.imaging.pipeline.palette_of_jpeg"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DALA_LOG_LEVEL", "WARNING")},
}
