"""Tasks, cache and file storage from three ``LANTOA_*`` URLs (docs/configuration.md).

Unset, each is the single-machine default that needs only Python: tasks in the site's
database, the cache in each process's memory, files under the data folder. Set, they point
every node at shared engines: RQ on Redis, Django's Redis cache, an S3-compatible bucket.
A malformed URL stops the process at start with the variable's name; whether the engines
answer is checked by ``lantoa check`` (:mod:`lantoa.config.checks`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TASK_BACKEND_DB = "django_tasks_db.DatabaseBackend"
TASK_BACKEND_RQ = "django_tasks_rq.RQBackend"


def _redis_url(variable: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(
            f"{variable} must be a redis:// (or rediss://) URL such as "
            f"redis://127.0.0.1:6379/1, got {url.split(':')[0]!r}"
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise ImproperlyConfigured(f"{variable}={url!r} has no host")
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        db = parts.path.strip("/")
        if db and not db.isdigit():
            raise ValueError(db)
    except ValueError:
        raise ImproperlyConfigured(
            f"{variable}={url!r}: the port and database number must be numbers"
        ) from None
    return url


def tasks_config(url: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(TASKS, RQ_QUEUES)`` for ``LANTOA_TASKS_URL``: unset or ``database`` keeps tasks in
    the site's database; ``redis://…`` puts them on RQ."""
    if not url or url == "database":
        return {"default": {"BACKEND": TASK_BACKEND_DB}}, {}
    url = _redis_url("LANTOA_TASKS_URL", url)
    queues = {"default": {"URL": url, "DEFAULT_TIMEOUT": 3600}}
    return {"default": {"BACKEND": TASK_BACKEND_RQ, "QUEUES": ["default"]}}, queues


def cache_config(url: str | None, data_dir: Path) -> dict[str, Any]:
    """``CACHES`` for ``LANTOA_CACHE_URL``: unset, a file cache in the data folder that the
    worker processes of one node share (rate limits count per node); ``redis://…``,
    Django's Redis cache shared by every process and node (counted once, atomically)."""
    if not url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(data_dir / "cache"),
                "OPTIONS": {"MAX_ENTRIES": 20000},
            }
        }
    url = _redis_url("LANTOA_CACHE_URL", url)
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "lantoa",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


def storage_config(url: str | None, data_dir: Path) -> dict[str, Any]:
    """The ``default`` entry of ``STORAGES`` for ``LANTOA_STORAGE_URL``.

    - unset: the folder ``LANTOA_DATA_DIR`` (kits under ``kits/``, uploads under ``uploads/``);
    - ``file:///srv/lantoa/files``: another folder (an NFS mount shared by the nodes);
    - ``s3://KEY:SECRET@HOST[:PORT]/BUCKET`` (HTTPS) or ``s3+http://…`` (plain HTTP, for an
      object store on a private network): a bucket of an S3-compatible store. Without
      ``KEY:SECRET`` the credentials come from ``AWS_ACCESS_KEY_ID`` and
      ``AWS_SECRET_ACCESS_KEY``. Options as a query: ``region=…``, ``expire=SECONDS`` (how
      long a download link lives, default 300), ``prefix=FOLDER``.
    """
    if not url:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(data_dir), "directory_permissions_mode": 0o750},
        }
    parts = urlsplit(url)
    if parts.scheme == "file":
        if not parts.path.startswith("/"):
            raise ImproperlyConfigured("LANTOA_STORAGE_URL=file:// needs an absolute path")
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": unquote(parts.path), "directory_permissions_mode": 0o750},
        }
    if parts.scheme not in ("s3", "s3+http", "s3+https"):
        raise ImproperlyConfigured(
            "LANTOA_STORAGE_URL must be s3://KEY:SECRET@HOST/BUCKET, s3+http://… or "
            f"file:///FOLDER, got {url.split(':')[0]!r}"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("LANTOA_STORAGE_URL: the port is not a number") from None
    bucket = parts.path.strip("/")
    if not parts.hostname:
        raise ImproperlyConfigured("LANTOA_STORAGE_URL has no host (the object store's address)")
    if not bucket or "/" in bucket:
        raise ImproperlyConfigured(
            "LANTOA_STORAGE_URL must name one bucket after the host: s3://KEY:SECRET@HOST/BUCKET"
        )
    key = unquote(parts.username or "") or os.environ.get("AWS_ACCESS_KEY_ID", "")
    secret = unquote(parts.password or "") or os.environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not key or not secret:
        raise ImproperlyConfigured(
            "LANTOA_STORAGE_URL has no credentials: write s3://KEY:SECRET@HOST/BUCKET or set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    scheme = "http" if parts.scheme == "s3+http" else "https"
    host = parts.hostname + (f":{port}" if port else "")
    try:
        expire = int(query.get("expire", "300"))
    except ValueError:
        raise ImproperlyConfigured("LANTOA_STORAGE_URL: expire= must be seconds") from None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": f"{scheme}://{host}",
            "access_key": key,
            "secret_key": secret,
            "region_name": query.get("region", "us-east-1"),
            "location": query.get("prefix", "").strip("/"),
            "addressing_style": "path",
            "signature_version": "s3v4",
            "querystring_expire": expire,
            "file_overwrite": True,
            "default_acl": None,
        },
    }


def storage_is_remote(config: dict[str, Any]) -> bool:
    return bool(config["BACKEND"] != "django.core.files.storage.FileSystemStorage")
