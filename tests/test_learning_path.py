"""The learner path built for load: the event endpoint, the rollup, the quiz graded only on
the server, verified and self-declared figures, join limits and bursts (issues 14 and 19)."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import subprocess
import sys
import uuid
from collections import Counter

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from lantoa.core.learn import question_get
from lantoa.learning import quiz, services
from lantoa.learning.models import (
    Answer,
    Learner,
    LearnerKind,
    PointTally,
    QuizAttempt,
    Rating,
    TallyDelta,
    UnitTally,
)
from lantoa.learning.rollup import tallies_freshness, tallies_rollup
from lantoa.orgs.models import Unit

pytestmark = pytest.mark.django_db
EVENTS = "/hoc/su-kien/"
JSON = "application/json"


def joined(path="/hoc/CP", kind="citizen", client=None):
    client = client or Client()
    response = client.post(path, {"kind": kind})
    assert response.status_code == 302
    return client, Learner.objects.order_by("-pk").first()


def post(client, events, **extra):
    return client.post(EVENTS, {"events": events}, content_type=JSON, **extra)


def start(client):
    response = post(client, [{"type": "quiz_start", "id": str(uuid.uuid4())}])
    assert response.status_code == 200
    return response.json()["results"][0]


def stored():
    return (
        Rating.objects.count(),
        Answer.objects.count(),
        QuizAttempt.objects.count(),
        TallyDelta.objects.count(),
    )


# --- exact tallies after the rollup ---------------------------------------------------------


def truth(units):
    """Every level's figures counted from the raw rows, independently of the rollup."""
    expected = {}
    points = {}
    for unit in units:
        inside = Learner.objects.filter(unit__path__startswith=unit.path)
        expected[unit.pk] = (
            inside.count(),
            inside.filter(kind=LearnerKind.OFFICIAL).count(),
            inside.filter(verified=True).count(),
            inside.filter(passed_at__isnull=False).count(),
        )
        answers = Answer.objects.filter(attempt__learner__unit__path__startswith=unit.path)
        points[unit.pk] = sorted(
            (
                point,
                n,
                sum(
                    1
                    for c in answers.filter(point=point).values_list("correct", flat=True)
                    if not c
                ),
            )
            for point, n in Counter(answers.values_list("point", flat=True)).items()
        )
    return expected, points


def kept(units):
    expected = {}
    points = {}
    for unit in units:
        row = UnitTally.objects.filter(unit=unit, pack_id="cds17").first()
        expected[unit.pk] = (
            (row.learners, row.officials, row.verified_officials, row.passed)
            if row
            else (0, 0, 0, 0)
        )
        points[unit.pk] = sorted(
            PointTally.objects.filter(unit=unit, asked__gt=0).values_list("point", "asked", "wrong")
        )
    return expected, points


def test_n_events_from_m_clients_with_duplicates_and_retries_give_exact_tallies_at_every_level(
    tree, installed_pack, pack
):
    """Twelve learners on four units at three levels send ratings and whole quizzes in
    batches; every batch is sent twice (a lost reply) and some events ride again in later
    batches. The rollup runs part-way, in small batches, and at the end: every level's
    counts then equal the truth counted from the rows."""
    rng = random.Random(14)
    codes = ["CP", "CP-MD", "HL-HG", "QN"]
    clients = []
    for i in range(12):
        kind = ["official", "citizen", "team_member"][i % 3]
        client, learner = joined(f"/hoc/{codes[i % 4]}", kind)
        clients.append((client, learner))
    alice = Client()
    alice.force_login(tree.alice)
    joined("/hoc/CP", "official", alice)  # a verified official
    clients.append((alice, Learner.objects.order_by("-pk").first()))
    sent = 0
    for round_ in range(2):
        for client, learner in clients:
            attempt = start(client)
            ids = QuizAttempt.objects.get(pk=attempt["attempt"])
            queue = [
                {"type": "rating", "id": str(uuid.uuid4()), "point": rng.randint(1, 17),
                 "rating": rng.randint(1, 4)}
                for _ in range(7)
            ]  # fmt: skip
            for q in attempt["questions"]:
                qid = next(x for x in ids.question_ids if quiz.question_ref(ids, x) == q["ref"])
                right = quiz.right_option(ids, pack, qid)
                pick = (
                    right
                    if rng.random() < 0.85
                    else next(o["id"] for o in q["options"] if o["id"] != right)
                )
                queue.append({"type": "answer", "id": str(uuid.uuid4()),
                              "attempt": attempt["attempt"], "question": q["ref"],
                              "option": pick})  # fmt: skip
            rng.shuffle(queue)
            for lo in range(0, len(queue), 6):
                batch = queue[max(0, lo - 2) : lo + 6]  # two events ride again
                for _ in range(2):  # the reply was lost: the same batch again
                    assert post(client, batch).status_code == 200
                    sent += len(batch)
            if round_ == 0 and learner.pk % 3 == 0:
                tallies_rollup(batch=7)  # part-way, in small batches
    assert sent > 1000
    assert TallyDelta.objects.exists()
    tallies_rollup(batch=11)
    assert not TallyDelta.objects.exists()
    units = list(Unit.objects.all())
    assert kept(units) == truth(units)
    assert kept([tree.vn])[0][tree.vn.pk][0] == 13
    assert kept([tree.cp])[0][tree.cp.pk][2] == 1  # alice, verified


