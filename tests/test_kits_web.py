"""The "Bộ ấn phẩm" page: stored builds, the task queue, downloads, branding and posters.

Everything is real: kits are rendered by Typst through Django's Tasks API on the database
backend (django-tasks-db), files are read back from the build's folder in the storage, ZIPs
are opened, and the personas of ``Tree`` check scope.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from PIL import Image

from lantoa.audit.models import AuditEvent
from lantoa.core.kit import Branding, KitError
from lantoa.kits.demo import demo_kit_render
from lantoa.kits.models import BuildStatus, KitBuild
from lantoa.kits.services import (
    branding_from_input,
    kit_build_request,
    kit_build_run,
    kit_builds_purge,
    posters_build_request,
)
from lantoa.worker.run import tasks_run_pending

KIT_TASK = "lantoa.kits.tasks.kit_build_task"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kits_dir(settings, tmp_path):
    """A fresh local storage for each test; kits live under its ``kits/``."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return tmp_path / "files" / "kits"


def folder(build) -> Path:
    return Path(default_storage.path(build.prefix))


@pytest.fixture
def public_kit(installed_pack, pack):
    """The unbranded kit, rendered through the queue."""
    build = kit_build_request(actor=None, pack=pack)
    assert tasks_run_pending() == 1
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    return build


