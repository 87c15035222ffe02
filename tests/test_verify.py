"""Verify: which points of the pack a text contains, on the real seeds and on
synthetic variants with exactly known answers."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from lantoa.core.text import fold, normalize_whitespace
from lantoa.core.verify import MAX_CHARS, verify_text
from lantoa.core.verify.io import (
    MAX_BYTES,
    DocumentError,
    UnsupportedDocument,
    document_text,
    html_to_text,
    read_document,
)
from lantoa.core.verify.synthetic import all_variants, split_seed
from tests.conftest import SEEDS, seed_text

SEED_KEYS = ["000", "001", "002", "003", "004"]
SEED_TEXTS = {key: seed_text(key) for key in SEED_KEYS}


def _variants():
    from lantoa.core.packs import builtin_pack

    return all_variants(builtin_pack("cds17"), SEED_TEXTS)


VARIANTS = _variants()


@pytest.mark.parametrize("key", SEED_KEYS)
def test_every_seed_contains_all_seventeen_points(pack, key):
    result = verify_text(seed_text(key), pack)
    assert [p.status for p in result.points] == ["present"] * 17
    assert result.coverage == 1.0
    assert result.verdict_vi.startswith("Đủ 17/17 điểm.")
    if key != "004":  # the OCR copy lost most diacritics and many letters
        assert all(p.score >= 0.9 for p in result.points)


@pytest.mark.parametrize(
    ("key", "how"),
    [("000", "verbatim"), ("001", "verbatim"), ("002", "verbatim"), ("003", "condensed")],
)
def test_the_seeds_are_read_as_copied_or_condensed(pack, key, how):
    result = verify_text(seed_text(key), pack)
    assert {p.how for p in result.points} == {how}


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_every_synthetic_variant_gets_its_exact_expected_result(pack, variant):
    result = verify_text(variant.text, pack)
    got = {}
    want = {}
    for point in result.points:
        expected = variant.expected[point.number]
        want[point.number] = (expected.status, expected.how, expected.merged_with)
        got[point.number] = (
            point.status,
            point.how if expected.how is not None else None,
            point.merged_with,
        )
    assert got == want


def test_the_synthetic_set_covers_every_kind_of_change_the_issue_lists():
    names = " ".join(v.name for v in VARIANTS)
    for kind in (
        "dropped",
        "reordered",
        "renumbered",
        "merged",
        "sides-swapped",
        "titles-only",
        "short-forms-only",
        "diacritics-stripped",
        "commentary-added",
        "unrelated-dx-text",
        "talk-about-17-points",
    ):
        assert kind in names


def test_each_seed_splits_into_seventeen_items_that_open_with_their_number(pack):
    for key in SEED_KEYS:
        split = split_seed(seed_text(key), 17)
        assert len(split.items) == 17
        for number, item in enumerate(split.items, start=1):
            assert item.lstrip(" *").startswith(str(number))


def test_excerpt_spans_point_into_the_original_text_for_highlighting(pack):
    text = seed_text("001")
    result = verify_text(text, pack)
    for point in result.points:
        start, end = point.span
        assert normalize_whitespace(text[start:end]).startswith(point.excerpt[:50])
    seven = result.points[6]
    assert "điện toán đám mây" in text[seven.span[0] : seven.span[1]]


def test_spans_of_text_without_diacritics_still_point_at_the_right_words(pack):
    text = seed_text("004")
    result = verify_text(text, pack)
    start, end = result.points[6].span
    assert "dam may" in fold(text[start:end]).text


def test_decomposed_input_is_normalised_and_matched(pack):

    result = verify_text(unicodedata.normalize("NFD", seed_text("002")), pack)
    assert result.found == 17


def test_a_point_merged_into_another_names_its_partner(pack):
    variant = next(v for v in VARIANTS if v.name == "pack-merged-3+4-12+13")
    result = verify_text(variant.text, pack)
    assert result.points[2].merged_with == (4,)
    assert result.by_status("merged") == [3, 4, 12, 13]
    assert "gộp 3, 4, 12, 13" in result.verdict_vi
    assert result.coverage == 1.0  # merged content is still there


def test_distorted_points_do_not_count_towards_coverage(pack):
    variant = next(v for v in VARIANTS if v.name == "pack-sides-swapped-2-10")
    result = verify_text(variant.text, pack)
    assert result.coverage == pytest.approx(15 / 17)
    assert "sai lệch 2, 10" in result.verdict_vi
    assert "distorted 2, 10" in result.verdict_en


@pytest.mark.parametrize("text", ["", "   \n\n  ", "1.\n2.\n3.\n", "+++ ... ;;;"])
def test_empty_or_meaningless_text_is_an_answer_not_an_error(pack, text):
    result = verify_text(text, pack)
    assert result.found == 0
    assert result.coverage == 0.0
    assert result.verdict_en == "None of the pack's 17 points was found."
    assert all(p.span is None and p.excerpt == "" for p in result.points)


def test_text_beyond_the_limit_is_cut_and_the_verdict_says_so(pack):
    text = seed_text("001") + "xin chào các bạn. " * (MAX_CHARS // 18 + 10)
    result = verify_text(text, pack)
    assert result.truncated
    assert result.found == 17
    assert "Chỉ kiểm tra" in result.verdict_vi
    assert "Only the first" in result.verdict_en


def test_json_shape_is_stable(pack):
    data = verify_text(seed_text("003"), pack).to_json()
    assert set(data) == {
        "schema",
        "pack",
        "count",
        "coverage",
        "counts",
        "verdict",
        "chars",
        "truncated",
        "points",
    }
    assert data["pack"] == "cds17@1.0.0"
    assert data["counts"] == {"present": 17, "merged": 0, "distorted": 0, "missing": 0}
    point = data["points"][0]
    assert set(point) == {
        "number",
        "status",
        "how",
        "score",
        "excerpt",
        "span",
        "spans",
        "merged_with",
        "title_score",
        "it_score",
        "dx_score",
    }
    assert point["number"] == 1
    assert point["status"] == "present"
    assert point["how"] == "condensed"
    assert isinstance(point["span"], list)
    assert len(point["span"]) == 2


# ---------------------------------------------------------------------------
# Reading documents


def test_utf8_utf8_bom_and_utf16_text_files_read_the_same(tmp_path, pack):
    text = seed_text("001")
    for name, data in {
        "a.txt": text.encode("utf-8"),
        "b.txt": codecs.BOM_UTF8 + text.encode("utf-8"),
        "c.txt": text.encode("utf-16"),  # with BOM
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert read_document(path) == text


def test_html_page_is_read_without_scripts_and_with_one_cell_per_line(pack):
    rows = "".join(
        f"<tr><td>{p.number}</td><td>{p.it.short.vi}</td><td>{p.dx.short.vi}</td></tr>"
        for p in pack.points
    )
    html = (
        "<!doctype html><html><head><title>t</title><style>td{color:red}</style></head><body>"
        "<script>var diem = 'Chuyển từ đầu tư sang thuê';</script>"
        f"<p>Bảng so sánh&nbsp;17 điểm</p><table>{rows}</table></body></html>"
    )
    text = document_text(html.encode(), "page.html")
    assert "var diem" not in text
    assert "color" not in text
    assert f"\n{pack.point(8).it.short.vi}\n" in text
    result = verify_text(text, pack)
    assert result.found == 17
    assert {p.how for p in result.points} == {"condensed"}


def test_html_without_a_suffix_is_recognised_on_stdin():
    assert document_text(b"<html><body><p>Xin ch\xc3\xa0o</p></body></html>", "stdin") == (
        "Xin chào\n"
    )


def test_html_to_text_keeps_paragraphs_apart():
    assert html_to_text("<p>một</p><p>hai<br>ba</p>") == "một\n\nhai\n\nba\n"


def test_a_word_document_is_read_through_the_extractor(tmp_path, pack):
    import docx

    document = docx.Document()
    for point in pack.points:
        document.add_paragraph(f"{point.number}. {point.title.vi}")
        document.add_paragraph(f"{point.it.full.vi} {point.dx.full.vi}")
    path = tmp_path / "bai-dang.docx"
    document.save(path)
    result = verify_text(read_document(path), pack)
    assert [p.status for p in result.points] == ["present"] * 17


def test_a_broken_word_file_gets_the_extractors_clear_message(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert info.value.vi
    assert info.value.en


def test_old_office_formats_are_refused_clearly(tmp_path):
    path = tmp_path / "x.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnsupportedDocument) as info:
        read_document(path)
    assert "chưa được hỗ trợ" in info.value.vi
    assert "not supported" in info.value.en


def test_a_file_over_ten_megabytes_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "10 MB" in info.value.vi


def test_text_in_a_legacy_encoding_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Chuyên đôi sô".encode("cp1258"))
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "UTF-8" in info.value.en


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02abc")
    with pytest.raises(DocumentError):
        read_document(path)


def test_seed_files_are_where_the_tests_expect_them():
    assert len(list(SEEDS.glob("0*.txt"))) == 5
