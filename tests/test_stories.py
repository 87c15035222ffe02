"""Stories: submission, moderation and its permissions, photos, text, feeds, sharing."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image

from lantoa.audit.models import AuditEvent
from lantoa.orgs.models import Role
from lantoa.orgs.services import membership_grant
from lantoa.stories import selectors
from lantoa.stories.models import Story, StoryPhoto, StoryPoint, StoryStatus
from lantoa.stories.services import StoryError, Upload, story_moderate, story_submit

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
TEXT = (
    "Trước đây phường mua máy chủ và tự vận hành. Năm nay chúng tôi chuyển sang thuê dịch vụ "
    "điện toán đám mây, trả theo mức sử dụng, cán bộ không còn phải trực máy ban đêm."
)


@pytest.fixture(autouse=True)
def files(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()  # the per-address counters of share images start at zero
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return tmp_path / "files"


def jpeg_with_gps(width: int = 800, height: int = 600) -> bytes:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (107.0, 18.0, 2.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def submit(tree, installed_pack, **extra):
    values = {
        "actor": tree.bob,
        "unit": tree.cp_md,
        "title": "Phường Mông Dương thuê dịch vụ đám mây",
        "text": TEXT,
        "points": [8],
    }
    values.update(extra)
    return story_submit(**values)


def nothing_stored(files) -> bool:
    return Story.objects.count() == 0 and not any(p.is_file() for p in files.rglob("*"))


# --- moderation --------------------------------------------------------------------------


def test_parent_unit_approves_and_the_story_becomes_public(tree, installed_pack, client):
    story = submit(tree, installed_pack)
    assert story.status == StoryStatus.SUBMITTED
    assert client.get(reverse("story_detail", args=[story.pk])).status_code == 404
    story_moderate(actor=tree.alice, story=story, decision="approve")
    story.refresh_from_db()
    assert story.status == StoryStatus.APPROVED
    assert story.approved_at is not None
    page = client.get(reverse("story_detail", args=[story.pk]))
    assert page.status_code == 200
    assert "Mông Dương" in page.content.decode()
    actions = list(
        AuditEvent.objects.filter(object_type="stories.story", object_id=str(story.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["story.approve", "story.submit"]


def test_a_unit_cannot_approve_its_own_story(tree, installed_pack):
    story = submit(tree, installed_pack, actor=tree.alice, unit=tree.cp)
    with pytest.raises(StoryError, match="Cẩm Phả"):
        story_moderate(actor=tree.alice, story=story, decision="approve")
    assert Story.objects.get(pk=story.pk).status == StoryStatus.SUBMITTED


def test_a_sibling_or_another_province_cannot_moderate(tree, installed_pack, django_user_model):
    from lantoa.orgs.services import unit_create

    story = submit(tree, installed_pack)
    with pytest.raises(StoryError):
        story_moderate(actor=tree.charlie, story=story, decision="approve")
    other = unit_create(
        actor=None, code="BG", name="Tỉnh Bắc Giang", kind="province", parent=tree.vn
    )
    dave = django_user_model.objects.create_user("dave")
    membership_grant(actor=None, user=dave, unit=other, role=Role.ADMIN)
    with pytest.raises(StoryError):
        story_moderate(actor=dave, story=story, decision="reject", reason="không")
    # A viewer of the parent is not an editor either.
    eve = django_user_model.objects.create_user("eve")
    membership_grant(actor=None, user=eve, unit=tree.cp, role=Role.VIEWER)
    with pytest.raises(StoryError):
        story_moderate(actor=eve, story=story, decision="approve")
    # The province above approves.
    quang = django_user_model.objects.create_user("quang")
    membership_grant(actor=None, user=quang, unit=tree.qn, role=Role.FOCAL_POINT)
    assert story_moderate(actor=quang, story=story, decision="approve").status == "approved"


def test_changes_and_rejection_need_a_reason(tree, installed_pack):
    story = submit(tree, installed_pack)
    with pytest.raises(StoryError, match="lý do"):
        story_moderate(actor=tree.alice, story=story, decision="reject", reason="  ")
    done = story_moderate(
        actor=tree.alice, story=story, decision="changes", reason="Thêm số liệu chi phí."
    )
    assert done.status == StoryStatus.CHANGES
    assert done.reason == "Thêm số liệu chi phí."
    assert selectors.story_get_public(story.pk) is None


def test_moderation_queue_is_the_subtree_below(tree, installed_pack):
    own = submit(tree, installed_pack, actor=tree.alice, unit=tree.cp, title="Cẩm Phả số hóa")
    below = submit(tree, installed_pack)
    waiting = list(selectors.moderation_queue(tree.alice))
    assert below in waiting
    assert own not in waiting
    assert list(selectors.moderation_queue(tree.charlie)) == []


def test_moderation_through_the_pages(tree, installed_pack):
    story = submit(tree, installed_pack)
    charlie = Client()
    charlie.force_login(tree.charlie)
    url = reverse("story_decide", args=[story.pk])
    assert charlie.post(url, {"decision": "approve"}).status_code == 404
    alice = Client()
    alice.force_login(tree.alice)
    page = alice.get(reverse("story_detail", args=[story.pk])).content.decode()
    assert 'name="decision"' in page
    assert alice.post(url, {"decision": "approve"}).status_code == 302
    assert Story.objects.get(pk=story.pk).status == StoryStatus.APPROVED


# --- photos and text ---------------------------------------------------------------------


def test_gps_exif_is_removed_and_the_photo_re_encoded(tree, installed_pack):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    story = submit(tree, installed_pack, photos=[Upload(name="IMG_0001.jpg", data=original)])
    (photo,) = StoryPhoto.objects.filter(story=story)
    with default_storage.open(photo.name, "rb") as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert image.size == (800, 600)
    assert len(image.getexif()) == 0
    assert b"PhoneMaker" not in stored
    assert b"Exif" not in stored


def test_script_in_a_story_is_harmless(tree, installed_pack, client):
    story = submit(
        tree,
        installed_pack,
        title='<script>alert("x")</script> Mông Dương',
        text=TEXT + '\n\n<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">bấm</a>',
    )
    story_moderate(actor=tree.alice, story=story, decision="approve")
    page = client.get(reverse("story_detail", args=[story.pk])).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    assert 'href="javascript:' not in page
    with pytest.raises(StoryError, match="http"):
        submit(tree, installed_pack, title="Khác", link="javascript:alert(1)")


def test_link_is_nofollow_ugc(tree, installed_pack, client):
    story = submit(tree, installed_pack, link="https://camp.quangninh.gov.vn/tin/1")
    story_moderate(actor=tree.alice, story=story, decision="approve")
    page = client.get(reverse("story_detail", args=[story.pk])).content.decode()
    assert 'href="https://camp.quangninh.gov.vn/tin/1" rel="nofollow ugc noopener"' in page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"photos": [Upload(name="to.jpg", data=b"\xff\xd8" + b"0" * (50 * 1024 * 1024))]}, "MB"),
        ({"photos": [Upload(name="anh.jpg", data=b"%PDF-1.7 not an image" * 50)]}, "không phải"),
        (
            {
                "photos": [
                    Upload(
                        name="logo.png",
                        data=b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                    )
                ]
            },
            "SVG",
        ),
        ({"text": "   \n  "}, "chưa có nội dung"),
        ({"points": [8, 42]}, "42"),
        ({"points": []}, "ít nhất một điểm"),
    ],
)
def test_bad_input_is_refused_with_nothing_stored(tree, installed_pack, files, extra, message):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(StoryError) as caught:
        submit(
            tree,
            installed_pack,
            **{"photos": [Upload(name="ok.jpg", data=jpeg_with_gps())], **extra},
        )
    assert message in str(caught.value)
    assert nothing_stored(files)
    assert StoryPoint.objects.count() == 0
    assert StoryPhoto.objects.count() == 0
    assert not AuditEvent.objects.filter(action="story.submit").exists()


def test_the_same_story_twice_is_refused(tree, installed_pack):
    from django.utils import translation

    submit(tree, installed_pack)
    with translation.override("vi"), pytest.raises(StoryError, match="đã được gửi"):
        submit(tree, installed_pack, title="  phường mông dương  THUÊ dịch vụ đám mây ")
    assert Story.objects.count() == 1


def test_the_form_shows_the_problem_in_vietnamese(tree, installed_pack):
    bob = Client()
    bob.force_login(tree.bob)
    answer = bob.post(
        reverse("story_new"),
        {"unit": tree.cp_md.pk, "title": "Tiêu đề", "text": "", "points": ["8"]},
    )
    assert answer.status_code == 400
    assert 'role="alert"' in answer.content.decode()
    assert "chưa có nội dung" in answer.content.decode()
    assert Story.objects.count() == 0


# --- where they show ---------------------------------------------------------------------


def test_nearest_first_then_newest(tree, installed_pack, django_user_model):
    far = submit(tree, installed_pack, actor=tree.charlie, unit=tree.hl_hg, title="Hồng Gai")
    membership_grant(actor=None, user=tree.charlie, unit=tree.hl_hg, role=Role.VIEWER)
    near = submit(tree, installed_pack)
    for story in (far, near):
        approver = tree.alice if story.unit == tree.cp_md else tree.charlie
        story_moderate(actor=approver, story=story, decision="approve")
    rows = selectors.stories_for_point(pack_id="cds17", number=8, unit=tree.hl_hg)
    assert [s.pk for s in rows] == [far.pk, near.pk]
    rows = selectors.stories_for_point(pack_id="cds17", number=8, unit=tree.cp_md)
    assert [s.pk for s in rows] == [near.pk, far.pk]
    answer = Client().get(
        reverse("point_stories_json", args=[8]) + "?don-vi=CP-MD", HTTP_HOST="testserver"
    )
    assert answer.status_code == 200
    assert "max-age=300" in answer["Cache-Control"]
    assert [s["id"] for s in answer.json()["stories"]] == [near.pk, far.pk]


def test_comparison_page_shows_stories_under_their_point(tree, installed_pack, client):
    story = submit(tree, installed_pack)
    story_moderate(actor=tree.alice, story=story, decision="approve")
    page = client.get("/").content.decode()
    block = page.split('id="diem-8"', 1)[1].split('id="diem-9"', 1)[0]
    assert story.title in block
    assert story.title not in page.split('id="diem-8"', 1)[0]


def test_counts_down_the_subtree_in_one_query(tree, installed_pack, django_assert_num_queries):
    a = submit(tree, installed_pack)
    submit(tree, installed_pack, title="Chuyện thứ hai")
    story_moderate(actor=tree.alice, story=a, decision="approve")
    with django_assert_num_queries(1):
        counts = selectors.story_counts(tree.qn)
    assert (counts.submitted, counts.approved, counts.waiting) == (2, 1, 1)
    assert selectors.story_counts(tree.hl).submitted == 0


# --- feeds -------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["national", "unit"])
def test_feed_is_atom(tree, installed_pack, client, which):
    story = submit(tree, installed_pack, text=TEXT + "\n\n<b>đậm</b> & ký tự")
    story_moderate(actor=tree.alice, story=story, decision="approve")
    url = reverse("story_feed") if which == "national" else reverse("unit_story_feed", args=["CP"])
    answer = client.get(url)
    assert answer["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(answer.content)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None
        assert root.find(f"{ATOM}{tag}").text
    (entry,) = root.findall(f"{ATOM}entry")
    for tag in ("id", "title", "updated"):
        assert entry.find(f"{ATOM}{tag}").text
    assert entry.find(f"{ATOM}title").text == story.title
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/cau-chuyen/{story.pk}/")
    assert "<b>đậm</b>" in entry.find(f"{ATOM}summary").text  # text, not markup
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Phường Mông Dương"
    other = client.get(reverse("unit_story_feed", args=["HL"]))
    assert ET.fromstring(other.content).findall(f"{ATOM}entry") == []


# --- sharing -----------------------------------------------------------------------------


def og_tags(html: str) -> dict[str, str]:
    import re

    return dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)"', html)
    )


def fetch_png(client, url: str) -> Image.Image:
    answer = client.get(url.replace("http://testserver", ""))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(answer.content))
    image.verify()
    return Image.open(io.BytesIO(answer.content))


def test_open_graph_on_every_public_page(tree, installed_pack, client, files):
    story = submit(tree, installed_pack)
    story_moderate(actor=tree.alice, story=story, decision="approve")
    pages = [
        "/",
        reverse("point_page", args=[8]) + "?don-vi=CP-MD",
        reverse("story_detail", args=[story.pk]),
        reverse("learn_unit", args=["CP-MD"]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        tags = og_tags(html)
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card"):
            assert tags.get(key), (url, key)
        assert tags["og:image"].startswith("http://testserver/")
        assert tags["twitter:card"] == "summary_large_image"
        image = fetch_png(client, tags["og:image"])
        assert image.format == "PNG"
        assert image.size == (1200, 630)
    assert len(list((files / "share").glob("*.png"))) == len(pages)
    # The second request reads the cached file (no new one).
    fetch_png(client, og_tags(client.get("/").content.decode())["og:image"])
    assert len(list((files / "share").glob("*.png"))) == len(pages)


def test_waiting_story_has_no_share_image(tree, installed_pack, client):
    story = submit(tree, installed_pack)
    assert client.get(reverse("share_story_image", args=[story.pk])).status_code == 404


def test_dashboard_and_upward_report_count_the_stories(tree, installed_pack, django_user_model):
    import datetime as dt

    from docx import Document
    from openpyxl import load_workbook

    from lantoa.campaigns import services as campaigns
    from lantoa.campaigns.exports import report_data, report_docx, report_xlsx

    olivia = django_user_model.objects.create_user("olivia")
    membership_grant(actor=None, user=olivia, unit=tree.qn, role=Role.ADMIN)
    campaign = campaigns.campaign_create(
        actor=olivia, title="Phổ biến 17 điểm", pack=installed_pack, issuer=tree.qn
    )
    campaigns.campaign_assign(
        actor=olivia, campaign=campaign, units=[tree.cp], deadline=dt.date(2030, 1, 1)
    )
    story = submit(tree, installed_pack)
    submit(tree, installed_pack, title="Chuyện thứ hai")
    story_moderate(actor=tree.alice, story=story, decision="approve")
    client = Client()
    client.force_login(olivia)
    page = client.get(f"/chien-dich/{campaign.pk}/don-vi/QN/").content.decode()
    section = page.split('id="story-counts-title"', 1)[1].split("</section>", 1)[0]
    values = [v.split("<", 1)[0] for v in section.split('class="kpi-value">')[1:]]
    assert values == ["2", "1", "1"]
    alice = Client()
    alice.force_login(tree.alice)
    form = alice.get(f"/chien-dich/{campaign.pk}/don-vi/CP/bao-cao/").content.decode()
    assert "đã gửi 2 câu chuyện: 1 đã duyệt, 1 đang chờ duyệt" in form
    data = report_data(campaign=campaign, unit=tree.qn)
    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(data))).paragraphs)
    assert "đã gửi 2, đã duyệt 1, đang chờ duyệt 1" in text
    summary = load_workbook(io.BytesIO(report_xlsx(data)))["Tổng hợp"]
    figures = {row[0].value: row[1].value for row in summary.iter_rows()}
    assert figures["Câu chuyện đã duyệt"] == 1
    assert figures["Câu chuyện chờ duyệt"] == 1


def test_demo_stories_are_approved_marked_and_added_once(installed_pack, django_user_model):
    from lantoa.orgs.services import unit_create
    from lantoa.stories.demo import MARK, demo_stories_create

    vn = unit_create(actor=None, code="VN", name="Việt Nam", kind="country", parent=None)
    qn = unit_create(actor=None, code="22", name="Tỉnh Quảng Ninh", kind="province", parent=vn)
    unit_create(actor=None, code="22-001", name="Xã Đầm Hà", kind="commune", parent=qn)
    admin = django_user_model.objects.create_superuser("demo", password="x")
    assert demo_stories_create(actor=admin) == 2  # Bắc Giang (24) is not in this tree
    assert demo_stories_create(actor=admin) == 0
    assert all(s.text.startswith(MARK) for s in Story.objects.all())
    assert set(Story.objects.values_list("status", flat=True)) == {"approved"}


def test_certificate_verification_has_a_card_without_the_learners_name(
    installed_pack, client, files
):
    from lantoa.learning.demo import demo_learners_create
    from lantoa.learning.models import Certificate
    from lantoa.orgs.services import unit_create

    vn = unit_create(actor=None, code="VN", name="Việt Nam", kind="country", parent=None)
    qn = unit_create(actor=None, code="22", name="Tỉnh Quảng Ninh", kind="province", parent=vn)
    unit_create(actor=None, code="22-001", name="Xã Đầm Hà", kind="commune", parent=qn)
    demo_learners_create(count=60)
    certificate = Certificate.objects.exclude(name="").first()
    html = client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    tags = og_tags(html)
    assert tags["og:url"].endswith(f"/chung-nhan/{certificate.code}")
    assert certificate.name not in tags["og:title"] + tags["og:description"]
    image = fetch_png(client, tags["og:image"])
    assert image.size == (1200, 630)


def test_kit_captions_link_to_the_points_pages(pack, client, installed_pack):
    from lantoa.core.kit.branding import Branding
    from lantoa.core.kit.writing import captions_build

    captions = captions_build(pack, Branding(), base_url="https://lantoa.example.gov.vn/")
    assert "https://lantoa.example.gov.vn/diem/8/" in captions["facebook"]
    assert "https://lantoa.example.gov.vn/diem/17/" in captions["zalo"]
    assert "/diem/" not in captions_build(pack, Branding())["zalo"]
    assert client.get("/diem/8/").status_code == 200


@pytest.mark.django_db(transaction=True)  # the worker closes its connections when done
def test_the_worker_draws_an_approved_storys_card_in_advance(tree, installed_pack, client, files):
    from lantoa.worker.run import tasks_run_pending

    story = submit(tree, installed_pack)
    story_moderate(actor=tree.alice, story=story, decision="approve")
    assert not (files / "share").exists()
    assert tasks_run_pending() == 1
    (drawn,) = (files / "share").glob("*.png")
    assert Image.open(drawn).size == (1200, 630)
    html = client.get(reverse("story_detail", args=[story.pk])).content.decode()
    answer = client.get(og_tags(html)["og:image"].replace("http://testserver", ""))
    assert answer.content == drawn.read_bytes()  # served from the storage, not drawn again


def test_new_share_images_are_bounded_per_address(tree, installed_pack, client, monkeypatch):
    from lantoa.stories import views

    monkeypatch.setattr(views, "SHARE_DRAWS_PER_HOUR", 2)
    for code in ("CP", "HL"):
        assert client.get(reverse("share_unit_image", args=[code])).status_code == 200
    refused = client.get(reverse("share_unit_image", args=["CP-MD"]))
    assert refused.status_code == 429
    assert "quá nhiều ảnh chia sẻ mới" in refused.content.decode()
    # Cards already drawn are still served.
    assert client.get(reverse("share_unit_image", args=["CP"])).status_code == 200


def test_a_story_sent_back_is_changed_and_sent_again(tree, installed_pack):
    from lantoa.stories.services import story_revise

    story = submit(tree, installed_pack)
    with pytest.raises(StoryError):  # not sent back: nothing to change
        story_revise(actor=tree.bob, story=story, title="X", text=TEXT, points=[8])
    story_moderate(actor=tree.alice, story=story, decision="changes", reason="Thêm số liệu.")
    bob = Client()
    bob.force_login(tree.bob)
    page = bob.get(reverse("story_detail", args=[story.pk])).content.decode()
    assert reverse("story_edit", args=[story.pk]) in page
    assert "Thêm số liệu." in page
    charlie = Client()
    charlie.force_login(tree.charlie)
    assert charlie.get(reverse("story_edit", args=[story.pk])).status_code == 404
    answer = bob.post(
        reverse("story_edit", args=[story.pk]),
        {"title": story.title, "text": TEXT + " Chi phí giảm 40%.", "points": ["8", "9"]},
    )
    assert answer.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.SUBMITTED
    assert story.text.endswith("giảm 40%.")
    assert sorted(p.number for p in story.points.all()) == [8, 9]
    assert AuditEvent.objects.filter(action="story.revise", object_id=str(story.pk)).exists()
    assert story_moderate(actor=tree.alice, story=story, decision="approve").status == "approved"