def test_the_rollup_is_a_periodic_task_a_service_and_a_command(tree, installed_pack):
    from django.core.management import call_command

    from lantoa.worker.periodic import jobs_import

    assert jobs_import()["learning.tallies_rollup"].every == dt.timedelta(seconds=10)
    services.learner_join(pack_id="cds17", kind="citizen", unit=tree.cp)
    assert tallies_freshness().pending
    call_command("rollup_tallies", verbosity=0)
    assert not tallies_freshness().pending
    assert UnitTally.objects.get(unit=tree.vn).learners == 1


def test_the_dashboard_says_how_fresh_the_learning_figures_are(tree, installed_pack, time_machine):
    import datetime as dt

    from lantoa.campaigns import services as campaigns

    time_machine.move_to(dt.datetime(2030, 1, 1, 8, 0, tzinfo=dt.UTC), tick=False)
    campaign = campaigns.campaign_create(
        actor=tree.alice, title="T", pack=installed_pack, issuer=tree.cp
    )
    # The unit page shows learning figures once the campaign reaches a unit below.
    campaigns.campaign_assign(
        actor=tree.alice, campaign=campaign, units=[tree.cp_md], deadline=dt.date(2030, 2, 1)
    )
    services.learner_join(pack_id="cds17", kind="citizen", unit=tree.cp_md)
    time_machine.move_to(dt.datetime(2030, 1, 1, 8, 0, 30, tzinfo=dt.UTC), tick=False)
    alice = Client()
    alice.force_login(tree.alice)
    page = alice.get(f"/chien-dich/{campaign.pk}/don-vi/CP/").content.decode()
    assert "cập nhật 30 giây trước" in page
    tallies_rollup()
    page = alice.get(f"/chien-dich/{campaign.pk}/don-vi/CP/").content.decode()
    assert "vừa cập nhật" in page


# --- the event endpoint refuses bad input whole ---------------------------------------------


def bad_requests(attempt_of_other):
    def body(value):
        return json.dumps(value).encode()

    def ratings(n):
        one = {"type": "rating", "point": 1, "rating": 3}
        return body({"events": [{**one, "id": str(uuid.uuid4())} for _ in range(n)]})

    rating = {"type": "rating", "id": str(uuid.uuid4()), "point": 1, "rating": 3}
    unknown = {**rating, "id": str(uuid.uuid4()), "type": "grade"}
    theirs = {"type": "answer", "id": str(uuid.uuid4()), "attempt": attempt_of_other,
              "question": "q0", "option": "x"}  # fmt: skip
    deep = "[" * 20_000 + "]" * 20_000
    huge = b'{"events": [], "x": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    return {
        "malformed": (b'{"events": [', JSON, 400, "malformed_json"),
        "not utf-8": (b"\xff\xfe{", JSON, 400, "malformed_json"),
        "nested": (deep.encode(), JSON, 400, "too_deep"),
        "nested event": (body({"events": [{**rating, "point": [[[[1]]]]}]}), JSON, 400, "too_deep"),
        "form": (b"events=1", "application/x-www-form-urlencoded", 415, "content_type"),
        "text": (body({"events": [rating]}), "text/plain", 415, "content_type"),
        "unknown type": (body({"events": [rating, unknown]}), JSON, 400, "unknown_type"),
        "other learner": (body({"events": [rating, theirs]}), JSON, 404, "unknown_attempt"),
        "10,000 events": (ratings(10_000), JSON, 413, "too_large"),
        "60 events": (ratings(60), JSON, 413, "too_many_events"),
        "10 MB": (huge, JSON, 413, "too_large"),
        "no events": (b'{"evnts": []}', JSON, 400, "no_events"),
        "bad id": (body({"events": [{**rating, "id": "nope"}]}), JSON, 400, "bad_id"),
    }


