"""The dispatch parser on the five seeds, their synthetic damage and random text."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.core.dispatch import cascade_link, dispatch_to_data, parse_dispatch
from lantoa.core.text import fold_key
from tests.conftest import SAMPLES, SEEDS
from tests.damage import DAMAGES, core_fields

SEED_FILES = sorted(SEEDS.glob("0*.txt"))
EXPECTED = SAMPLES / "expected"
FIELDS = [
    "kind", "issuer", "issuer_parent", "issuer_source", "number", "year", "symbol", "code",
    "place", "place_written", "date", "date_parts", "quoted", "subject", "recipients",
    "references", "tasks", "signer", "cc", "appendices", "diacritics", "warnings", "spans",
]  # fmt: skip


def _parsed(path):
    return dispatch_to_data(parse_dispatch(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def results():
    return {path.stem: _parsed(path) for path in SEED_FILES}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_each_seed_field_matches_the_committed_expected_result(results, path, field):
    expected = json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert results[path.stem][field] == expected[field]


def test_the_expected_results_name_the_facts_of_the_seeds(results):
    r = {stem[:3]: data for stem, data in results.items()}
    assert (r["000"]["code"], r["000"]["date"]) == ("488/STTTT-CNTT", "2023-03-09")
    assert (r["001"]["number"], r["001"]["symbol"], r["001"]["date"]) == (None, "UBND-KGVX", None)
    assert r["001"]["date_parts"] == {"day": None, "month": 3, "year": 2023}
    assert r["001"]["signer"]["titles"] == [
        "TL. CHỦ TỊCH",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
    ]
    assert [t["deadline"] for t in r["001"]["tasks"]] == ["2023-03-25", "2023-03-30"]
    assert r["002"]["issuer_parent"] == "SỞ Y TẾ TỈNH AN GIANG"
    assert r["002"]["references"][0]["code"] == "413/STTTT-CNTT-BCVT"
    assert r["003"]["kind"] == "article"
    assert (r["004"]["code"], r["004"]["date"], r["004"]["diacritics"]) == (
        "4231/UBND-VHTT", "2022-10-19", "poor",
    )  # fmt: skip
    assert r["004"]["signer"]["titles"][0] == "TM. UY BAN NHAN DAN"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_every_span_points_at_the_text_of_its_field(path):
    d = parse_dispatch(path.read_text(encoding="utf-8"))
    data = dispatch_to_data(d)
    for key in ("place", "subject", "signer.name"):
        if key in d.spans:
            value = data["signer"]["name"] if key == "signer.name" else data[key]
            s, e = d.spans[key]
            assert fold_key(value).replace(" ", "") in fold_key(d.text[s:e]).replace(" ", "")
    if "symbol" in d.spans:
        s, e = d.spans["symbol"]
        assert d.text[s:e].replace(" ", "") == data["symbol"]
    for n, ref in enumerate(data["references"]):
        s, e = d.spans[f"references[{n}]"]
        assert ref["number"] in d.text[s:e]
    for n, name in enumerate(data["cc"]):
        s, e = d.spans[f"cc[{n}]"]
        assert fold_key(name) in fold_key(d.text[s:e])


def test_the_five_seeds_link_into_their_cascade():
    cascade = cascade_link(
        [(p.name, parse_dispatch(p.read_text(encoding="utf-8"))) for p in SEED_FILES]
    )
    edges = set(cascade.edges)
    assert ("244/CĐSQG-CSS", "488/STTTT-CNTT") in edges
    assert ("413/STTTT-CNTT-BCVT", "/BCĐCĐSSYT") in edges
    assert ("2286/STTTT-CNTT", "4231/UBND-VHTT") in edges
    assert edges == {
        ("244/CĐSQG-CSS", "488/STTTT-CNTT"),
        ("413/STTTT-CNTT-BCVT", "/BCĐCĐSSYT"),
        ("2286/STTTT-CNTT", "4231/UBND-VHTT"),
        ("09-NQ/TU", "4231/UBND-VHTT"),
        ("59/KH-UBND", "4231/UBND-VHTT"),
        ("125/KH-UBND", "4231/UBND-VHTT"),
    }
    assert not cascade.nodes["244/CDSQG-CSS"].loaded
    rendered = "\n".join(cascade.render())
    assert "244/CĐSQG-CSS" in rendered
    assert "└── 488/STTTT-CNTT" in rendered


def test_a_loaded_cited_dispatch_becomes_the_parent_node():
    parent = parse_dispatch("Số: 244/CĐSQG-CSS\nHà Nội, ngày 05 tháng 3 năm 2023\nV/v thống nhất\n")
    child = parse_dispatch((SEEDS / "000_f1b77b2e9b6fc9de.txt").read_text(encoding="utf-8"))
    cascade = cascade_link([("a.txt", parent), ("b.txt", child)])
    assert cascade.edges == [("244/CĐSQG-CSS", "488/STTTT-CNTT")]
    assert cascade.nodes["244/CDSQG-CSS"].loaded


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_synthetic_damage_parses_to_the_same_fields(path, damage):
    text = path.read_text(encoding="utf-8")
    want = core_fields(_parsed(path))
    got = core_fields(dispatch_to_data(parse_dispatch(DAMAGES[damage](text))))
    assert got == want


def test_the_damage_really_damages_the_text():
    text = (SEEDS / "002_01b86a88fe22d015.txt").read_text(encoding="utf-8")
    assert "Số" not in DAMAGES["strip_diacritics"](text)
    assert all(len(x) <= 60 or " " not in x for x in DAMAGES["hard_wrap_60"](text).splitlines())
    assert "\f" in DAMAGES["page_breaks"](text)
    assert "SỞ Y TẾ TỈNH AN GIANG   CỘNG HÒA" in DAMAGES["flatten_letterhead"](text)


def test_ocr_confusions_are_read_on_folded_text():
    d = parse_dispatch(
        "UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM\n"
        "Sé: 12 /UBND-VHTT Cam Pha, ngay 1 thang 2 ndm 2022\n"
        "V/V thir nghiém\n\nKinh gtri: ’\n- Cac phong;\n\n"
        "Can ct COng vin s6 7/STTTT-CNTT ngay 10/10/2022 cua Sé Thong tin va Truyén thdng.\n"
    )
    assert (d.code, d.date, d.place) == ("12/UBND-VHTT", "2022-02-01", "Cẩm Phả")
    assert d.place_written == "Cam Pha"
    assert d.references[0].code == "7/STTTT-CNTT"


def test_number_and_symbol_are_normalised():
    d = parse_dispatch("Số: 488/STTTT - CNTT\nQuảng Ninh, ngày 09 tháng 3 năm 2023\n")
    assert (d.number, d.symbol) == ("488", "STTTT-CNTT")
    blank = parse_dispatch("Số:      /UBND-KGVX\nBắc Giang, ngày   tháng 3 năm 2023\n")
    assert (blank.number, blank.symbol, blank.code, blank.date) == (
        None,
        "UBND-KGVX",
        "/UBND-KGVX",
        None,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_random_text_never_crashes_the_parser(text):
    d = parse_dispatch(text)
    json.dumps(dispatch_to_data(d))
    for s, e in d.spans.values():
        assert 0 <= s <= e <= len(d.text)


_PIECES = st.sampled_from(
    [
        "Số:", "/UBND-", "488/STTTT - CNTT", "ngày", "tháng 3 năm 2023", "V/v", "Kính gửi:",
        "- ", "1. ", "2. ", "Nơi nhận:", "KT. GIÁM ĐỐC", "Phụ lục", "(Kèm theo Công văn số",
        "Căn cứ Công văn số 12/ABC ngày 1/2/2023 của", "trước ngày 25/3/2023", "./.", "\n",
        "\n\n", "\f", "Đinh Sỹ Nguyên", "Sé: 4231", "về việc", "yêu cầu các phòng thực hiện",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=80))
def test_random_dispatch_like_text_never_crashes_the_parser(pieces):
    d = parse_dispatch(" ".join(pieces))
    json.dumps(dispatch_to_data(d))
