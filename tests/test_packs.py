"""The pack format: the built-in pack is complete and official; broken packs are refused
with messages that name the file, the line and the field."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from lantoa.core.packs import PackError, builtin_pack_paths, load_pack, parse_pack
from lantoa.core.text import is_nfc, normalize_whitespace
from tests.conftest import seed_text

CDS17 = builtin_pack_paths()["cds17"]


def official_titles_from_seed_000() -> dict[int, str]:
    """The Minister's titles as the Quảng Ninh dispatch printed them: ``N. *Title.*``."""
    titles = {}
    for number, title in re.findall(r"^(\d+)\. \*(.+?)\*", seed_text("000"), re.MULTILINE):
        titles[int(number)] = title.strip().rstrip(".")
    return titles


def official_titles_from_seed_001() -> dict[int, str]:
    """Bắc Giang's appendix puts each title on its own line after the number."""
    text = seed_text("001")
    appendix = text[text.index("PHỤ LỤC") if "PHỤ LỤC" in text else 0 :]
    titles = {}
    for number, title in re.findall(r"^\s*(\d{1,2})\.\s+(Chuyển[^\n]+)", appendix, re.MULTILINE):
        titles.setdefault(int(number), normalize_whitespace(title).rstrip("."))
    return titles


def test_builtin_pack_loads_with_seventeen_points(pack):
    assert pack.id == "cds17"
    assert pack.count == 17
    assert [p.number for p in pack.points] == list(range(1, 18))


def test_builtin_titles_equal_the_official_titles_word_for_word(pack):
    official = official_titles_from_seed_000()
    assert len(official) == 17
    assert {p.number: p.title.vi for p in pack.points} == official


def test_builtin_titles_agree_with_a_second_circulated_copy(pack):
    other = official_titles_from_seed_001()
    assert len(other) >= 15, other  # hard-wrapped titles may spill over a line
    for number, title in other.items():
        assert pack.point(number).title.vi.startswith(title), (number, title)


def test_every_builtin_text_is_nfc_and_present_in_both_languages(pack):
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    data = pack.model_dump()
    assert all(is_nfc(s) for s in strings(data))
    for point in pack.points:
        for text in (
            point.title,
            point.it.full,
            point.it.short,
            point.dx.full,
            point.dx.short,
        ):
            assert text.vi.strip()
            assert text.en.strip()
            assert text.vi != text.en
        assert point.keywords.vi
        assert len(point.keywords.en) == len(point.keywords.vi)


def test_full_sides_reproduce_the_official_body_of_each_point(pack):
    """IT side + DX side = the point's body in seed 000 (after joining its page breaks)."""
    text = seed_text("000")
    body = normalize_whitespace(
        text[text.index("1. *Chuyển") : text.index("Toàn văn bài phát biểu")]
    )
    for point in pack.points:
        combined = f"{point.it.full.vi} {point.dx.full.vi}"
        for variant in point.variants:
            if variant.source == "000" and variant.note == "typo":
                combined = combined.replace(variant.official, normalize_whitespace(variant.text))
        assert combined in body, point.number


def test_short_sides_come_from_the_condensed_table(pack):
    table = normalize_whitespace(seed_text("003").replace("\u00a0", " "))
    folded_table = table.replace(".", "").replace(",", "")
    for point in pack.points:
        for side in (point.it.short.vi, point.dx.short.vi):
            fixed = [v for v in point.variants if v.source == "003"]
            probe = side.replace(".", "").replace(",", "")
            assert probe in folded_table or fixed, (point.number, side)


# --- broken packs -------------------------------------------------------------------------


def _text() -> str:
    return CDS17.read_text(encoding="utf-8")


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def _problems(text: str):
    with pytest.raises(PackError) as caught:
        parse_pack(text, name="broken.yaml")
    return caught.value.problems


def test_a_pack_with_sixteen_points_is_refused_naming_the_missing_point():
    text = _text()
    cut = text.index("  - number: 17")
    problems = _problems(text[:cut])
    assert any(
        p.field == "points" and "17" in p.message and "missing point" in p.message for p in problems
    ), problems
    assert problems[0].file == "broken.yaml"
    assert problems[0].line == _line_of(text, "\npoints:") + 1  # the "points:" line


def test_a_duplicated_point_number_is_refused_at_its_line():
    text = _text().replace("  - number: 5\n", "  - number: 4\n", 1)
    problems = _problems(text)
    duplicate = next(p for p in problems if "duplicate point number 4" in p.message)
    assert duplicate.field == "points[4].number"
    assert duplicate.line == _line_of(text, "  - number: 4\n", 2)
    assert any("missing point 5" in p.message for p in problems)


def test_an_empty_side_is_refused_naming_the_field():
    text = _text()
    start = text.index("  - number: 3\n")
    full = text.index("      full:\n        vi: ", start)
    value_start = text.index('"', full)
    value_end = text.index('"\n', value_start + 1)
    broken = text[:value_start] + '"  "' + text[value_end + 1 :]
    problems = _problems(broken)
    (problem,) = problems
    assert problem.field == "points[2].it.full.vi"
    assert problem.line == _line_of(broken, '"  "')
    assert "empty" in problem.message


def test_decomposed_text_is_refused_as_not_nfc():
    text = _text()
    title = "Chuyển từ chi phí sang tạo ra lợi ích và giá trị"
    broken = text.replace(title, unicodedata.normalize("NFD", title), 1)
    (problem,) = _problems(broken)
    assert problem.field == "points[1].title.vi"
    assert "NFC" in problem.message
    assert problem.line == _line_of(text, title)


def test_an_unknown_schema_version_is_a_clear_error_not_a_guess():
    broken = _text().replace("schema: 2\n", "schema: 3\n", 1)
    (problem,) = _problems(broken)
    assert problem.field == "schema"
    assert "newer" in problem.message
    assert "upgrade" in problem.message
    assert problem.line == _line_of(broken, "schema: 3")


def test_unknown_keys_and_missing_fields_are_named():
    text = _text()
    broken = text.replace("count: 17\n", "count: 17\ncolour: red\n", 1)
    broken = broken.replace('  vi: "17 điểm khác nhau', '  vie: "17 điểm khác nhau', 1)
    problems = _problems(broken)
    fields = {p.field: p.message for p in problems}
    assert "unknown field" in fields["colour"]
    assert "unknown field" in fields["title.vie"]
    assert "required field is missing" in fields["title.vi"]


def test_invalid_yaml_and_duplicate_keys_are_reported_with_a_line():
    (problem,) = _problems("schema: 1\nid: [unclosed\n")
    assert "invalid YAML" in problem.message
    assert problem.line >= 2
    dup = _problems(_text().replace("count: 17\n", "count: 17\ncount: 17\n", 1))
    assert any(p.message.endswith("duplicate key") and p.field == "count" for p in dup)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Chuyển".encode("utf-16"))
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert "not UTF-8" in str(caught.value)
