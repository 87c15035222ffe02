"""Is every engine the configuration names reachable? (``lantoa check``, start-up checks)

Each problem is one line naming the ``LANTOA_*`` variable to fix: the database, Redis for
the cache or the tasks, the object store (unreachable, a missing bucket, refused
credentials) or a local folder that cannot be written. ``lantoa serve`` and
``lantoa worker`` refuse to start on any of them; ``lantoa check`` lists them and exits 2;
``lantoa manage check --deploy`` reports them as Django system-check errors.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or ''}".rstrip(":")


def _redis_problem(variable: str, url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.AuthenticationError:
        return f"{variable}: Redis at {_where(url)} refused the password"
    except redis.RedisError as exc:
        return f"{variable}: Redis at {_where(url)} does not answer ({exc})"
    return None


def _database_problem() -> str | None:
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as exc:
        return f"LANTOA_DATABASE_URL: cannot connect to the database ({exc})".strip()
    return None


def _storage_problem() -> str | None:
    from botocore.exceptions import BotoCoreError, ClientError
    from django.core.files.storage import FileSystemStorage, default_storage

    if isinstance(default_storage, FileSystemStorage):
        folder = default_storage.location
        try:
            os.makedirs(folder, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".check-"):
                pass
        except OSError as exc:
            variable = "LANTOA_STORAGE_URL" if settings.STORAGES_FROM_URL else "LANTOA_DATA_DIR"
            return f"{variable}: cannot write to the folder {folder} ({exc.strerror})"
        return None
    options: dict[str, Any] = settings.STORAGES["default"]["OPTIONS"]
    bucket, endpoint = options["bucket_name"], options["endpoint_url"]
    try:
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)  # type: ignore[attr-defined]
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in ("404", "NoSuchBucket"):
            return f"LANTOA_STORAGE_URL: the bucket {bucket!r} does not exist at {endpoint}"
        if code in ("403", "401", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            return f"LANTOA_STORAGE_URL: {endpoint} refused the credentials for bucket {bucket!r}"
        return f"LANTOA_STORAGE_URL: {endpoint} answered {code} for bucket {bucket!r}"
    except BotoCoreError as exc:
        return f"LANTOA_STORAGE_URL: the object store at {endpoint} does not answer ({exc})"
    return None


def config_problems() -> list[str]:
    """Every problem found, each naming its variable; empty when all is well."""
    found = [_database_problem(), _storage_problem()]
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("RedisCache"):
        found.append(_redis_problem("LANTOA_CACHE_URL", cache["LOCATION"]))
    for queue in settings.RQ_QUEUES.values():
        found.append(_redis_problem("LANTOA_TASKS_URL", queue["URL"]))
    return [p for p in found if p]


@checks.register(checks.Tags.database, deploy=True)
def engines_reachable(**kwargs: Any) -> list[checks.CheckMessage]:
    return [checks.Error(p, id="lantoa.E001") for p in config_problems()]