@pytest.mark.parametrize(
    "case",
    ["malformed", "not utf-8", "nested", "nested event", "form", "text", "unknown type",
     "other learner", "10,000 events", "60 events", "10 MB", "no events", "bad id"],
)  # fmt: skip
def test_bad_input_on_the_event_endpoint_is_a_named_4xx_and_stores_nothing(
    tree, installed_pack, case
):
    other, _ = joined("/hoc/HL")
    other_attempt = start(other)["attempt"]
    client, _ = joined("/hoc/CP")
    before = stored()
    body, content_type, status, code = bad_requests(other_attempt)[case]
    response = client.generic("POST", EVENTS, body, content_type=content_type)
    assert response.status_code == status
    error = response.json()
    assert error["error"] == code
    assert error["message"]  # a sentence naming the problem, in Vietnamese
    assert stored() == before


def test_an_answer_to_another_learners_attempt_reveals_nothing_and_stores_nothing(
    tree, installed_pack, pack
):
    other, _ = joined("/hoc/HL")
    theirs = start(other)
    attempt = QuizAttempt.objects.get(pk=theirs["attempt"])
    q = theirs["questions"][0]
    client, _ = joined("/hoc/CP")
    event = {"type": "answer", "id": str(uuid.uuid4()), "attempt": attempt.pk,
             "question": q["ref"], "option": q["options"][0]["id"]}  # fmt: skip
    response = post(client, [event])
    assert response.status_code == 404
    assert "answer" not in response.json()
    assert not Answer.objects.exists()


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
EVENTISH = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["rating", "answer", "quiz_start", "quiz_finish", "name", "x"]),
        "id": st.one_of(st.uuids().map(str), st.text(max_size=5)),
    },
    optional={
        "point": st.one_of(st.integers(-5, 40), JSONISH),
        "rating": st.one_of(st.integers(-1, 6), JSONISH),
        "attempt": st.one_of(st.integers(-1, 10**20), JSONISH),
        "question": st.one_of(st.text(max_size=50), JSONISH),
        "option": st.one_of(st.text(max_size=50), JSONISH),
        "name": st.one_of(st.text(max_size=300), JSONISH),
    },
)
BODIES = st.one_of(
    st.binary(max_size=200),
    JSONISH.map(lambda v: json.dumps(v).encode()),
    st.lists(EVENTISH, max_size=8).map(lambda es: json.dumps({"events": es}).encode()),
)


@hsettings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES)
def test_any_input_to_the_event_endpoint_gets_a_result_or_a_named_error(tree_and_client, body):
    """Property (issue 19, item 8): generated bodies give 200 with one result per event or
    a 4xx with a named error; never a 500 (the test client raises on one)."""
    client = tree_and_client
    response = client.generic("POST", EVENTS, body, content_type=JSON)
    data = response.json()
    if response.status_code == 200:
        assert isinstance(data["results"], list)
        assert all(r["status"] in ("ok", "duplicate") for r in data["results"])
    else:
        assert 400 <= response.status_code < 500
        assert isinstance(data["error"], str)
        assert data["message"]


@pytest.fixture
def tree_and_client(tree, installed_pack, settings):
    settings.LANTOA_LEARN_RATE_PER_CLIENT = 0
    settings.LANTOA_QUIZ_ATTEMPTS_PER_DAY = 0
    client, _ = joined("/hoc/CP")
    return client


