"""Schema 2: pack kinds, stable point ids, migration of schema-1 files, card faces."""
# ruff: noqa: E501

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from lantoa.core.packs import PackError, builtin_pack, migrate_pack_data, parse_pack
from lantoa.core.packs.faces import pack_sections, point_faces, point_texts
from lantoa.core.packs.loader import builtin_pack_paths
from tests.packkinds import KEY_POINTS_YAML, QA_YAML, every_kind, key_points_pack, qa_pack


def _problems(text: str):
    with pytest.raises(PackError) as caught:
        parse_pack(text, name="p.yaml")
    return caught.value.problems


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_each_kind_loads_and_keeps_its_point_ids():
    kinds = {p.kind: p for p in every_kind()}
    assert set(kinds) == {"comparison", "key_points", "qa"}
    assert kinds["comparison"].points[0].id == "p1"
    assert [p.id for p in kinds["key_points"].points][:2] == ["goi-gia-danh", "duong-link-la"]
    assert kinds["qa"].point_by_id("q-chia-se").number == 3


def test_faces_of_a_comparison_point_are_its_two_sides():
    pack = builtin_pack()
    faces = point_faces(pack, pack.point(3))
    assert faces.label == "Điểm 3"
    assert [s.key for s in faces.back] == ["it", "dx"]
    assert faces.back[1].full == pack.point(3).dx.full.vi
    assert faces.main.key == "dx"


def test_faces_of_a_key_point_and_of_a_question():
    kp = key_points_pack()
    faces = point_faces(kp, kp.point(1), "en")
    assert faces.title == "Calls impersonating the police"
    assert [(s.label, s.short) for s in faces.back] == [
        ("Message", "Police never ask for money by phone")
    ]
    # English missing on point 2: the Vietnamese text stands in.
    assert point_faces(kp, kp.point(2), "en").title == "Đường link lạ trong tin nhắn"
    qa = qa_pack()
    faces = point_faces(qa, qa.point(1))
    assert faces.label == "Câu hỏi 1"
    assert faces.back[0].label == "Trả lời"
    assert pack_sections(qa) == [("text", "Trả lời")]
    assert point_texts(qa, qa.point(1))["text.short"] == "Tại cơ quan công an"


def test_a_key_point_without_its_text_is_named_at_its_line():
    broken = KEY_POINTS_YAML.replace(
        '    text: {vi: "Không bấm vào đường link lạ gửi qua tin nhắn, thư điện tử hay mạng xã hội."}\n',
        "",
    )
    (problem,) = _problems(broken)
    assert problem.field == "points[1]"
    assert "'text' is required in a 'key_points' pack" in problem.message
    assert problem.line == _line_of(broken, "  - number: 2")


def test_a_comparison_field_in_a_qa_pack_is_refused_at_its_line():
    broken = QA_YAML.replace(
        '    keywords: {vi: ["mật khẩu"]}\n',
        '    keywords: {vi: ["mật khẩu"]}\n    it: {full: {vi: "x"}, short: {vi: "y"}}\n',
    )
    problems = _problems(broken)
    assert any(
        p.field == "points[1].it" and "a 'qa' pack has no 'it'" in p.message for p in problems
    )
    assert all(p.line > 1 for p in problems)


def test_duplicate_titles_and_ids_are_refused_at_their_lines():
    broken = KEY_POINTS_YAML.replace('"Việc nhẹ lương cao"}', '"Đường link lạ trong tin nhắn"}')
    broken = broken.replace("id: bao-ngay", "id: goi-gia-danh")
    problems = {p.field: p for p in _problems(broken)}
    assert "duplicate title" in problems["points[2].title.vi"].message
    assert "duplicate point id 'goi-gia-danh'" in problems["points[3].id"].message
    assert problems["points[3].id"].line == _line_of(
        broken, 'id: goi-gia-danh\n    title: {vi: "Bị'
    )


@pytest.mark.parametrize(
    ("bad", "expect"),
    [
        ("<script>alert(1)</script>Không bấm", "HTML tag or script"),
        (unicodedata.normalize("NFD", "Không bấm đường link lạ"), "not in NFC"),
        ("   ", "empty"),
    ],
)
def test_bad_text_in_a_point_is_named_at_its_field(bad, expect):
    broken = KEY_POINTS_YAML.replace(
        'short: {vi: "Không bấm đường link lạ"}', f'short: {{vi: "{bad}"}}'
    )
    (problem,) = _problems(broken)
    assert problem.field == "points[1].short.vi"
    assert expect in problem.message


def test_a_schema_1_file_is_migrated_on_load_with_ids_from_numbers():
    v1 = (Path(__file__).parent / "samples" / "packs" / "cds17-schema1.yaml").read_text("utf-8")
    pack = parse_pack(v1, name="old.yaml")
    assert pack.schema_version == 2
    assert pack.kind == "comparison"
    assert [p.id for p in pack.points] == [f"p{n}" for n in range(1, 18)]
    assert pack == builtin_pack()  # the built-in file is the same content in schema 2


def test_migration_is_pure_and_leaves_the_input_alone():
    data = {"schema": 1, "id": "x", "points": [{"number": 2, "title": {}}]}
    out = migrate_pack_data(data)
    assert out["schema"] == 2
    assert out["kind"] == "comparison"
    assert out["points"][0]["id"] == "p2"
    assert data["schema"] == 1
    assert "id" not in data["points"][0]
    assert list(out)[:3] == ["schema", "id", "kind"]


def test_pack_migrate_command_writes_a_valid_schema_2_file(tmp_path):
    src = Path(__file__).parent / "samples" / "packs" / "cds17-schema1.yaml"
    out = tmp_path / "cds17.yaml"
    subprocess.run(
        [sys.executable, "-m", "lantoa", "pack", "migrate", str(src), "-o", str(out)], check=True
    )
    pack = parse_pack(out.read_text("utf-8"), name=str(out))
    assert pack == builtin_pack()


def test_every_builtin_pack_is_valid_and_there_are_at_least_two():
    paths = builtin_pack_paths()
    assert len(paths) >= 2
    kinds = {builtin_pack(pid).kind for pid in paths}
    assert {"comparison", "key_points"} <= kinds
