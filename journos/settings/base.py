"""Settings shared by every environment.

Safe by default: everything that differs between a laptop and production is
read from the environment. dev.py and test.py only loosen these settings;
production.py insists on the values that must not have defaults.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = os.environ


def env_bool(name: str, default: bool = False) -> bool:
    return env.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env.get(name, default).split(",") if item.strip()]


SECRET_KEY = env.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the site; e-mails and absolute links are built from
# it, never from the request's Host header.
SITE_URL = env.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "journos.core",
    "journos.accounts",
    "journos.news",
    "journos.pages",
    "journos.engagement",
    "journos.newsletter",
    "journos.search",
    "journos.comments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",  # the read API at /api/v2/ (journos/api/, docs/api.md)
    "wagtail.embeds",
    "wagtail.sites",
    "journos.accounts.apps.NewsroomUsersConfig",  # wagtail.users, with the newsroom's user list
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Anonymous reads from the database replica, when there is one (journos.core.replicas); first, so that
    # every render (and the page cache's bookkeeping of it) knows its reads may be a little stale.
    "journos.core.replicas.ReplicaReadsMiddleware",
    # Content-Security-Policy, Permissions-Policy, CORP on every response; refuses NUL bytes (docs/security.md).
    "journos.core.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Cross-origin reads of /api/ for API_CORS_ORIGINS; outside the page cache, so cached answers get them too.
    "journos.api.cors.ApiCorsMiddleware",
    # Serves anonymous page views from the "pages" cache before sessions and auth run, and
    # tags every public response with what it shows (journos.core.caching).
    "journos.core.caching.page_cache.PageCacheMiddleware",
    # Sets request.client_ip once, from TRUSTED_PROXY_COUNT (below); every throttle and counter reads it.
    "journos.core.clients.ClientAddressMiddleware",
    # The Site and its home page from the cache.
    "journos.core.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A full disk while saving an upload: a 507 page instead of a 500.
    "journos.core.storage.DiskFullMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "journos.accounts.middleware.SignedInMarkerMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused login into the lockout page
]

ROOT_URLCONF = "journos.urls"
WSGI_APPLICATION = "journos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker) may write: WAL lets readers and a writer work at
    # once, IMMEDIATE takes the write lock up front, and waits are generous.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A PostgreSQL streaming replica for reads that may be a little stale (journos.core.replicas, docs/scaling.md).
if env.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}  # a replica gone away: back to the primary quickly
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["journos.core.replicas.ReplicaRouter"]
REPLICA_MAX_LAG = float(env.get("REPLICA_MAX_LAG", "5"))  # seconds; further behind, reads go to the primary
REPLICA_CHECK_SECONDS = float(env.get("REPLICA_CHECK_SECONDS", "1"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    # Writes each upload under a partial name and moves it into place once complete (journos.core.storage).
    "default": {"BACKEND": "journos.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Caching (production issue): Redis when REDIS_URL is set, fail-open ---
# "default" holds fragments and objects; "pages" holds whole anonymous pages
# (journos.core.caching.page_cache), so either can be cleared without the other.
REDIS_URL = env.get("REDIS_URL", "")
CACHE_KEY_PREFIX = env.get("CACHE_KEY_PREFIX", "journos")


def redis_cache(prefix: str) -> dict:
    timeout = float(env.get("REDIS_TIMEOUT_SECONDS", "0.25"))
    return {
        "BACKEND": "journos.core.cache_backends.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(CACHE_KEY_PREFIX), "pages": redis_cache(f"{CACHE_KEY_PREFIX}-pages")}
else:
    CACHES = {
        # Room for a stamp per page, image and tag (journos.core.caching) beside the fragments.
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20000}},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }

# Full-page cache for anonymous readers (journos.core.caching.page_cache.PageCacheMiddleware).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "pages"

# Caching proxies told to ban what changed (journos.core.caching.purge), comma separated, e.g.
# FRONTEND_CACHE_URL=http://127.0.0.1:6081 for the Varnish in deploy/varnish/.
CACHE_PROXY_URLS = env_list("FRONTEND_CACHE_URL")
CACHE_PROXY_TIMEOUT = float(env.get("FRONTEND_CACHE_TIMEOUT", "2"))
# --- end caching ---

# Background work: immediate by default, a database queue when TASK_BACKEND=database.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env.get("TASK_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Who the client is, and how often they may ask (docs/production.md "Client address and rate limits") ---
# How many reverse proxies in front of the app append to X-Forwarded-For (2 for deploy/'s nginx → Varnish);
# the client is the address the first of them saw (journos/core/clients.py). 0: REMOTE_ADDR. Too low, and
# every reader looks like the proxy; too high, and clients choose their own address.
TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", "0"))
# Every rate limit of the site (journos/core/ratelimit.py): name -> (requests, per seconds); past it, 429.
RATE_LIMITS = {
    # Account e-mails anyone can trigger (confirmation, password retrieval, sign-in link), per kind:
    # per address or account, and per client address.
    "account-emails": (int(env.get("ACCOUNT_EMAILS_PER_HOUR", "3")), 3600),
    "account-emails-per-client": (int(env.get("ACCOUNT_EMAILS_PER_HOUR_PER_CLIENT", "20")), 3600),
    # Account-page forms that check the current password, per account (a stolen session cannot guess it).
    "password-checks": (int(env.get("PASSWORD_CHECKS_PER_HOUR", "10")), 3600),
    # Newsletter sign-ups per client address, and confirmation e-mails per subscriber address.
    "newsletter-signups": (int(env.get("NEWSLETTER_SIGNUPS_PER_HOUR", "10")), 3600),
    "newsletter-confirmations": (int(env.get("NEWSLETTER_CONFIRMATIONS_PER_DAY", "3")), 24 * 3600),
    # View and share beacons, and search-hit beacons, per client address.
    "engagement-beacons": (int(env.get("ENGAGEMENT_RATE_LIMIT", "120")), 60),
    "search-hits": (int(env.get("SEARCH_HITS_PER_MINUTE", "60")), 60),
    # Searches that miss every cache (results page and live results), per client address.
    "searches": (int(env.get("SEARCHES_PER_MINUTE", "30")), 60),
    # Read API answers (/api/v2/) that reach the app (cached copies cost nothing), per client address.
    "api": (int(env.get("API_REQUESTS_PER_MINUTE", "120")), 60),
    # Comments posted or edited, per account and per client address (journos/comments/moderation.py).
    "comments": (int(env.get("COMMENTS_PER_MINUTE", "4")), 60),
    "comments-per-client": (int(env.get("COMMENTS_PER_MINUTE_PER_CLIENT", "12")), 60),
}
# Failed logins are limited by django-axes: AXES_* under "Reader accounts" below.
# --- end of client address and rate limits ---

# --- Comment moderation (journos/comments/moderation.py; docs/moderation.md) ---
# A reader's comments wait for a moderator until this many of theirs have been approved; then they are trusted.
COMMENTS_TRUSTED_AFTER = int(env.get("COMMENTS_TRUSTED_AFTER", "2"))
# Comments from an account younger than this many hours always wait for a moderator.
COMMENTS_NEW_ACCOUNT_HOURS = int(env.get("COMMENTS_NEW_ACCOUNT_HOURS", "24"))
# More links than this in one comment: refused.
COMMENT_MAX_LINKS = int(env.get("COMMENT_MAX_LINKS", "2"))
# --- end comment moderation ---

# --- Search's cost ceiling (journos/search/ceiling.py; README "Search") ---
# Searches that miss every cache running at once on this host, across all web processes (slot files
# in SEARCH_SLOTS_DIR); past it, 503 with Retry-After. Default: half the gunicorn workers, at least 1.
SEARCH_CONCURRENCY = int(env.get("SEARCH_CONCURRENCY", max(1, int(env.get("WEB_CONCURRENCY", "2")) // 2)))
SEARCH_SLOTS_DIR = Path(env.get("SEARCH_SLOTS_DIR", Path(tempfile.gettempdir()) / f"{CACHE_KEY_PREFIX}-search-slots"))
# Milliseconds the search query may run on PostgreSQL before it is cancelled (503 with Retry-After).
SEARCH_STATEMENT_TIMEOUT_MS = int(env.get("SEARCH_STATEMENT_TIMEOUT_MS", "2000"))
SEARCH_RETRY_AFTER = 2  # seconds a refused search is told to wait
# --- end search ---

# --- Engagement (views, shares, popular news): see README "Views, shares and popular news" ---
# Seconds between flushes of the Redis buffer of counts to the database.
ENGAGEMENT_FLUSH_INTERVAL = int(env.get("ENGAGEMENT_FLUSH_INTERVAL", "60"))
# Days counted by "Popular News", and seconds its sidebar HTML is kept.
ENGAGEMENT_POPULAR_DAYS = int(env.get("ENGAGEMENT_POPULAR_DAYS", "7"))
ENGAGEMENT_WIDGET_CACHE_SECONDS = int(env.get("ENGAGEMENT_WIDGET_CACHE_SECONDS", "300"))
# When the window above has too few read articles, Popular News fills up with the most read of this many
# days, then with the newest (journos.engagement.selectors.popular_articles).
ENGAGEMENT_POPULAR_FALLBACK_DAYS = int(env.get("ENGAGEMENT_POPULAR_FALLBACK_DAYS", "90"))
# Readers counted per address, article, kind and day (user agents are hashed into this many slots).
ENGAGEMENT_READERS_PER_ADDRESS = int(env.get("ENGAGEMENT_READERS_PER_ADDRESS", "4"))
# Prefix of the Redis keys that buffer counts.
ENGAGEMENT_REDIS_PREFIX = env.get("ENGAGEMENT_REDIS_PREFIX", "journos:engagement:")
# --- end engagement ---

# --- Comments (readers' discussion under articles): see README "Comments" ---
COMMENT_MAX_LENGTH = int(env.get("COMMENT_MAX_LENGTH", "3000"))  # characters a comment may have
COMMENT_EDIT_MINUTES = int(env.get("COMMENT_EDIT_MINUTES", "10"))  # how long its author may edit it
COMMENTS_PER_PAGE = int(env.get("COMMENTS_PER_PAGE", "50"))  # conversations (a comment and its replies) a page
COMMENT_REPORTS_TO_HIDE = int(env.get("COMMENT_REPORTS_TO_HIDE", "3"))  # reports that hide a comment for review
# Bytes a comment request may carry; larger ones are refused (413) before the form reads them.
COMMENT_MAX_REQUEST_BYTES = 64 * 1024
# --- end comments ---

# Jobs `manage.py run_periodic` enqueues for the worker: task path -> every N seconds.
# Apps add their own (counter flushes, newsletter sending) here.
PERIODIC_TASKS = {
    "journos.core.tasks.publish_scheduled_pages": int(env.get("PUBLISH_SCHEDULED_EVERY", "60")),
    "journos.engagement.tasks.flush_counts": ENGAGEMENT_FLUSH_INTERVAL,  # Redis-buffered views and shares
    "journos.core.tasks.clear_expired_breaking_news": int(env.get("BREAKING_NEWS_EXPIRY_EVERY", "60")),
    "journos.search.tasks.make_archive_partitions": 24 * 3600,  # next year's search archive partition
}

EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "Journos <news@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Newsletter (journos.newsletter; defaults and the other knobs in journos/newsletter/conf.py) ---
# A separate backend for bulk mail, e.g. "anymail.backends.amazon_ses.EmailBackend"; empty: EMAIL_BACKEND.
NEWSLETTER_EMAIL_BACKEND = env.get("NEWSLETTER_EMAIL_BACKEND") or None
NEWSLETTER_FROM_EMAIL = env.get("NEWSLETTER_FROM_EMAIL") or None
NEWSLETTER_SEND_RATE = float(env.get("NEWSLETTER_SEND_RATE", "10"))  # e-mails per second, per worker
NEWSLETTER_PARALLEL_TASKS = int(env.get("NEWSLETTER_PARALLEL_TASKS", "1"))  # one per task worker is right
NEWSLETTER_BLOCKED_DOMAINS = env_list("NEWSLETTER_BLOCKED_DOMAINS")
# Starts scheduled issues when due and resumes sends whose worker died.
PERIODIC_TASKS["journos.newsletter.tasks.resume_sending"] = int(env.get("NEWSLETTER_RESUME_EVERY", "60"))
# --- end Newsletter ---

# Public pages may be kept by shared caches; these are the seconds they may.
PAGE_CACHE_MAX_AGE = int(env.get("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_S_MAXAGE = int(env.get("PAGE_CACHE_S_MAXAGE", "300"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(env.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", "60"))

# A page showing a copy being rebuilt by another worker: seconds shared caches may keep it.
PAGE_CACHE_STALE_SECONDS = int(env.get("PAGE_CACHE_STALE_SECONDS", "2"))

# Cached HTML fragments, feeds and lookups: refreshed as soon as what they show changes,
# and at the latest after this many seconds.
FRAGMENT_CACHE_SECONDS = int(env.get("FRAGMENT_CACHE_SECONDS", "600"))

# --- Read API at /api/v2/ (journos/api/, docs/api.md) ---
# Origins whose pages may read the API from a browser (CORS), comma separated, e.g.
# https://app.example.org,https://partner.example.com; "*" for any site. Empty: none.
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS")
WAGTAILAPI_LIMIT_MAX = int(env.get("API_LIMIT_MAX", "50"))  # most items a listing gives at once (?limit=)
# --- end read API ---

# Search engines and feeds (README: "Search engines and feeds").
WAGTAILREDIRECTS_AUTO_CREATE = True  # a slug change or a move leaves a permanent redirect

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (journos.core.security, docs/security.md): the players article embeds may frame,
# and hosts other than the site's own that serve uploads (set in production.py when media is on S3).
CSP_FRAME_SOURCES = env_list(
    "CSP_FRAME_SOURCES", "https://www.youtube-nocookie.com,https://www.youtube.com,https://player.vimeo.com"
)
CSP_MEDIA_SOURCES: list[str] = []

WAGTAIL_SITE_NAME = env.get("SITE_NAME", "Journos")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Wagtail's database search backend, titles weighted on SQLite too (journos/search/backends).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "journos.search.backends"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# --- Uploads and documents (README: "Upload limits" under Editing, "Uploads and documents" under Production) ---
# Checked before an image is decoded, as form errors (journos.core.uploads, journos.core.forms).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(env.get("IMAGE_MAX_UPLOAD_MB", "10")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(env.get("IMAGE_MAX_MEGAPIXELS", "60")) * 1_000_000  # width × height × frames
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(env.get("DOCUMENT_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# Alt text required unless decorative; the limits above checked before decoding (journos.core.forms).
WAGTAILIMAGES_IMAGE_FORM_BASE = "journos.core.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "journos.core.forms.DocumentForm"
# Documents only through /documents/<id>/<name>, which applies collection privacy, and always
# as a download (never rendered in the site's origin); stored under documents/<random>/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Production behind deploy/'s nginx: the app checks, nginx sends the file (X-Accel-Redirect).
DOCUMENTS_X_ACCEL_PREFIX = env.get("DOCUMENTS_X_ACCEL_PREFIX", "")
if DOCUMENTS_X_ACCEL_PREFIX:
    SENDFILE_BACKEND = "journos.core.documents"
WAGTAIL_I18N_ENABLED = False
# The admin asks no other site for anything: no Gravatar (avatars are initials, journos/accounts/avatars.py),
# no check for new Wagtail releases from the editors' browsers.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "ol", "ul", "h3", "h4", "blockquote"]},
    }
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_WORKFLOW_ENABLED = True

# --- Reader accounts (journos.accounts) -------------------------------------
# Sign in with username or e-mail; django-axes refuses logins after repeated
# failures until the cool-off passes, the password is reset or an Administrator
# lifts the lock (Settings → Users). Readers lock per account and per client
# address; staff accounts only on their own failures, never on a reader's.
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out accounts and addresses. (AxesBackend rather than the "standalone"
    # one: it can also load users, which Wagtail's test helpers expect of the first backend.)
    "axes.backends.AxesBackend",
    "journos.accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60  # reset links work for an hour, once
ACCOUNT_VERIFY_LINK_MAX_AGE = 3 * 24 * 60 * 60  # e-mail confirmation links: three days
ACCOUNT_SIGN_IN_LINK_MAX_AGE = 15 * 60  # password-less sign-in links: fifteen minutes
# Staff reset passwords on the site's own page, whose links are built from SITE_URL.
WAGTAIL_PASSWORD_RESET_ENABLED = False

AXES_FAILURE_LIMIT = int(env.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env.get("LOGIN_COOLOFF_MINUTES", "15")))
# Readers per account and per client address; staff accounts only on their own failures.
AXES_LOCKOUT_PARAMETERS = "journos.accounts.throttling.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "journos.accounts.throttling.canonical_username"
AXES_CLIENT_IP_CALLABLE = "journos.core.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "journos.accounts.views.session.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not logged (User.last_login is enough)
AXES_ENABLE_ADMIN = False
# --- end of reader accounts -------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "WARNING")},
}

# Live blogs: seconds between readers' checks for new updates; the updates JSON is cached this long.
LIVE_BLOG_POLL_SECONDS = int(env.get("LIVE_BLOG_POLL_SECONDS", "20"))