# --- a quiz no script can pass ---------------------------------------------------------------


STABLE_ID = re.compile(r"\b(side|shift|match)-\d+")


def test_a_scripted_client_finds_no_trace_of_the_right_option_before_answering(
    tree, installed_pack, pack
):
    """Read every page, hidden field, static file and reply a learner gets; before an
    answer is recorded nothing tells the right option from the others."""
    client, learner = joined("/hoc/CP")
    seen = []

    def get(path):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen.append(body.decode("utf-8", "replace"))
        return seen[-1]

    for path in ("/hoc/", "/hoc/CP", "/hoc/the/", "/hoc/kiem-tra/", "/hoc/sw.js", "/hoc/du-lieu/"):
        get(path)
    client.post("/hoc/kiem-tra/")
    paged = learner.attempts.get()
    page = get(f"/hoc/kiem-tra/{paged.pk}/")
    files = set(re.findall(r'(?:src|href)="(/static/[^"]+|/hoc/h/[^"]+)"', "".join(seen)))
    files |= set(re.findall(r'"cards_url": "([^"]+)"', "".join(seen)))
    assert any(f.startswith("/hoc/h/cards.") for f in files)
    assert any(f.startswith("/hoc/h/learn.") for f in files)
    for src in files:
        get(src)
    reply = start(client)
    seen.append(json.dumps(reply))
    evented = QuizAttempt.objects.get(pk=reply["attempt"])
    everything = "\n".join(seen)
    assert not STABLE_ID.search(everything)
    assert '"answer"' not in json.dumps(reply)
    assert "correct" not in json.dumps(reply)
    for attempt in (paged, evented):
        for qid in attempt.question_ids:
            q = question_get(pack, qid)
            ids = [quiz.option_id(attempt, qid, i) for i in range(len(q.choices))]
            counts = {i: everything.count(i) for i in ids}
            # Every option of a question appears the same number of times: nothing marks one.
            assert len(set(counts.values())) == 1, counts
    # The page's forms carry only the token, the question's reference and a client id.
    hidden = re.findall(r'<input type="hidden" name="([^"]+)"', page)
    assert set(hidden) == {"csrfmiddlewaretoken", "question", "client_id"}
    assert 'class="choice right"' not in page
    # Only the reply to a recorded answer names the right option, of that question only.
    q0 = reply["questions"][0]
    qid0 = next(x for x in evented.question_ids if quiz.question_ref(evented, x) == q0["ref"])
    answer = {"type": "answer", "id": str(uuid.uuid4()), "attempt": evented.pk,
              "question": q0["ref"], "option": q0["options"][0]["id"]}  # fmt: skip
    result = post(client, [answer]).json()["results"][0]
    assert result["answer"] == quiz.right_option(evented, pack, qid0)
    others = [quiz.right_option(evented, pack, x) for x in evented.question_ids if x != qid0]
    assert not any(o in json.dumps(result) for o in others)


def test_each_attempt_orders_and_names_the_options_anew(tree, installed_pack, pack):
    learner, _ = services.learner_join(pack_id="cds17", kind="citizen", unit=tree.cp)
    first = services.quiz_start(learner=learner, pack=pack)
    second = services.quiz_start(learner=learner, pack=pack)
    second.question_ids = first.question_ids  # the same questions, another attempt
    positions = []
    for qid in first.question_ids:
        n = len(question_get(pack, qid).choices)
        a = {quiz.option_id(first, qid, i) for i in range(n)}
        b = {quiz.option_id(second, qid, i) for i in range(n)}
        assert not a & b
        answer = question_get(pack, qid).answer
        positions.append(quiz.option_order(first, qid, n).index(answer))
    assert len(set(positions)) > 1  # the right option is not always in the same place


