"""Quiz questions and verify for the key-points and Q&A kinds."""

from __future__ import annotations

import pytest

from lantoa.core.learn.questions import (
    POINT_KINDS,
    question_get,
    question_ids,
    questions_all,
    quiz_draw,
)
from lantoa.core.packs import builtin_pack
from lantoa.core.packs.faces import pack_faces
from lantoa.core.text import fold_key
from lantoa.core.verify import verify_text
from tests.packkinds import key_points_pack, qa_pack


@pytest.fixture(params=["nd13-quyen", "lua-dao", "qa"])
def pack(request):
    return {
        "nd13-quyen": lambda: builtin_pack("nd13-quyen"),
        "lua-dao": key_points_pack,
        "qa": qa_pack,
    }[request.param]()


def test_questions_of_a_point_pack_are_of_the_kinds_that_fit_it(pack):
    ids = question_ids(pack)
    assert {i.split("-")[0] for i in ids} == set(POINT_KINDS)
    questions = questions_all(pack)
    assert questions
    for q in questions:
        folded = [fold_key(c) for c in q.choices]
        assert len(set(folded)) == len(folded)
        point = pack.point(q.point)
        right = q.choices[q.answer]
        if q.kind == "which":
            assert right == point.title.vi
            assert q.statement == point.short.vi
        elif q.kind == "answer":
            assert right == point.short.vi
        else:
            assert right in point.keywords.vi
            assert fold_key(right) not in fold_key(q.statement)
        assert q.explanation.endswith(point.text.vi)


def test_a_qa_pack_asks_for_the_right_answer():
    q = question_get(qa_pack(), "answer-2")
    assert q.prompt == "Đâu là câu trả lời đúng?"
    assert q.statement == "Quên mật khẩu thì làm thế nào?"
    assert q.choices[q.answer] == "Chọn Quên mật khẩu trên ứng dụng"


def test_a_quiz_on_a_key_points_pack_has_ten_questions_on_distinct_points_mixing_kinds():
    pack = builtin_pack("nd13-quyen")
    quiz = quiz_draw(pack, seed=42)
    assert len(quiz) == 10
    assert len({q.point for q in quiz}) == 10
    assert {q.kind for q in quiz} == set(POINT_KINDS)
    assert [q.id for q in quiz] == [q.id for q in quiz_draw(pack, seed=42)]


def test_comparison_ids_are_not_questions_of_a_point_pack():
    with pytest.raises(KeyError):
        question_get(key_points_pack(), "side-1-it")


def test_verify_finds_each_republished_key_point_and_names_the_missing_one(pack):
    faces = pack_faces(pack)
    dropped = faces[1].number
    text = "Bài tuyên truyền của đơn vị.\n\n" + "\n\n".join(
        f"{f.number}. {f.title}\n{f.main.full}" for f in faces if f.number != dropped
    )
    result = verify_text(text, pack)
    status = {p.number: p.status for p in result.points}
    assert status[dropped] == "missing"
    assert all(s == "present" for n, s in status.items() if n != dropped)
    how = {p.number: p.how for p in result.points if p.status == "present"}
    assert set(how.values()) == {"verbatim"}


def test_verify_reads_a_condensed_list_of_short_forms_as_condensed():
    pack = builtin_pack("nd13-quyen")
    text = "\n".join(f"{f.number}. {f.title}: {f.main.short}." for f in pack_faces(pack))
    result = verify_text(text, pack)
    assert result.found == pack.count
    assert {p.how for p in result.points} <= {"condensed", "verbatim"}
    assert sum(p.how == "condensed" for p in result.points) >= pack.count // 2


def test_a_certificate_names_a_key_points_pack():
    import datetime as dt
    import io
    import unicodedata

    from pypdf import PdfReader

    from lantoa.core.learn import certificate_render

    pack = builtin_pack("nd13-quyen")
    data = certificate_render(
        name="Nguyễn Thị Hoa",
        unit="Phường Hồng Gai",
        date=dt.date(2026, 12, 7),
        score=9,
        total=10,
        code="LT-ABCD-EFGH",
        verify_url="https://lantoa.example.gov.vn/chung-nhan/LT-ABCD-EFGH",
        pack_title=pack.title.vi,
    )
    text = unicodedata.normalize(
        "NFC", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    )
    assert " ".join(pack.title.vi.split()) in " ".join(text.split())
