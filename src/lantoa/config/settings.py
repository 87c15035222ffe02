"""Django settings for Lan Tỏa, read from ``LANTOA_*`` environment variables.

Demo mode (``LANTOA_DEMO=1``, set by ``lantoa demo``) relaxes what a laptop
needs: a generated secret kept in the data folder and cookies over plain HTTP.
Outside demo mode a secret key is required and cookies are secure.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from lantoa.config.backends import cache_config, storage_config, tasks_config
from lantoa.config.env import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent

DEMO = env_bool("DEMO")
DEBUG = env_bool("DEBUG")
DATA_DIR = env_path("DATA_DIR", Path.cwd() / "data")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("LANTOA_SECRET_KEY must be at least 32 characters")
        return key
    if not DEMO:
        raise ImproperlyConfigured(
            "LANTOA_SECRET_KEY must be set outside demo mode "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    # Demo: a random key kept in the data folder, so logins survive a restart.
    path = DATA_DIR / "demo-secret-key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.staticfiles",
    "lantoa.audit",
    "lantoa.content",
    "lantoa.orgs",
    "lantoa.campaigns",
    "django_tasks",
    "django_tasks_db",
    "lantoa.worker",
    "lantoa.site",
    "lantoa.verification",
    "lantoa.dispatches",
    "lantoa.kits",
    "lantoa.learning",
    "lantoa.stories",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "lantoa.site.middleware.BrowserPolicyMiddleware",
    "lantoa.site.middleware.RequestSizeLimitMiddleware",
    "lantoa.site.middleware.JsonGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lantoa.site.signin.SecondStepMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantoa.site.errors.ErrorPageMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in (docs/security.md).
    "axes.middleware.AxesMiddleware",
]
CSRF_FAILURE_VIEW = "lantoa.site.errors.csrf_failure"

ROOT_URLCONF = "lantoa.config.urls"
WSGI_APPLICATION = "lantoa.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lantoa.site.context.site",
                "lantoa.stories.context.sharing",
            ],
        },
    },
]


def _databases() -> dict[str, dict[str, object]]:
    url = env_str("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "default": {
                # Django's SQLite backend, with writers queued on a file lock
                # (lantoa/config/sqlite/base.py).
                "ENGINE": "lantoa.config.sqlite",
                "NAME": DATA_DIR / "lantoa.sqlite3",
                "OPTIONS": {
                    # WAL lets readers work while a writer commits; IMMEDIATE avoids
                    # "database is locked" upgrades from read to write transactions.
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                },
                # One connection per thread, kept: opening SQLite and running the PRAGMAs
                # on every request cost a fifth of the learner path's time.
                "CONN_MAX_AGE": None,
            }
        }
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            "LANTOA_DATABASE_URL must start with postgres:// (or sqlite://), "
            f"got {url.split(':')[0]!r}"
        )
    config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a health check that needs no round trip
        # (lantoa/config/postgresql/base.py).
        config["ENGINE"] = "lantoa.config.postgresql"
    config["CONN_HEALTH_CHECKS"] = True
    return {"default": dict(config)}


DATABASES = _databases()


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (docs/security.md): this many failures for one account, or from one
# address, lock it for the cool-off; every lockout goes to the audit log.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "lantoa.site.signin.signin_locked_out"
AXES_CLIENT_IP_CALLABLE = "lantoa.site.ratelimit.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Two-step sign-in (TOTP, django-otp): optional for everyone; required for accounts that
# administer a province or the country when this is on (never in demo mode).
LANTOA_TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "Lan Tỏa"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Language and time: Vietnamese first, English beside it; stored in UTC, shown in Vietnam.
LANGUAGE_CODE = "vi"
# dd/mm/yyyy and 1.397 (Django's "vi" formats group no digits); see config/formats/.
FORMAT_MODULE_PATH = ["lantoa.config.formats"]
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600

# Background tasks, cache and files (docs/configuration.md, docs/deploy.md): the embedded
# defaults need only Python; the URLs point every node at shared engines.
TASKS, RQ_QUEUES = tasks_config(env_str("TASKS_URL"))
if RQ_QUEUES:
    INSTALLED_APPS.append("django_rq")
CACHES = cache_config(env_str("CACHE_URL"), DATA_DIR)
STORAGES_FROM_URL = bool(env_str("STORAGE_URL"))
STORAGES = {
    "default": storage_config(env_str("STORAGE_URL"), DATA_DIR),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Behind nginx, local files may be handed to it: with LANTOA_ACCEL_REDIRECT=/_files/ a
# download answers "X-Accel-Redirect: /_files/<name>" and nginx sends the bytes.
LANTOA_ACCEL_REDIRECT = env_str("ACCEL_REDIRECT", "")

# Security: strict unless this is a demo on a laptop.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from the site's own static
# files, never inline; style *attributes* are allowed (a status bar's widths, a kit's
# colour swatches) since they cannot run code. No framing, no plugins, forms post home.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "frame-src": [SELF],
    },
}
# Features no page uses are switched off for the site and anything it embeds.
LANTOA_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), usb=(), xr-spatial-tracking=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEMO
CSRF_COOKIE_SECURE = not DEMO
LANGUAGE_COOKIE_SECURE = not DEMO
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEMO else env_int("HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEMO
# Behind a reverse proxy the client's address is the last X-Forwarded-For entry (the one
# the proxy appended), not REMOTE_ADDR (the proxy's own); rate limits use it. A production
# site sits behind a TLS proxy: it then redirects plain HTTP itself, as the deploy checks ask.
LANTOA_BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", LANTOA_BEHIND_PROXY and not DEMO)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", not DEMO)
if LANTOA_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Uploads are bounded (later issues accept dispatches and files).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# Stories (lantoa.stories): one photo at most this many bytes, at most this many photos.
LANTOA_STORY_PHOTO_MAX_BYTES = env_int("STORY_PHOTO_MAX_BYTES", 8 * 1024 * 1024, minimum=1024)
LANTOA_STORY_PHOTOS_MAX = env_int("STORY_PHOTOS_MAX", 4, minimum=0)
# Form fields (not files) may fill a whole request: the 2-million-character text of a
# dispatch is up to 6 MB of UTF-8 and posts back on the review page. Files larger than
# UPLOAD_MAX_MEMORY spill to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_MEMORY", 5 * 1024 * 1024, minimum=1024)
# Untrusted documents are read in a separate process killed after this many seconds
# (docs/security.md); anonymous uploads are counted per address per hour.
LANTOA_EXTRACT_SECONDS = env_int("EXTRACT_SECONDS", 60, minimum=1)
LANTOA_ANON_UPLOADS_PER_HOUR = env_int("ANON_UPLOADS_PER_HOUR", 30, minimum=0)
LANTOA_ANON_CHECK_CHARS = env_int("ANON_CHECK_CHARS", 200_000, minimum=1000)

# E-mail (reminders): printed to the console in demo mode, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("EMAIL_FROM", "Lan Tỏa <no-reply@localhost>")
LANTOA_REMIND_DAYS_BEFORE = env_int("REMIND_DAYS_BEFORE", 3, minimum=0)

LANTOA_DEFAULT_PACK = env_str("DEFAULT_PACK", "cds17")
# Unset: the address comes from the request (lantoa.site.addresses.site_base_url).
LANTOA_BASE_URL = env_str("BASE_URL", "") or ""
# Rendered kits and posters are private files of the default storage (``kits/<build>/``),
# served only by the kit views (never by WhiteNoise).
# New renders (kits and poster sets) one account may start in 24 hours; reused builds are free.
LANTOA_KIT_BUILDS_PER_DAY = env_int("KIT_BUILDS_PER_DAY", 30, minimum=0)

# Learning (docs/learn.md): the learner's cookie and the public endpoints' limits per minute.
LANTOA_LEARN_COOKIE = "lantoa_learner"
LANTOA_LEARN_RATE_PER_CLIENT = env_int("LEARN_RATE_PER_CLIENT", 120, minimum=0)
LANTOA_LEARN_RATE_IP_FACTOR = env_int("LEARN_RATE_IP_FACTOR", 20, minimum=1)
LANTOA_LEARN_RATE_PER_UNIT = env_int("LEARN_RATE_PER_UNIT", 600, minimum=0)
# Joins on one unit in ten minutes that make an "unusual burst" shown to its admins (0: off).
LANTOA_LEARN_BURST_JOINS = env_int("LEARN_BURST_JOINS", 200, minimum=0)
# Quiz attempts one learner may start in a day (Vietnam's day); 0: no limit.
LANTOA_QUIZ_ATTEMPTS_PER_DAY = env_int("QUIZ_ATTEMPTS_PER_DAY", 10, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; lockouts (WARNING) are also in the audit log.
    "loggers": {"axes": {"level": "WARNING"}},
}