def test_quiz_attempts_per_learner_per_day_are_limited(tree, installed_pack, settings):
    settings.LANTOA_QUIZ_ATTEMPTS_PER_DAY = 2
    client, learner = joined("/hoc/CP")
    assert client.post("/hoc/kiem-tra/").status_code == 302
    start(client)
    refused = client.post("/hoc/kiem-tra/")
    assert refused.status_code == 429
    assert "hết số lượt kiểm tra trong ngày" in refused.content.decode()
    response = post(client, [{"type": "quiz_start", "id": str(uuid.uuid4())}])
    assert response.status_code == 429
    assert response.json()["error"] == "quiz_limit"
    assert learner.attempts.count() == 2


def test_the_certificate_says_which_facts_were_verified(tree, installed_pack, pack):
    from lantoa.learning.models import Certificate

    def certify(user, name):
        learner, _ = services.learner_join(
            pack_id="cds17", kind="official", unit=tree.cp, display_name=name, user=user
        )
        attempt = services.quiz_start(learner=learner, pack=pack)
        for qid in attempt.question_ids:
            right = question_get(pack, qid).answer
            services.quiz_answer(
                attempt=attempt, pack=pack, question_id=qid, choice=right, client_id=uuid.uuid4()
            )
        attempt.refresh_from_db()
        return services.certificate_issue(attempt=attempt, name=name, pack_title="17")

    verified = certify(tree.alice, "Alice")
    declared = certify(None, "Ai đó")
    assert Certificate.objects.get(pk=verified.pk).official_verified
    assert not declared.official_verified
    page = Client().get(f"/chung-nhan/{verified.code}").content.decode()
    assert "công chức của đơn vị đã xác minh" in page
    assert "(tự khai)" in page  # the name
    page = Client().get(f"/chung-nhan/{declared.code}").content.decode()
    assert "tự khai, chưa xác minh" in page
    import io

    from pypdf import PdfReader

    from lantoa.core.learn import certificate_render

    pdf = certificate_render(name="Alice", unit="Thành phố Cẩm Phả", date=dt.date(2030, 1, 1),
                             score=10, total=10, code=verified.code, verify_url="http://x/",
                             pack_title="17", verified=True)  # fmt: skip
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "đã xác minh" in text
    assert "tự khai" in text


# --- figures that mean what they say ---------------------------------------------------------


def test_only_members_signed_in_count_as_verified_officials(tree, installed_pack):
    alice = Client()
    alice.force_login(tree.alice)  # admin of CP
    joined("/hoc/CP", "official", alice)
    charlie = Client()
    charlie.force_login(tree.charlie)  # admin of HL: not a member of CP
    joined("/hoc/CP", "official", charlie)
    joined("/hoc/CP", "official")  # anonymous
    assert sorted(Learner.objects.values_list("verified", flat=True)) == [False, False, True]
    tallies_rollup()
    tally = UnitTally.objects.get(unit=tree.cp)
    assert (tally.officials, tally.verified_officials) == (3, 1)


def test_join_limits_count_the_whole_subtree(tree, installed_pack, settings, time_machine):
    from django.core.cache import cache

    time_machine.move_to("2030-01-01 08:00:10+00:00", tick=False)  # one window of counts
    cache.clear()
    settings.LANTOA_LEARN_RATE_PER_UNIT = 2
    assert Client().post("/hoc/CP-MD", {"kind": "citizen"}).status_code == 302
    assert Client().post("/hoc/HL-HG", {"kind": "citizen"}).status_code == 302
    # A third code under the same province: the province's count is over.
    assert Client().post("/hoc/STTTT", {"kind": "citizen"}).status_code == 429
    cache.clear()


