"""The learning core: quiz questions, FSRS scheduling, understanding per point and the
certificate, checked with real readers (pypdf, Poppler and a QR decoder)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import unicodedata
from collections import Counter

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from lantoa.core.learn import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    KINDS,
    PASS_MARK,
    QUIZ_SIZE,
    AmbiguousQuestionError,
    card_review,
    certificate_render,
    pass_rate,
    question_get,
    question_ids,
    questions_all,
    quiz_draw,
    understanding,
)
from lantoa.core.packs import Pack, pack_to_data
from lantoa.core.text import fold_key
from tests.conftest import require_tool

NOW = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)


def _side_of(pack: Pack, text: str) -> set[tuple[int, str]]:
    """Every (point, side) whose short text is ``text`` (folded), in either language."""
    key = fold_key(text)
    return {
        (p.number, side)
        for p in pack.points
        for side in ("it", "dx")
        for lang in ("vi", "en")
        if fold_key(getattr(p, side).short.get(lang)) == key
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_point_is_asked_in_every_kind(pack, lang):
    questions = questions_all(pack, lang=lang)
    covered = {(q.point, q.kind) for q in questions}
    assert covered == {(p.number, k) for p in pack.points for k in KINDS} - {(17, "side")}
    # only point 17's side questions are left out: "CNTT là CNTT" and "Chuyển đổi số là …"
    # name the side they describe
    left_out = set(question_ids(pack)) - {q.id for q in questions}
    assert left_out == {"side-17-it", "side-17-dx"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_question_has_an_ambiguous_answer(pack, lang):
    for q in questions_all(pack, lang=lang):
        assert all(unicodedata.is_normalized("NFC", c) for c in (q.prompt, q.statement, *q.choices))
        assert len({fold_key(c) for c in q.choices}) == len(q.choices), q.id
        point = pack.point(q.point)
        right = q.choices[q.answer]
        if q.kind == "side":
            side = q.id.split("-")[2]
            assert right == getattr(pack.sides, side).get(lang)
            # the statement is that side's text and not the other side's
            assert _side_of(pack, q.statement) == {(q.point, side)}
            # and it does not open with a side's name, which would give the answer away
            opening = fold_key(q.statement).split()[0]
            assert opening not in {"cntt", "cds", "it", "dt"}, q.id
        elif q.kind == "shift":
            assert right == point.title.get(lang)
            owners = {n for n, _ in _side_of(pack, q.statement)}
            assert owners == {q.point}, q.id
            assert len(q.choices) == 4
        else:
            assert q.statement == point.title.get(lang)
            assert right == point.dx.short.get(lang)
            # every wrong choice is another point's DX side, never this point's IT side
            for i, choice in enumerate(q.choices):
                if i != q.answer:
                    assert {n for n, _ in _side_of(pack, choice)} - {q.point}
                    assert fold_key(choice) != fold_key(point.it.short.get(lang))
        assert point.title.get(lang) in q.explanation


def test_a_question_is_rebuilt_identically_from_its_id(pack):
    for qid in (q.id for q in questions_all(pack)):
        assert question_get(pack, qid) == question_get(pack, qid)
        # the language changes the words, never which choice is right
        vi, en = question_get(pack, qid, lang="vi"), question_get(pack, qid, lang="en")
        assert vi.answer == en.answer
        assert vi.point == en.point


@pytest.mark.parametrize("bad", ["", "side", "side-99-it", "side-3-xx", "match-3-it", "quiz-1"])
def test_an_unknown_question_id_is_a_key_error(pack, bad):
    with pytest.raises(KeyError):
        question_get(pack, bad)


def test_a_pack_with_a_repeated_statement_leaves_that_question_out(pack):
    data = pack_to_data(pack)
    data["points"][4]["it"]["short"] = dict(data["points"][3]["it"]["short"])  # point 5 = point 4
    twin = Pack.model_validate(data)
    with pytest.raises(AmbiguousQuestionError):
        question_get(twin, "shift-5-it")
    ids = {q.id for q in questions_all(twin)}
    assert "shift-5-it" not in ids
    assert "shift-4-it" not in ids
    assert "side-5-it" in ids  # still unambiguous: it is an IT statement either way
    for seed in range(50):
        assert all(q.id not in ("shift-4-it", "shift-5-it") for q in quiz_draw(twin, seed=seed))


def test_a_quiz_is_ten_distinct_points_of_mixed_kinds_and_repeatable(pack):
    seen: Counter[int] = Counter()
    for seed in range(200):
        quiz = quiz_draw(pack, seed=seed)
        assert len(quiz) == QUIZ_SIZE
        assert len({q.point for q in quiz}) == QUIZ_SIZE
        kinds = Counter(q.kind for q in quiz)
        assert set(kinds) == set(KINDS)
        # three or four of each; one fewer "side" when point 17 falls on it (it has none)
        assert min(kinds.values()) >= 2
        assert [q.id for q in quiz] == [q.id for q in quiz_draw(pack, seed=seed)]
        seen.update(q.point for q in quiz)
    assert set(seen) == {p.number for p in pack.points}
    assert PASS_MARK == 8


def test_again_brings_a_card_back_sooner_than_good_and_good_sooner_than_easy():
    again, hard = card_review(None, AGAIN, NOW), card_review(None, HARD, NOW)
    good, easy = card_review(None, GOOD, NOW), card_review(None, EASY, NOW)
    assert NOW < again.due < good.due < easy.due
    assert hard.due <= good.due
    assert easy.learned
    assert not again.learned
    # a card answered "good" twice becomes learned, due days later
    second = card_review(good.state, GOOD, good.due)
    assert second.learned
    assert second.due - good.due >= dt.timedelta(days=1)
    # forgetting a learned card brings it back within the hour
    lapse = card_review(second.state, AGAIN, second.due)
    assert lapse.due - second.due < dt.timedelta(hours=1)
    # the same reviews give the same schedule (no fuzzing), from JSON-able state
    assert card_review(good.state, GOOD, good.due) == second


def test_card_review_refuses_bad_input():
    with pytest.raises(ValueError, match="rating"):
        card_review(None, 5, NOW)
    with pytest.raises(ValueError, match="timezone"):
        card_review(None, GOOD, dt.datetime(2026, 12, 2))


def test_understanding_matches_a_hand_computed_example():
    # Two units' tallies: point 1 asked 10 (2 wrong) + 10 (4 wrong) = 30 %; point 2 asked
    # 5, 5 wrong = 100 %; point 3 asked 8, none wrong; point 4 never asked.
    rows = [(1, 10, 2), (2, 5, 5), (1, 10, 4), (3, 8, 0), (4, 0, 0)]
    stats = understanding(rows)
    assert [(s.point, s.asked, s.wrong) for s in stats] == [
        (2, 5, 5),
        (1, 20, 6),
        (3, 8, 0),
        (4, 0, 0),
    ]
    assert [s.error_rate for s in stats] == [1.0, 0.3, 0.0, None]
    assert [s.percent_wrong for s in stats] == [100, 30, 0, None]
    assert pass_rate(40, 30) == 0.75
    assert pass_rate(0, 0) is None
    with pytest.raises(ValueError, match="between 0 and asked"):
        understanding([(1, 3, 4)])


def test_the_certificate_shows_name_unit_score_and_a_qr_to_its_verification_page(tmp_path, pack):
    pdftoppm = require_tool("pdftoppm", "renders the certificate to read its QR code")
    url = "https://lantoa.example.gov.vn/chung-nhan/LT-7K3Q-9MX2"
    name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")  # normalised on the way in
    pdf = certificate_render(
        name=name,
        unit="Ủy ban nhân dân xã Ea Kao",
        date=dt.date(2026, 12, 2),
        score=9,
        total=10,
        code="LT-7K3Q-9MX2",
        verify_url=url,
        pack_title=pack.title.vi,
    )
    path = tmp_path / "cert.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    flat = " ".join(text.split())
    for expected in (
        "Nguyễn Thị Ánh Tuyết",
        "Ủy ban nhân dân xã Ea Kao",
        "LT-7K3Q-9MX2",
        "02/12/2026",
    ):
        assert expected in flat
    assert "9 / 10" in flat
    subprocess.run([pdftoppm, "-r", "150", "-png", str(path), str(tmp_path / "c")], check=True)
    (png,) = tmp_path.glob("c*.png")
    with Image.open(png) as img:
        assert [r.text for r in zxingcpp.read_barcodes(img)] == [url]


def test_a_certificate_without_a_name_says_learner(pack):
    pdf = certificate_render(
        name="  ",
        unit="",
        date=dt.date(2026, 12, 2),
        score=8,
        total=10,
        code="LT-AAAA-BBBB",
        verify_url="https://x.example/chung-nhan/LT-AAAA-BBBB",
        pack_title=pack.title.en,
        lang="en",
    )
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Learner" in text
    assert "CERTIFICATE" in text
