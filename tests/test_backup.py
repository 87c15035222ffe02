"""``lantoa backup`` and ``lantoa backup restore`` (issue 19, item 9): a demo-like site with
learners, a report with an attachment and a rendered kit survives a round trip, and nothing
made after the snapshot is left behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from django.db import connection
from PIL import Image

from lantoa.campaigns import services
from lantoa.campaigns.models import Assignment, Attachment, Report
from lantoa.kits.demo import demo_kit_render
from lantoa.kits.models import KitBuild
from lantoa.learning.models import Learner
from lantoa.learning.services import learner_join
from lantoa.orgs.models import Role, Unit
from lantoa.orgs.services import membership_grant
from lantoa.site.backup import BackupError, backup_create, backup_restore, stored_files

pytestmark = pytest.mark.django_db(transaction=True)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _state() -> dict[str, object]:
    files = {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in stored_files()}
    return {
        "units": sorted(Unit.objects.values_list("code", flat=True)),
        "learners": sorted(Learner.objects.values_list("token_hash", "display_name", "kind")),
        "reports": sorted(Report.objects.values_list("assignment_id", "version", "staff_reached")),
        "attachments": sorted(Attachment.objects.values_list("stored", "sha256")),
        "kits": sorted(KitBuild.objects.values_list("pk", "status", "zip_size")),
        "files": files,
    }


@pytest.fixture
def demo_like(tree, installed_pack, django_user_model, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "data")},
        },
    }
    olivia = django_user_model.objects.create_user("olivia")
    membership_grant(actor=None, user=olivia, unit=tree.qn, role=Role.ADMIN)
    campaign = services.campaign_create(
        actor=olivia, title="Phổ biến 17 điểm", pack=installed_pack, issuer=tree.qn
    )
    services.campaign_assign(
        actor=olivia, campaign=campaign, units=[tree.cp], deadline=dt.date(2030, 1, 1)
    )
    services.report_submit(
        actor=tree.alice,
        assignment=Assignment.objects.get(campaign=campaign, unit=tree.cp),
        staff_count=40,
        staff_reached=31,
        notes="Đã quán triệt",
        attachments=[("bien-ban.png", _png())],
    )
    for n in range(5):
        learner_join(pack_id="cds17", kind="citizen", unit=tree.cp_md, display_name=f"Học viên {n}")
    demo_kit_render()
    return tree


def test_a_backup_restores_the_database_and_every_stored_file(demo_like, tmp_path):
    before = _state()
    assert before["learners"]
    assert before["attachments"]
    assert before["kits"]
    assert any(name.startswith("data/uploads/") for name in before["files"])
    assert any(name.startswith("data/kits/") for name in before["files"])

    target = backup_create(out=tmp_path / "backups")
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert set(manifest["files"]) == set(before["files"])

    # After the snapshot: data lost, files deleted, a stray file added.
    Learner.objects.all().delete()
    Report.objects.all().delete()
    KitBuild.objects.all().delete()
    for _name, path in list(stored_files()):
        path.unlink()
    stray = tmp_path / "data" / "uploads" / "reports" / "made-later.png"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"later")

    counts = backup_restore(source=target)
    assert counts["files"] == len(before["files"])
    assert _state() == before
    assert not stray.exists()


def test_a_damaged_backup_is_refused_before_anything_changes(tree, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    (tmp_path / "data" / "uploads").mkdir(parents=True)
    (tmp_path / "data" / "uploads" / "a.png").write_bytes(_png())
    target = backup_create(out=tmp_path / "backups")
    before = _state()
    name = next(iter(json.loads((target / "manifest.json").read_text())["files"]))
    (target / "files" / name).write_bytes(b"damaged")
    with pytest.raises(BackupError, match="checksum"):
        backup_restore(source=target)
    assert _state() == before