def test_the_limits_cache_is_shared_by_every_process_of_the_node(settings):
    """The embedded default is a file cache in the data folder: another process sees the
    same counts (Redis with LANTOA_CACHE_URL for several nodes)."""
    import os

    from django.core.cache import cache

    assert "FileBasedCache" in settings.CACHES["default"]["BACKEND"]
    cache.set("shared-probe", 1, 60)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='lantoa.config.settings_test';"
        "django.setup(); from django.core.cache import cache; cache.incr('shared-probe')"
    )
    env = {**os.environ, "LANTOA_DATA_DIR": str(settings.DATA_DIR)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert cache.get("shared-probe") == 2
    cache.delete("shared-probe")


def test_a_burst_of_joins_is_shown_to_the_units_admins(
    tree, installed_pack, settings, time_machine
):
    from django.core.cache import cache

    time_machine.move_to("2030-01-01 08:00:10+00:00", tick=False)  # one window of counts
    from lantoa.audit.models import AuditEvent
    from lantoa.campaigns import services as campaigns

    cache.clear()
    settings.LANTOA_LEARN_BURST_JOINS = 3
    for _ in range(5):
        joined("/hoc/CP-MD")
    assert AuditEvent.objects.filter(action="learning.join_burst").count() == 1
    campaign = campaigns.campaign_create(
        actor=tree.alice, title="T", pack=installed_pack, issuer=tree.cp
    )
    # The unit page shows learning figures once the campaign reaches a unit below.
    campaigns.campaign_assign(
        actor=tree.alice, campaign=campaign, units=[tree.cp_md], deadline=dt.date(2030, 2, 1)
    )
    alice = Client()
    alice.force_login(tree.alice)
    page = alice.get(f"/chien-dich/{campaign.pk}/don-vi/CP/").content.decode()
    assert 'id="join-bursts"' in page
    assert "Phường Mông Dương: 3 lượt tham gia trong 10 phút" in page
    cache.clear()


# --- the study pages (issue 20, item 10) ------------------------------------------------------


def test_hoc_without_a_code_finds_ones_commune_without_accents(client, tree, installed_pack):
    page = client.get("/hoc/", {"q": "cam pha"}).content.decode()
    assert 'href="/hoc/CP"' in page
    assert "Thành phố Cẩm Phả" in page
    page = client.get("/hoc/", {"q": "MÔNG DƯƠNG"}).content.decode()
    assert 'href="/hoc/CP-MD"' in page
    page = client.get("/hoc/", {"q": "zzz"}).content.decode()
    assert "Không có đơn vị nào có tên chứa" in page


def test_rating_a_card_good_counts_it_learned_at_once(client, tree, installed_pack):
    joined("/hoc/CP", client=client)
    event = {"type": "rating", "id": str(uuid.uuid4()), "point": 4, "rating": 3}
    result = post(client, [event]).json()["results"][0]
    assert result["learned"] is True
    page = client.get("/hoc/the/").content.decode()
    assert '<span id="learned-count">1</span> / 17' in page


def test_keyboard_hints_are_hidden_on_touch_phones(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("learning/learn.css"), encoding="utf-8") as f:
        css = f.read()
    rule = css.split("@media (hover: none) and (pointer: coarse)", 1)[1].split("}", 2)[0]
    assert ".key-hint" in rule
    assert "kbd" in rule


def test_an_invited_official_sees_their_pending_study_task(tree, installed_pack):
    from lantoa.campaigns import services as campaigns

    campaign = campaigns.campaign_create(
        actor=tree.alice, title="Học 17 điểm", pack=installed_pack, issuer=tree.cp
    )
    campaigns.campaign_assign(
        actor=tree.alice, campaign=campaign, units=[tree.cp_md], deadline=dt.date(2030, 1, 31)
    )
    bob = Client()
    bob.force_login(tree.bob)  # a member of CP-MD (joined through its invitation)
    page = bob.get("/hoc/").content.decode()
    assert "Nhiệm vụ học tập của bạn" in page
    assert "Học 17 điểm" in page
    # The task's link names the campaign's pack (a campaign may run on any pack).
    assert 'href="/hoc/CP-MD?vai-tro=official&amp;goi=cds17"' in page
    assert "Nhiệm vụ học tập của bạn" not in Client().get("/hoc/").content.decode()


# --- what is the same for every learner is a file ----------------------------------------------


def test_the_study_shell_is_the_same_bytes_for_every_unit_and_an_immutable_file(
    client, tree, installed_pack
):
    from lantoa.learning import shell

    cp = client.get("/hoc/CP")
    hl = Client().get("/hoc/HL")
    assert cp.status_code == hl.status_code == 200
    # The same shell but for its Open Graph tags (one placeholder the view fills per unit).
    tagged = re.compile(rb"<!--og-->.*?<!--/og-->", re.S)
    assert b"/chia-se/don-vi/CP.png" in cp.content
    assert re.search(r'<meta property="og:title" content="[^"]* · Thành phố Cẩm Phả">', cp.text)
    assert tagged.sub(b"<!--og-->", cp.content) == tagged.sub(b"<!--og-->", hl.content)
    assert "csrfmiddlewaretoken" not in cp.content.decode()
    assert "session" not in " ".join(cp.cookies)  # no session, no token cookie
    assert cp["Cache-Control"] == "public, max-age=300"
    name = shell.built().shells["vi"]
    assert re.fullmatch(r"shell\.vi\.[0-9a-f]{12}\.html", name)
    file = client.get(f"/hoc/h/{name}")
    assert file.content == tagged.sub(b"<!--og-->", cp.content)
    assert b"og:title" not in file.content
    assert file["Cache-Control"] == "public, max-age=31536000, immutable"
    english = client.get("/en/hoc/CP").content.decode()
    assert "Start learning" in english
    # Scripts and styles of the learner path: hashed names, immutable.
    for src in re.findall(r'(?:src|href)="(/hoc/h/[^"]+)"', cp.content.decode()):
        response = client.get(src)
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_unknown_code_still_gets_the_vietnamese_404_and_the_lookup_names_units(
    client, tree, installed_pack
):
    response = client.get("/hoc/KHONG-CO")
    assert response.status_code == 404
    assert "Học không theo đơn vị" in response.content.decode()
    assert client.get("/hoc/don-vi/KHONG-CO.json").status_code == 404
    unit = client.get("/hoc/don-vi/CP.json")
    # The lookup also lists the packs a study link of the unit may name (?goi=).
    facts = unit.json()
    assert {k: facts[k] for k in ("code", "name", "short_name")} == {
        "code": "CP",
        "name": "Thành phố Cẩm Phả",
        "short_name": "",
    }
    assert facts["default"] == "cds17"
    assert list(facts["packs"]) == ["cds17"]
    assert unit["Cache-Control"] == "public, max-age=300"


def test_joining_from_another_site_is_refused_by_its_origin(client, tree, installed_pack):
    refused = client.post("/hoc/CP", {"kind": "official"}, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403
    refused = client.post("/hoc/CP", {"kind": "official"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert refused.status_code == 403
    assert not Learner.objects.exists()
    same = client.post("/hoc/CP", {"kind": "citizen"}, HTTP_ORIGIN="http://testserver")
    assert same.status_code == 302
    assert Learner.objects.count() == 1


def test_the_cards_of_a_pack_version_are_one_immutable_file_per_language(
    client, tree, installed_pack, pack
):
    joined("/hoc/CP", client=client)
    page = client.get("/hoc/the/").content.decode()
    data = json.loads(page.split('id="learn-data" type="application/json">', 1)[1].split("<", 1)[0])
    assert "cards" not in data
    assert re.fullmatch(r"/hoc/h/cards\.cds17-[\w.]+\.vi\.[0-9a-f]{12}\.json", data["cards_url"])
    response = client.get(data["cards_url"])
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    cards = response.json()["cards"]
    assert len(cards) == 17
    assert cards[2]["title"] == pack.point(3).title.vi
    assert cards[2]["dx"] == pack.point(3).dx.full.vi


def test_event_errors_speak_the_pages_language(client, tree, installed_pack):
    joined("/hoc/CP", client=client)
    vi = client.generic("POST", EVENTS, b"{", content_type=JSON).json()
    en = client.generic("POST", "/en" + EVENTS, b"{", content_type=JSON).json()
    assert vi["message"] == "Nội dung gửi lên không phải JSON hợp lệ."
    assert en["message"] == "The body is not valid JSON."
    used = str(uuid.uuid4())
    start(client)
    attempt = QuizAttempt.objects.get()

    def answer(qid):
        return {"type": "answer", "id": used, "attempt": attempt.pk,
                "question": quiz.question_ref(attempt, qid),
                "option": quiz.option_id(attempt, qid, 0)}  # fmt: skip

    first, second = attempt.question_ids[:2]
    assert post(client, [answer(first)]).status_code == 200
    en = client.post("/en" + EVENTS, {"events": [answer(second)]}, content_type=JSON).json()
    assert en["message"] == "Event 0: this event id was already used for another event."
