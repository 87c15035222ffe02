"""Django settings for Lan Tỏa, read from ``LANTOA_*`` environment variables.

Demo mode (``LANTOA_DEMO=1``, set by ``lantoa demo``) relaxes what a laptop
needs: a generated secret kept in the data folder and cookies over plain HTTP.
Outside demo mode a secret key is required and cookies are secure.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    "django.contrib.staticfiles",
    "lantoa.audit",
    "lantoa.content",
    "lantoa.orgs",
    "lantoa.campaigns",
    "lantoa.tasks",
    "lantoa.site",
    "lantoa.verification",
    "lantoa.dispatches",
    "lantoa.kits",
    "lantoa.learning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lantoa.site.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": DATA_DIR / "lantoa.sqlite3",
                "OPTIONS": {
                    # WAL lets readers work while a writer commits; IMMEDIATE avoids
                    # "database is locked" upgrades from read to write transactions.
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                },
            }
        }
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            "LANTOA_DATABASE_URL must start with postgres:// (or sqlite://), "
            f"got {url.split(':')[0]!r}"
        )
    config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
    config["CONN_HEALTH_CHECKS"] = True
    return {"default": dict(config)}


DATABASES = _databases()


def _caches() -> dict[str, dict[str, object]]:
    """Rate limits and join counts live here, so every process must see the same counts:
    Redis (``LANTOA_CACHE_URL=redis://host:6379/0``) for several nodes, else a file cache in
    the data folder, shared by the worker processes of one node."""
    url = env_str("CACHE_URL")
    if url:
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured(
                f"LANTOA_CACHE_URL must start with redis:// (got {url.split(':')[0]!r})"
            )
        return {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }


CACHES = _caches()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Language and time: Vietnamese first, English beside it; stored in UTC, shown in Vietnam.
LANGUAGE_CODE = "vi"
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

# Security: strict unless this is a demo on a laptop.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEMO
CSRF_COOKIE_SECURE = not DEMO
LANGUAGE_COOKIE_SECURE = not DEMO
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEMO else env_int("HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEMO
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", False)
# Behind a reverse proxy the client's address is the last X-Forwarded-For entry (the one
# the proxy appended), not REMOTE_ADDR (the proxy's own); rate limits use it.
LANTOA_BEHIND_PROXY = env_bool("BEHIND_PROXY")
if LANTOA_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Uploads are bounded (later issues accept dispatches and files).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_MEMORY", 5 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)

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
LANTOA_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
# Rendered kits and posters: private files under the data folder, served only by the kit
# views (never by WhiteNoise), each build in its own folder.
LANTOA_KITS_DIR = env_path("KITS_DIR", DATA_DIR / "kits")
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
}