def png_bytes(size=(80, 80), color=(0, 120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_same_kit_asked_twice_is_rendered_once(installed_pack, pack):
    first = kit_build_request(actor=None, pack=pack)
    joined = kit_build_request(actor=None, pack=pack)
    assert joined.pk == first.pk
    assert joined.status == BuildStatus.QUEUED
    assert DBTaskResult.objects.filter(task_path=KIT_TASK).count() == 1
    assert tasks_run_pending() == 1
    reused = kit_build_request(actor=None, pack=pack)
    assert reused.pk == first.pk
    assert reused.status == BuildStatus.DONE
    assert tasks_run_pending() == 0  # nothing new was queued
    branded = kit_build_request(actor=None, pack=pack, branding=Branding(unit="Phường Mông Dương"))
    assert branded.pk != first.pk
    assert branded.key != first.key
    assert not branded.is_public


def test_a_kit_renders_through_the_worker_command_with_thumbnails_and_a_zip(
    installed_pack, pack, kits_dir
):
    build = kit_build_request(actor=None, pack=pack)
    from lantoa.cli.main import cli

    result = CliRunner().invoke(cli, ["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "ran 1 task(s)" in result.output
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    assert build.percent == 100
    assert build.progress_done == build.progress_total > 0
    assert folder(build).parent == kits_dir
    assert (folder(build) / "files").is_dir()
    assert not [p for p in kits_dir.iterdir() if p.name.startswith(".")]  # no scratch left
    kinds = {f["kind"] for f in build.files()}
    assert {"flashcard-png", "infographic-png", "infographic-phone-png", "slides-pptx"} <= kinds
    pngs = [f["path"] for f in build.files() if f["path"].endswith(".png")]
    assert sorted(t["path"] for t in build.thumbs) == sorted(pngs)
    with Image.open(folder(build) / "thumbs" / "flashcards/1080x1350/01-front.png") as thumb:
        assert thumb.width == 240
        assert thumb.format == "PNG"
    with zipfile.ZipFile(folder(build) / build.zip_name) as archive:
        inside = {
            info.filename: hashlib.sha256(archive.read(info)).hexdigest()
            for info in archive.infolist()
        }
    assert inside.pop("manifest.json")
    assert inside == {f["path"]: f["sha256"] for f in build.files()}
    assert AuditEvent.objects.filter(action="kit_build.done", object_id=str(build.pk)).exists()


def test_every_manifest_file_downloads_with_its_sha256_as_etag(public_kit):
    client = Client()
    for f in public_kit.files():
        response = client.get(reverse("kit_file", args=[public_kit.pk, f["path"]]))
        assert response.status_code == 200, f["path"]
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == f["sha256"]
        assert response["ETag"] == f'"{f["sha256"]}"'
        assert response["Content-Disposition"].startswith("attachment;")
        assert f["path"].rsplit("/", 1)[-1] in response["Content-Disposition"]
    again = client.get(
        reverse("kit_file", args=[public_kit.pk, f["path"]]),
        headers={"If-None-Match": f'"{f["sha256"]}"'},
    )
    assert again.status_code == 304


def test_paths_outside_the_manifest_are_not_found(public_kit):
    base = reverse("kit_file", args=[public_kit.pk, "x"])[: -len("x")]
    for path in (
        "manifest.json",
        "../manifest.json",
        "flashcards/../manifest.json",
        "flashcards/1080x1350/../../../../etc/passwd",
        "%2e%2e/%2e%2e/lantoa.sqlite3",
        "..%2f..%2flantoa.sqlite3",
        "/etc/passwd",
        "flashcards/1080x1350/99-front.png",
    ):
        assert Client().get(base + path).status_code == 404, path
    assert Client().get(reverse("kit_file", args=[public_kit.pk + 1, "x.png"])).status_code == 404


def test_the_whole_kit_zip_matches_the_manifest(public_kit):
    assert Client().head(reverse("kit_zip", args=[public_kit.pk])).status_code == 200
    response = Client().get(reverse("kit_zip", args=[public_kit.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert response["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for f in public_kit.files():
            assert hashlib.sha256(archive.read(f["path"])).hexdigest() == f["sha256"]


def test_the_public_page_shows_thumbnails_grouped_by_kind_to_anyone(public_kit):
    response = Client().get(reverse("kit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bộ ấn phẩm" in html
    assert html.count('class="kit-item"') == len(public_kit.thumbs)
    for section in ("the-1080x1350", "infographic", "in-an", "bai-giang", "bai-dang"):
        assert f'id="{section}"' in html
    assert reverse("kit_zip", args=[public_kit.pk]) in html
    thumb = Client().get(reverse("kit_thumb", args=[public_kit.pk, public_kit.thumbs[0]["path"]]))
    assert thumb.status_code == 200
    assert thumb["Content-Type"] == "image/png"
    with translation.override("vi"):  # the request switches the language: restore it after
        english = Client().get("/en/bo-an-pham/").content.decode()
    assert "Download everything (ZIP)" in english


def test_the_public_page_queues_the_kit_once_when_none_is_rendered(installed_pack):
    for _ in range(3):
        response = Client().get(reverse("kit"))
        assert response.status_code == 200
    assert KitBuild.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    html = response.content.decode()
    assert "<progress" in html
    assert 'http-equiv="refresh"' in html
    status = Client().get(reverse("kit_status", args=[KitBuild.objects.get().pk])).json()
    assert status["status"] == "queued"
    assert status["percent"] == 0


def test_a_new_pack_version_renders_while_the_previous_kit_stays_on_the_page(public_kit, pack):
    from lantoa.content.services import pack_install

    pack_install(pack=pack.model_copy(update={"version": "1.0.1"}))
    page = Client().get(reverse("kit")).content.decode()
    new = KitBuild.objects.get(pack_version="1.0.1")
    assert new.status == BuildStatus.QUEUED
    assert "Đang tạo bộ ấn phẩm phiên bản 1.0.1" in page
    assert reverse("kit_status", args=[new.pk]) in page
    assert page.count('class="kit-item"') == len(public_kit.thumbs)  # the previous kit
    tasks_run_pending()
    page = Client().get(reverse("kit")).content.decode()
    assert "<progress" not in page
    assert reverse("kit_zip", args=[new.pk]) in page


def test_the_public_page_does_not_loop_on_a_failed_render(installed_pack):
    Client().get(reverse("kit"))
    KitBuild.objects.update(
        status=BuildStatus.FAILED, error="điểm 3 quá dài / point 3 is too long"
    )  # as a render that failed leaves it
    for _ in range(3):
        page = Client().get(reverse("kit")).content.decode()
    assert "Điểm 3 quá dài" in page
    assert "<progress" not in page
    assert DBTaskResult.objects.count() == 1  # not queued again by the page views


def test_the_page_makes_a_bounded_number_of_queries(
    public_kit, tree, django_assert_max_num_queries
):
    anonymous, alice = Client(), signed_in(tree.alice)
    with django_assert_max_num_queries(4):
        assert anonymous.get(reverse("kit")).status_code == 200
    with django_assert_max_num_queries(9):
        assert alice.get(reverse("kit")).status_code == 200


def test_a_branded_render_needs_a_sign_in(installed_pack):
    response = Client().post(reverse("kit_render"), {"unit_name": "Xã A"})
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
    assert not KitBuild.objects.exists()


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (b"this is not a picture", "không phải là ảnh png hoặc jpeg"),
        (b"\x89PNG\r\n" + b"0" * (2 * 1024 * 1024), "logo quá lớn"),
    ],
)
def test_a_bad_logo_is_refused_in_vietnamese_and_nothing_is_stored(
    installed_pack, tree, kits_dir, logo, message
):
    upload = io.BytesIO(logo)
    upload.name = "logo.png"
    response = signed_in(tree.alice).post(
        reverse("kit_render"),
        {
            "unit_name": "Thành phố Cẩm Phả",
            "primary": "#a61b1b",
            "accent": "#1b5ea6",
            "logo": upload,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert not KitBuild.objects.filter(is_public=False).exists()
    assert DBTaskResult.objects.count() == 1  # only the public kit's, which the page queued
    assert not kits_dir.exists()  # no logo kept


def test_a_branded_render_from_the_page_is_seen_only_by_its_unit(installed_pack, tree):
    alice = signed_in(tree.alice)
    page = alice.get(reverse("kit")).content.decode()
    assert 'value="Thành phố Cẩm Phả"' in page  # the unit name defaults to the user's unit
    upload = io.BytesIO(png_bytes())
    upload.name = "logo.png"
    response = alice.post(
        reverse("kit_render"),
        {"unit_name": "Thanh pho Cam Pha\u0301", "primary": "#0F6E66", "accent": "#ffd54a",
         "logo": upload},
    )  # fmt: skip
    build = KitBuild.objects.get(is_public=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("kit_build", args=[build.pk])
    assert build.unit == tree.cp
    assert build.created_by == tree.alice
    assert build.brand_unit == "Thanh pho Cam Phá"  # NFC: the combining accent is composed
    assert (build.primary, build.accent, len(build.logo_sha256)) == ("#0f6e66", "#ffd54a", 64)
    assert "<progress" in alice.get(response["Location"]).content.decode()
    tasks_run_pending()  # the public kit the page queued, then alice's
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    assert build.manifest["branding"]["logo_sha256"] == build.logo_sha256
    page = alice.get(reverse("kit_build", args=[build.pk])).content.decode()
    assert page.count('class="kit-item"') == len(build.thumbs) > 60
    path = build.files()[0]["path"]
    for persona in (tree.bob, tree.charlie):  # bob works below CP, charlie beside it
        client = signed_in(persona)
        assert client.get(reverse("kit_build", args=[build.pk])).status_code == 404
        assert client.get(reverse("kit_file", args=[build.pk, path])).status_code == 404
        assert client.get(reverse("kit_zip", args=[build.pk])).status_code == 404
    assert Client().get(reverse("kit_status", args=[build.pk])).status_code == 404
    assert alice.get(reverse("kit_file", args=[build.pk, path])).status_code == 200


def test_two_units_asking_for_the_same_branding_share_one_build(installed_pack, tree):
    form = {"unit_name": "Ban Tuyên giáo", "primary": "#a61b1b", "accent": "#1b5ea6"}
    first = signed_in(tree.alice).post(reverse("kit_render"), form)
    second = signed_in(tree.charlie).post(reverse("kit_render"), form)
    assert first["Location"] == second["Location"]
    assert KitBuild.objects.filter(is_public=False).count() == 1
    assert signed_in(tree.charlie).get(second["Location"]).status_code == 200
    assert signed_in(tree.bob).get(second["Location"]).status_code == 404  # he did not ask


def test_a_failed_render_leaves_nothing_and_keeps_the_vietnamese_error(
    installed_pack, pack, kits_dir, tree
):
    branding = branding_from_input(unit_name="Xã Hải Hòa", logo=png_bytes())
    build = kit_build_request(actor=tree.alice, pack=pack, branding=branding, enqueue=False)
    for logo in (kits_dir / "logos").iterdir():
        logo.unlink()  # the logo went missing before the worker got to it
    build = kit_build_run(build_id=build.pk)
    assert build.status == BuildStatus.FAILED
    assert build.error.startswith("không còn tệp logo")
    assert not folder(build).exists()
    assert [p.name for p in kits_dir.iterdir()] == ["logos"]
    assert Client().get(reverse("kit_build", args=[build.pk])).status_code == 404  # branded
    page = signed_in(tree.alice).get(reverse("kit_build", args=[build.pk])).content.decode()
    assert "Không còn tệp logo của bản này" in page
    assert "the logo of this build is gone" not in page  # the page's language only
    again = kit_build_request(actor=None, pack=pack, branding=branding, enqueue=False)
    assert again.pk == build.pk
    assert again.status == BuildStatus.QUEUED
    assert again.error == ""


def test_a_bad_colour_from_the_form_is_named(installed_pack, tree):
    response = signed_in(tree.alice).post(
        reverse("kit_render"), {"unit_name": "Xã A", "primary": "đỏ", "accent": "#1b5ea6"}
    )
    assert response.status_code == 400
    assert "Màu không hợp lệ" in response.content.decode()
    assert not KitBuild.objects.filter(is_public=False).exists()


def test_branding_input_is_checked_before_anything_is_stored():
    with pytest.raises(KitError, match="màu không hợp lệ"):
        branding_from_input(unit_name="A", primary="red")
    with pytest.raises(KitError, match="logo quá lớn"):
        branding_from_input(unit_name="A", logo=b"0" * (2 * 1024 * 1024 + 1))


def test_posters_cover_the_units_subtree_and_stay_inside_it(installed_pack, tree):
    alice, bob, charlie = (signed_in(u) for u in (tree.alice, tree.bob, tree.charlie))
    assert bob.post(reverse("unit_posters", args=["CP"]), {"depth": 1}).status_code == 404
    assert charlie.post(reverse("unit_posters", args=["CP"]), {"depth": 1}).status_code == 404
    unit_page = alice.get(reverse("unit_detail", args=["CP"])).content.decode()
    assert reverse("unit_posters", args=["CP"]) in unit_page
    response = alice.post(reverse("unit_posters", args=["CP"]), {"depth": 1})
    build = KitBuild.objects.get(kind="posters")
    assert response["Location"] == reverse("kit_build", args=[build.pk])
    assert build.unit == tree.cp
    assert build.options["units"] == 2
    tasks_run_pending()
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    assert sorted(f["path"] for f in build.files()) == [
        "posters/phuong-mong-duong-CP-MD.pdf",
        "posters/phuong-mong-duong-CP-MD.png",
        "posters/thanh-pho-cam-pha-CP.pdf",
        "posters/thanh-pho-cam-pha-CP.png",
    ]  # fmt: skip  (named by the unit's name in ASCII, then its code)
    assert build.manifest["base_url"] == "http://testserver"  # the address it was served on
    page = alice.get(reverse("kit_build", args=[build.pk])).content.decode()
    assert "Áp phích có mã QR" in page
    assert page.count('class="kit-item"') == 2
    first, second = 'alt="thanh-pho-cam-pha-CP.png"', 'alt="phuong-mong-duong-CP-MD.png"'
    assert page.index(first) < page.index(second)  # the unit first
    zipped = b"".join(alice.get(reverse("kit_zip", args=[build.pk])).streaming_content)
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert "posters/phuong-mong-duong-CP-MD.pdf" in archive.namelist()
    # bob sees CP-MD but not CP: posters made for CP are outside his subtree.
    for client in (bob, charlie):
        assert client.get(reverse("kit_zip", args=[build.pk])).status_code == 404
        assert client.get(reverse("kit_build", args=[build.pk])).status_code == 404
    # bob may make posters for his own unit.
    assert bob.post(reverse("unit_posters", args=["CP-MD"]), {"depth": 0}).status_code == 302


def test_poster_requests_are_deduplicated_per_subtree_and_depth(installed_pack, pack, tree):
    one = posters_build_request(actor=tree.alice, unit=tree.cp, depth=1, pack=pack)
    same = posters_build_request(actor=tree.alice, unit=tree.cp, depth=1, pack=pack)
    deeper = posters_build_request(actor=tree.alice, unit=tree.qn, depth=2, pack=pack)
    assert one.pk == same.pk != deeper.pk
    assert deeper.options["units"] == 6
    with pytest.raises(KitError, match="độ sâu"):
        posters_build_request(actor=tree.alice, unit=tree.cp, depth=99, pack=pack)


def test_the_command_line_makes_posters_from_the_database(tree, tmp_path):
    from lantoa.cli.kit import kit

    result = CliRunner().invoke(
        kit, ["posters", "--unit-code", "QN", "--depth", "1", "--out", str(tmp_path / "p")]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "p" / "posters").glob("*.pdf"))
    assert names == [
        "so-thong-tin-va-truyen-thong-STTTT.pdf",
        "thanh-pho-cam-pha-CP.pdf",
        "thanh-pho-ha-long-HL.pdf",
        "tinh-quang-ninh-QN.pdf",
    ]
    missing = CliRunner().invoke(
        kit, ["posters", "--unit-code", "XX", "--out", str(tmp_path / "q")]
    )
    assert missing.exit_code == 1
    assert "không có đơn vị mã XX" in missing.output


def test_old_builds_are_purged_but_the_newest_public_kit_stays(public_kit, pack, kits_dir):
    branded = kit_build_request(actor=None, pack=pack, branding=Branding(unit="Xã B"))
    tasks_run_pending()
    branded.refresh_from_db()
    old = timezone.now() - dt.timedelta(days=40)
    KitBuild.objects.update(finished_at=old)
    call_command("kits_purge", "--days", "30")
    assert list(KitBuild.objects.values_list("pk", flat=True)) == [public_kit.pk]
    assert not folder(branded).exists()
    assert folder(public_kit).exists()
    assert kit_builds_purge(older_than=dt.timedelta(days=30)) == 0


def test_the_demo_renders_the_public_kit_at_once_and_reuses_it(installed_pack):
    build = demo_kit_render()
    assert build.status == BuildStatus.DONE
    assert build.is_public
    assert not DBTaskResult.objects.exists()  # synchronous: no queue involved
    assert demo_kit_render().pk == build.pk


def test_an_account_may_start_only_so_many_new_renders_a_day(installed_pack, tree, settings):
    """Each render is seconds of Typst and megabytes on disk; reused builds stay free."""
    settings.LANTOA_KIT_BUILDS_PER_DAY = 2
    client = signed_in(tree.alice)
    for colour in ("#111111", "#222222"):
        form = {"unit_name": "Ban Tuyên giáo", "primary": colour, "accent": "#1b5ea6"}
        assert client.post(reverse("kit_render"), form).status_code == 302
    third = {"unit_name": "Ban Tuyên giáo", "primary": "#333333", "accent": "#1b5ea6"}
    response = client.post(reverse("kit_render"), third)
    assert response.status_code == 400
    assert "lần dựng mới trong 24 giờ qua" in response.content.decode()
    assert KitBuild.objects.filter(created_by=tree.alice).count() == 2
    again = {"unit_name": "Ban Tuyên giáo", "primary": "#111111", "accent": "#1b5ea6"}
    assert client.post(reverse("kit_render"), again).status_code == 302  # reused, not new


def test_behind_nginx_a_download_is_handed_over_with_x_accel_redirect(public_kit, settings):
    settings.LANTOA_ACCEL_REDIRECT = "/_files/"
    response = Client().get(reverse("kit_zip", args=[public_kit.pk]))
    assert response.status_code == 200
    assert (
        response["X-Accel-Redirect"] == f"/_files/kits/{public_kit.storage}/{public_kit.zip_name}"
    )
    assert response.content == b""
    assert public_kit.zip_name in response["Content-Disposition"]
    assert response["ETag"] == f'"{public_kit.zip_sha256}"'
    # Thumbnails, shown in the page, are still sent by the view.
    thumb = public_kit.thumbs[0]["path"]
    shown = Client().get(reverse("kit_thumb", args=[public_kit.pk, thumb]))
    assert "X-Accel-Redirect" not in shown
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")
