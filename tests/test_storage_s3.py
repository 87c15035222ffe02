"""Kit files and report attachments in a real S3-compatible store (SeaweedFS on loopback).

A kit is rendered by the task worker and published to the bucket; the download is a
redirect to a signed link that the store answers with the exact ZIP; scope is checked
before any link is made; purging deletes the objects; ``lantoa check`` names a missing
bucket, refused credentials and an unreachable store. Also the configuration parsers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
import urllib.request
import zipfile

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from lantoa.config.backends import cache_config, storage_config, tasks_config
from lantoa.core.kit import Branding
from lantoa.kits.models import BuildStatus
from lantoa.kits.services import kit_build_request, kit_builds_purge
from lantoa.worker.run import tasks_run_pending
from tests.servers import BUCKET, seaweedfs


@pytest.fixture(scope="module")
def s3server(tmp_path_factory):
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as server:
        yield server


@pytest.fixture
def s3(settings, s3server, tmp_path):
    """The default storage is the bucket, under a prefix of this test's own."""
    prefix = f"t-{secrets.token_hex(4)}"
    config = storage_config(f"{s3server.url}&prefix={prefix}", tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": config}
    settings.STORAGES_FROM_URL = True
    settings.DATA_DIR = tmp_path
    return s3server, prefix


def keys(server, prefix: str) -> list[str]:
    listing = server.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/")
    return sorted(o["Key"][len(prefix) + 1 :] for o in listing.get("Contents", []))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_kit_is_published_to_the_bucket_and_downloaded_by_a_signed_link(
    s3, installed_pack, pack, tree, tmp_path
):
    server, prefix = s3
    build = kit_build_request(actor=None, pack=pack)
    assert tasks_run_pending() == 1
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    stored = keys(server, prefix)
    assert f"kits/{build.storage}/files/manifest.json" in stored
    assert f"kits/{build.storage}/{build.zip_name}" in stored
    assert not (tmp_path / "kits").exists()  # nothing kept on the node's disk

    response = Client().get(reverse("kit_zip", args=[build.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(server.endpoint + f"/{BUCKET}/{prefix}/kits/")
    assert response["Cache-Control"] == "no-store"
    with urllib.request.urlopen(response["Location"]) as download:
        data = download.read()
        assert build.zip_name in download.headers["Content-Disposition"]
    assert hashlib.sha256(data).hexdigest() == build.zip_sha256
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "manifest.json" in archive.namelist()

    # Thumbnails are streamed by the view (shown in the page, same origin).
    thumb = build.thumbs[0]["path"]
    shown = Client().get(reverse("kit_thumb", args=[build.pk, thumb]))
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")
    # Anything the manifest does not list is a 404 before any link is signed.
    assert Client().get(reverse("kit_file", args=[build.pk, "../x"])).status_code == 404


@pytest.mark.django_db
def test_a_private_build_gets_no_link_outside_its_unit_and_purge_empties_the_bucket(
    s3, installed_pack, pack, tree
):
    server, prefix = s3
    build = kit_build_request(
        actor=tree.alice, pack=pack, branding=Branding(unit="Phường Mông Dương")
    )
    tasks_run_pending()
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    url = reverse("kit_zip", args=[build.pk])
    assert signed_in(tree.charlie).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert signed_in(tree.alice).get(url).status_code == 302
    build.finished_at = build.created_at.replace(year=2000)
    build.save()
    assert kit_builds_purge(older_than=dt.timedelta(days=1)) == 1
    assert not [k for k in keys(server, prefix) if k.startswith(f"kits/{build.storage}/")]


@pytest.mark.django_db
def test_report_attachments_are_stored_in_the_bucket(s3, tree):
    from lantoa.campaigns.attachments import attachment_check, attachment_write, stored_name

    server, prefix = s3
    checked = attachment_check("Báo cáo.pdf", b"%PDF-1.4 test")
    name = attachment_write(checked)
    assert stored_name(name) in keys(server, prefix)
    with default_storage.open(stored_name(name), "rb") as handle:
        assert handle.read() == b"%PDF-1.4 test"


@pytest.mark.django_db
def test_check_names_a_missing_bucket_refused_credentials_and_an_unreachable_store(
    settings, s3server, tmp_path
):
    from lantoa.config.checks import config_problems

    settings.STORAGES_FROM_URL = True
    cases = {
        s3server.url.replace(f"/{BUCKET}?", "/no-such-bucket?"): "does not exist",
        s3server.url.replace("lantoa-test:", "someone-else:"): "refused the credentials",
        "s3+http://k:s@127.0.0.1:9/lantoa": "does not answer",
    }
    for url, problem in cases.items():
        settings.STORAGES = {**settings.STORAGES, "default": storage_config(url, tmp_path)}
        (found,) = config_problems()
        assert found.startswith("LANTOA_STORAGE_URL: ")
        assert problem in found, found
    settings.CACHES = cache_config("redis://127.0.0.1:9/1", tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": storage_config(None, tmp_path)}
    (found,) = config_problems()
    assert found.startswith("LANTOA_CACHE_URL: Redis at 127.0.0.1:9 does not answer")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://x/y", "must be s3://"),
        ("s3://k:s@host", "must name one bucket"),
        ("s3://k:s@host:port/b", "port is not a number"),
        ("s3://host/bucket", "has no credentials"),
        ("s3://k:s@/bucket", "has no host"),
    ],
)
def test_a_malformed_storage_url_names_the_variable(url, message, tmp_path, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="LANTOA_STORAGE_URL") as error:
        storage_config(url, tmp_path)
    assert message in str(error.value)


def test_redis_urls_are_checked_and_select_the_shared_engines(tmp_path):
    tasks, queues = tasks_config("redis://127.0.0.1:6379/2")
    assert tasks["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert queues["default"]["URL"] == "redis://127.0.0.1:6379/2"
    assert tasks_config(None)[0]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert cache_config("redis://r:6379/1", tmp_path)["default"]["BACKEND"].endswith("RedisCache")
    assert cache_config(None, tmp_path)["default"]["BACKEND"].endswith("FileBasedCache")
    for variable, parse in (
        ("LANTOA_CACHE_URL", lambda url: cache_config(url, tmp_path)),
        ("LANTOA_TASKS_URL", tasks_config),
    ):
        with pytest.raises(ImproperlyConfigured, match=variable):
            parse("memcached://x")
        with pytest.raises(ImproperlyConfigured, match=variable):
            parse("redis://host:6379/one")


def _lantoa(tmp_path, *args: str, **env: str):  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_")}
    clean.update(LANTOA_DATA_DIR=str(tmp_path), LANTOA_SECRET_KEY="c" * 50, **env)
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "lantoa", *args], env=clean, capture_output=True, text=True
    )


def test_lantoa_check_and_the_worker_name_the_variable_to_fix(tmp_path):
    ok = _lantoa(tmp_path, "check")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1] == "ok"
    down = _lantoa(tmp_path, "check", LANTOA_CACHE_URL="redis://127.0.0.1:9/1")
    assert down.returncode == 2
    assert "problem:  LANTOA_CACHE_URL: Redis at 127.0.0.1:9 does not answer" in down.stderr
    worker = _lantoa(tmp_path, "worker", "--burst", LANTOA_TASKS_URL="redis://127.0.0.1:9/2")
    assert worker.returncode == 2
    assert "LANTOA_TASKS_URL: Redis at 127.0.0.1:9 does not answer" in worker.stderr
    malformed = _lantoa(tmp_path, "serve", LANTOA_STORAGE_URL="s3://k:s@store.internal")
    assert malformed.returncode == 2
    assert "LANTOA_STORAGE_URL must name one bucket" in malformed.stderr
    assert "Traceback" not in malformed.stderr
