"""The study and result pages come from stencils (lantoa.site.stencil): rendered once per
card or outcome, filled per request. Each learner still sees their own figures, token and
order; a filled page is the page a full render gives, byte for byte; a new pack version is a
new page; and each page reads the database once."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from lantoa.content.services import pack_install
from lantoa.core.learn import quiz_draw
from lantoa.learning.models import Answer, Certificate, Learner, QuizAttempt
from lantoa.site import stencil

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_ID = re.compile(r'name="client_id" value="([^"]+)"')


def join(path: str = "/hoc/CP", kind: str = "official") -> tuple[Client, Learner]:
    client = Client()
    response = client.post(path, {"kind": kind, "display_name": "Nguyễn <Thị> Hoa"})
    assert response.status_code == 302
    return client, Learner.objects.order_by("-pk").first()


def rate(client: Client, point: int, rating: int) -> None:
    response = client.post(
        "/hoc/the/danh-gia/",
        {"point": point, "rating": rating, "client_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302


def learn_data(page: str) -> dict:
    return json.loads(page.split('id="learn-data" type="application/json">', 1)[1].split("<")[0])


def normalised(page: str) -> str:
    """The page without what differs on every request (the masked CSRF token, the client
    id of the rating form)."""
    return CLIENT_ID.sub('name="client_id" value="…"', CSRF.sub("csrf=…", page))


def full_render(monkeypatch, client: Client, path: str):
    """The response as the template renders the page in full, without the stencil."""
    with monkeypatch.context() as m:
        m.setattr(stencil, "same_for_everyone", lambda request: False)
        return client.get(path)


def assert_same(filled, full) -> None:
    """The same page, headers and cookies (but for what changes on every request)."""
    assert filled.status_code == full.status_code == 200
    assert normalised(filled.content.decode()) == normalised(full.content.decode())
    assert filled.headers.keys() == full.headers.keys()
    for name in filled.headers.keys() - {"Expires"}:  # Expires: the second it was sent
        assert filled[name] == full[name]
    assert sorted(filled.cookies) == sorted(full.cookies)


def finished_attempt(learner: Learner, pack, *, wrong: int) -> QuizAttempt:
    questions = quiz_draw(pack, seed=wrong + 1, n=10)
    attempt = QuizAttempt.objects.create(
        learner=learner,
        pack_id=pack.id,
        pack_version=pack.version,
        seed=wrong + 1,
        question_ids=[q.id for q in questions],
        total=10,
        score=10 - wrong,
        passed=wrong <= 2,
        finished_at=timezone.now(),
    )
    for i, q in enumerate(questions):
        Answer.objects.create(
            client_id=uuid.uuid4(),
            attempt=attempt,
            question_id=q.id,
            point=q.point,
            choice=q.answer if i >= wrong else (q.answer + 1) % len(q.choices),
            correct=i >= wrong,
        )
    return attempt


def test_two_learners_on_the_same_card_see_their_own_counts_order_unit_and_token(
    tree, installed_pack
):
    alice_phone, _ = join("/hoc/CP")
    bob_phone, _ = join("/hoc/", kind="citizen")
    for point in (1, 2):
        rate(alice_phone, point, 3)  # both learned
    rate(bob_phone, 1, 3)
    rate(bob_phone, 2, 1)  # "Again": due again in minutes, not learned
    alice = alice_phone.get("/hoc/the/").content.decode()
    bob = bob_phone.get("/hoc/the/").content.decode()

    # The same card first (point 3, never seen by either), from the one kept page ...
    assert learn_data(alice)["order"][0] == learn_data(bob)["order"][0] == 3
    # ... each with their own figures.
    assert '<span id="learned-count">2</span> / 17' in alice
    assert '<span id="learned-count">1</span> / 17' in bob
    assert learn_data(alice)["learned"] == [1, 2]
    assert learn_data(bob)["learned"] == [1]
    assert learn_data(alice)["order"][-2:] != learn_data(bob)["order"][-2:]
    assert 'data-unit="CP"' in alice
    assert 'data-unit=""' in bob
    assert CLIENT_ID.search(alice)[1] != CLIENT_ID.search(bob)[1]
    # Each form's token is good with that phone's CSRF cookie, not with the other's.
    checked = Client(enforce_csrf_checks=True)
    checked.cookies = alice_phone.cookies
    for token, status in ((CSRF.search(bob)[1], 403), (CSRF.search(alice)[1], 302)):
        response = checked.post(
            "/hoc/the/danh-gia/",
            {"point": 3, "rating": 3, "client_id": str(uuid.uuid4()), "csrfmiddlewaretoken": token},
        )
        assert response.status_code == status


@pytest.mark.parametrize(
    "path", ["/hoc/the/", "/hoc/the/?lat=1", "/en/hoc/the/", "/en/hoc/the/?lat=1&x=<b>"]
)
def test_a_filled_study_page_is_the_full_render_byte_for_byte(
    tree, installed_pack, monkeypatch, path
):
    client, _ = join("/hoc/CP")
    rate(client, 1, 3)
    client.get(path)  # kept
    filled = client.get(path)
    assert_same(filled, full_render(monkeypatch, client, path))
    assert filled["Content-Type"] == "text/html; charset=utf-8"
    assert "no-cache" in filled["Cache-Control"]
    assert "csrftoken" in filled.cookies


def test_the_study_page_keeps_the_language_and_the_query_in_the_language_switch(
    tree, installed_pack
):
    client, _ = join("/hoc/CP")
    english = client.get("/en/hoc/the/?lat=1").content.decode()
    vietnamese = client.get("/hoc/the/?lat=1").content.decode()
    assert '<html lang="en">' in english
    assert "Turn the card" in english
    assert '<html lang="vi">' in vietnamese
    assert "Turn the card" not in vietnamese
    for page in (english, vietnamese):
        assert 'href="/hoc/the/?lat=1" lang="vi"' in page
        assert 'href="/en/hoc/the/?lat=1" lang="en"' in page
    assert learn_data(english)["events"].startswith("/en/")


def test_a_new_pack_version_is_a_new_study_page(tree, installed_pack, pack):
    from lantoa.core.packs import pack_from_data, pack_to_data

    client, _ = join("/hoc/CP")
    before = client.get("/hoc/the/").content.decode()
    assert pack.point(1).title.vi in before
    data = pack_to_data(pack)
    data["version"] = "9.9.9"
    data["points"][0]["title"]["vi"] = "Tiêu đề mới của điểm một"
    pack_install(pack=pack_from_data(data), builtin=True)
    after = client.get("/hoc/the/").content.decode()
    assert "Tiêu đề mới của điểm một" in after
    assert "-9.9.9." in learn_data(after)["cards_url"]


def test_a_signed_in_member_gets_the_page_rendered_in_full_with_their_header(tree, installed_pack):
    client, _ = join("/hoc/CP")
    client.get("/hoc/the/")  # kept for visitors
    client.force_login(tree.alice)
    page = client.get("/hoc/the/").content.decode()
    assert "alice" in page
    assert "Sign out" in page or "Đăng xuất" in page
    assert '<span id="learned-count">0</span> / 17' in page


@pytest.mark.parametrize("wrong", [3, 1, 0])
def test_a_filled_result_page_is_the_full_render_byte_for_byte(
    tree, installed_pack, pack, monkeypatch, wrong
):
    client, learner = join("/hoc/CP")
    attempt = finished_attempt(learner, pack, wrong=wrong)
    if wrong == 0:  # passed, certificate issued
        client.post(f"/hoc/kiem-tra/{attempt.pk}/ket-qua/", {"name": "Hoa & <Lan>"})
    for lang in ("", "/en"):
        path = f"{lang}/hoc/kiem-tra/{attempt.pk}/ket-qua/"
        client.get(path)
        assert_same(client.get(path), full_render(monkeypatch, client, path))


def test_each_learner_sees_their_own_result_score_name_points_and_certificate(
    tree, installed_pack, pack
):
    hoa_phone, hoa = join("/hoc/CP")
    lan_phone = Client()
    lan_phone.post("/hoc/HL", {"kind": "citizen", "display_name": "Trần Lan"})
    lan = Learner.objects.order_by("-pk").first()
    hoa_failed = finished_attempt(hoa, pack, wrong=3)
    lan_failed = finished_attempt(lan, pack, wrong=4)
    hoa_passed = finished_attempt(hoa, pack, wrong=1)
    lan_passed = finished_attempt(lan, pack, wrong=2)

    def page(phone, attempt):
        return phone.get(f"/hoc/kiem-tra/{attempt.pk}/ket-qua/").content.decode()

    def reviewed(html):
        return [int(n) for n in re.findall(r'href="/#diem-(\d+)"', html)]

    def wrong_points(attempt):
        rows = Answer.objects.filter(attempt=attempt, correct=False)
        return sorted(set(rows.values_list("point", flat=True)))

    assert ": 7/10</h1>" in page(hoa_phone, hoa_failed)
    assert ": 6/10</h1>" in page(lan_phone, lan_failed)
    assert reviewed(page(hoa_phone, hoa_failed)) == wrong_points(hoa_failed)
    assert reviewed(page(lan_phone, lan_failed)) == wrong_points(lan_failed)
    assert 'value="Nguyễn &lt;Thị&gt; Hoa"' in page(hoa_phone, hoa_passed)
    assert 'value="Trần Lan"' in page(lan_phone, lan_passed)
    # Another learner's attempt is not found.
    assert lan_phone.get(f"/hoc/kiem-tra/{hoa_passed.pk}/ket-qua/").status_code == 404

    hoa_phone.post(f"/hoc/kiem-tra/{hoa_passed.pk}/ket-qua/", {"name": "Hoa"})
    lan_phone.post(f"/hoc/kiem-tra/{lan_passed.pk}/ket-qua/", {"name": "Lan"})
    for phone, attempt in ((hoa_phone, hoa_passed), (lan_phone, lan_passed)):
        code = Certificate.objects.get(attempt=attempt).code
        html = page(phone, attempt)
        assert f'<strong class="code">{code}</strong>' in html
        assert f'href="/hoc/chung-nhan/{code}.pdf"' in html
        assert f'href="/chung-nhan/{code}"' in html
        assert 'name="name"' not in html


def test_the_study_page_reads_the_database_once(tree, installed_pack, django_assert_num_queries):
    client, _ = join("/hoc/CP")
    rate(client, 1, 3)
    with django_assert_num_queries(1):  # the learner and their cards, joined
        assert client.get("/hoc/the/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/en/hoc/the/?lat=1").status_code == 200


def test_the_result_page_reads_the_database_once(
    tree, installed_pack, pack, django_assert_num_queries
):
    client, learner = join("/hoc/CP")
    attempt = finished_attempt(learner, pack, wrong=3)
    with django_assert_num_queries(1):  # the attempt, its learner's name, the points wrong
        assert client.get(f"/hoc/kiem-tra/{attempt.pk}/ket-qua/").status_code == 200


def test_a_visitor_joins_a_unit_in_two_writes(tree, installed_pack, django_assert_num_queries):
    from lantoa.learning.entry import unit_lookup
    from lantoa.learning.selectors import pack_cached

    unit_lookup("CP")  # the poster's shell looked the unit up a moment ago
    pack_cached()  # and the pack is kept a minute
    with django_assert_num_queries(4):  # a savepoint, the learner, the unit's change, release
        response = Client().post("/hoc/CP", {"kind": "official"})
    assert response.status_code == 302
    assert Learner.objects.get().unit == tree.cp


@pytest.mark.django_db(transaction=True)
def test_joining_a_unit_removed_within_the_lookups_minute_is_the_unknown_unit_page(
    tree, installed_pack
):
    from lantoa.learning.entry import unit_lookup
    from lantoa.orgs.models import Unit

    unit = Unit.objects.create(
        code="GONE", name="Xã đã giải thể", kind="commune", parent=tree.qn, path="x"
    )
    assert unit_lookup("GONE") is not None
    Unit.objects.filter(pk=unit.pk).delete()  # another process: this one's lookup still knows it
    response = Client().post("/hoc/GONE", {"kind": "citizen"})
    assert response.status_code == 404
    assert not Learner.objects.exists()


def test_the_first_page_is_filled_from_a_stencil_and_is_the_full_render_byte_for_byte(
    client, monkeypatch, installed_pack
):
    first = client.get("/")
    filled = client.get("/")
    assert_same(filled, full_render(monkeypatch, client, "/"))
    assert first.content.count(b"csrfmiddlewaretoken") == filled.content.count(
        b"csrfmiddlewaretoken"
    )
    assert any(key[0] == "site/home.html" for key in stencil._pages)
    english = client.get("/en/")
    assert_same(english, full_render(monkeypatch, client, "/en/"))
    assert b'lang="en"' in english.content


def test_a_newly_approved_story_reaches_the_first_page(
    client, monkeypatch, tree, installed_pack, django_capture_on_commit_callbacks
):
    from lantoa.stories import selectors
    from lantoa.stories.services import story_moderate
    from tests.test_stories import submit

    client.get("/")
    story = submit(tree, installed_pack)
    with django_capture_on_commit_callbacks(execute=True):
        story_moderate(actor=tree.alice, story=story, decision="approve")
    assert story.title in client.get("/").content.decode()  # this process knows at once
    # Another process kept the list it read before: it reads again after half a minute.
    kept = dict(selectors._kept)
    second = submit(tree, installed_pack, title="Xã điện tử: một cửa trên điện thoại")
    with django_capture_on_commit_callbacks(execute=True):
        story_moderate(actor=tree.alice, story=second, decision="approve")
    selectors._kept.update(kept)
    assert second.title not in client.get("/").content.decode()
    monkeypatch.setattr(selectors, "KEPT_SECONDS", -1)
    assert second.title in client.get("/").content.decode()
