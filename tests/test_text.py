import unicodedata

import pytest

from lantoa.core.text import fold, fold_key, is_nfc, nfc, normalize_tones, sort_key, tokens


def test_nfc_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Chuyển đổi số")
    assert decomposed != "Chuyển đổi số"
    assert nfc(decomposed) == "Chuyển đổi số"
    assert is_nfc(nfc(decomposed))
    assert not is_nfc(decomposed)


def test_fold_strips_every_mark_and_d_bar():
    assert fold("Đầu tư Chuyển đổi SỐ").text == "dau tu chuyen doi so"
    assert fold("Đầu", lower=False).text == "Dau"


def test_fold_keeps_positions_aligned_with_the_original():
    original = "Sở Thông tin và Truyền thông"
    folded = fold(original)
    start = folded.text.index("truyen")
    span = folded.original_span(start, start + len("truyen"))
    assert original[span[0] : span[1]] == "Truyền"


def test_fold_maps_positions_back_into_decomposed_input():
    original = unicodedata.normalize("NFD", "ngày 09 tháng 3")
    folded = fold(original)
    assert folded.text == "ngay 09 thang 3"
    start = folded.text.index("thang")
    a, b = folded.original_span(start, start + 5)
    assert nfc(original[a:b]) == "tháng"


def test_folding_makes_ocr_text_without_diacritics_comparable():
    assert fold_key("Cẩm  Phả, ngày 19 tháng 10") == fold_key("Cam Pha, ngay 19 thang 10")


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        ("hoá", "hóa", "hoá"),
        ("hóa", "hóa", "hoá"),
        ("thuỷ lợi", "thủy lợi", "thuỷ lợi"),
        ("khoẻ", "khỏe", "khoẻ"),
        ("Tự động HOÁ", "Tự động HÓA", "Tự động HOÁ"),
        ("hoàn toàn", "hoàn toàn", "hoàn toàn"),
        ("người giường quý gì", "người giường quý gì", "người giường quý gì"),
        ("của nghĩa tuổi", "của nghĩa tuổi", "của nghĩa tuổi"),
    ],
)
def test_tone_marks_are_placed_on_one_agreed_vowel(text, old, new):
    assert normalize_tones(text) == old
    assert normalize_tones(text, style="new") == new


def test_tone_normalisation_composes_nfd_input():
    assert normalize_tones(unicodedata.normalize("NFD", "tối ưu hoá")) == "tối ưu hóa"


def test_tokens_carry_their_spans():
    text = "Số: 488/STTTT-CNTT"
    found = tokens(text)
    assert [t.text for t in found] == ["Số", "488", "STTTT", "CNTT"]
    assert all(text[t.start : t.end] == t.text for t in found)


def test_vietnamese_sort_order_follows_the_alphabet():
    names = ["Gia Lai", "Đà Nẵng", "Dương", "An Giang", "Ăn", "Bắc Ninh", "Âu"]
    assert sorted(names, key=sort_key) == [
        "An Giang",
        "Ăn",
        "Âu",
        "Bắc Ninh",
        "Dương",
        "Đà Nẵng",
        "Gia Lai",
    ]


def test_tones_only_break_ties_when_sorting():
    assert sorted(["má", "mà", "ma", "mạ", "mả", "mã"], key=sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
