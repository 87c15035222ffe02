"""The site's own address in what it prints: QR posters and certificates.

Unset, ``LANTOA_BASE_URL`` gives way to the address the site is being served on; set, it
wins. The QR codes are read back from the rendered files.
"""

from __future__ import annotations

import io
import subprocess

import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from PIL import Image

from lantoa.kits.models import BuildStatus, KitBuild
from lantoa.learning import services
from lantoa.site.addresses import base_url_check, site_base_url
from lantoa.worker.run import tasks_run_pending
from tests.conftest import require_tool
from tests.test_learning import answer_all, join

pytestmark = pytest.mark.django_db
HOST = "lantoa.quangninh.gov.vn"


@pytest.fixture(autouse=True)
def served_on(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    settings.LANTOA_BASE_URL = ""


def _qr(png: bytes) -> list[str]:
    with Image.open(io.BytesIO(png)) as img:
        return [r.text for r in zxingcpp.read_barcodes(img)]


def _posters(tree, **extra) -> KitBuild:
    alice = Client(**extra)
    alice.force_login(tree.alice)
    alice.post(reverse("unit_posters", args=["CP"]), {"depth": 0}, secure=True)
    build = KitBuild.objects.get(kind="posters")
    tasks_run_pending()
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    (name,) = [f["path"] for f in build.files() if f["path"].endswith("-CP.png")]
    png = b"".join(
        alice.get(reverse("kit_file", args=[build.pk, name]), secure=True).streaming_content
    )
    build.qr = _qr(png)
    return build


def test_a_poster_made_through_the_site_points_at_the_address_it_was_served_on(
    installed_pack, tree
):
    build = _posters(tree, HTTP_HOST=HOST)
    assert build.manifest["base_url"] == f"https://{HOST}"
    assert build.qr == [f"https://{HOST}/hoc/CP"]


def test_a_configured_base_url_wins_over_the_request(installed_pack, tree, settings):
    settings.LANTOA_BASE_URL = "https://hoc.example.gov.vn/"
    build = _posters(tree, HTTP_HOST=HOST)
    assert build.qr == ["https://hoc.example.gov.vn/hoc/CP"]


def test_the_certificate_links_to_its_verification_page_on_the_served_address(
    installed_pack, tree, pack, tmp_path
):
    pdftoppm = require_tool("pdftoppm", "renders the certificate to read its QR code")
    client = Client(HTTP_HOST=HOST)
    learner = join(client, "/hoc/CP")
    attempt = answer_all(services.quiz_start(learner=learner, pack=pack), pack)
    cert = services.certificate_issue(attempt=attempt, name="Nguyễn Thị Hoa", pack_title="T")
    response = client.get(reverse("certificate_pdf", args=[cert.code]), secure=True)
    assert response.status_code == 200
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(response.content)
    subprocess.run([pdftoppm, "-r", "150", "-png", str(pdf), str(tmp_path / "c")], check=True)
    (png,) = tmp_path.glob("c*.png")
    url = f"https://{HOST}" + reverse("certificate_verify", args=[cert.code])
    assert _qr(png.read_bytes()) == [url]
    assert client.get(url, secure=True).status_code == 200


def test_production_without_a_base_url_warns_at_start_up(settings):
    settings.DEMO = False
    (warning,) = base_url_check()
    assert warning.id == "lantoa.W001"
    assert "LANTOA_BASE_URL" in warning.msg
    settings.DEMO = True
    assert base_url_check() == []
    settings.DEMO = False
    settings.LANTOA_BASE_URL = "https://lantoa.example.gov.vn"
    assert base_url_check() == []
    assert site_base_url() == "https://lantoa.example.gov.vn"


def test_without_a_request_or_a_setting_the_address_is_the_local_default():
    assert site_base_url() == "http://127.0.0.1:8000"
