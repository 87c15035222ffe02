"""Diacritic restoration: a model of our own, trained on shipped text, reproducible."""

from __future__ import annotations

import hashlib
import unicodedata
from importlib import resources

import pytest

from lantoa.core.diacritics import restore, train
from lantoa.core.diacritics.corpus import documents
from lantoa.core.diacritics.model import _WORD, MAX_CHARS, model_bytes
from lantoa.core.text import fold
from tests.conftest import seed_text


def syllables(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if w.isalpha()]


def test_retraining_reproduces_the_committed_model():
    committed = (
        resources.files("lantoa.core.diacritics").joinpath("data/model.json.gz").read_bytes()
    )
    rebuilt = model_bytes(train(documents().values()))
    assert hashlib.sha256(rebuilt).hexdigest() == hashlib.sha256(committed).hexdigest(), (
        "run: .venv/bin/python tools/train_diacritics.py"
    )
    assert len(committed) < 2 * 1024 * 1024


def test_a_stripped_sentence_of_the_pack_comes_back():
    assert restore("Chuyen doi so la toan dien, moi noi, moi cho").text == (
        "Chuyển đổi số là toàn diện, mọi nơi, mọi chỗ"
    )
    assert (
        restore("Cam Pha, ngay 19 thang 10 nam 2022").text == "Cẩm Phả, ngày 19 tháng 10 năm 2022"
    )


def test_unseen_text_is_mostly_restored_by_a_model_trained_without_it():
    docs = documents()
    held_out = ["pack", "seed-000.txt", "seed-001.txt", "seed-002.txt"]  # the same speech
    model = train(t for name, t in docs.items() if name not in held_out)
    truth = syllables(docs["pack"])
    guess = syllables(restore(fold(docs["pack"], lower=False).text, model).text)
    accuracy = sum(a == b for a, b in zip(truth, guess, strict=True)) / len(truth)
    # Measured 0.76 on 2026-11-22 (bench/diacritics.py); leaving the text as is gives 0.13.
    assert accuracy > 0.7


def test_case_numbers_codes_and_punctuation_are_kept():
    restored = restore("UY BAN NHAN DAN THANH PHO CAM PHA. So: 4231/UBND-VHTT, ngay 19/10/2022.")
    assert restored.text.startswith("ỦY BAN NHÂN DÂN THÀNH PHỐ CẨM PHẢ.")
    assert "4231/UBND-VHTT" in restored.text
    assert "19/10/2022." in restored.text


def test_offsets_line_up_with_the_input():
    text = "Kinh gui: cac so, ban, nganh"
    restored = restore(text)
    assert len(restored.text) == len(text)
    for token in restored.tokens:
        assert text[token.start : token.end] == token.original
        assert restored.text[token.start : token.end] == token.restored
    assert all(unicodedata.is_normalized("NFC", t.restored) for t in restored.tokens)


def test_well_marked_text_is_left_as_it_is():
    text = seed_text("000")[:3000]
    assert restore(text).text == unicodedata.normalize("NFC", text)


def test_empty_and_huge_inputs_are_bounded():
    assert restore("").text == ""
    assert restore("   \n").text == "   \n"
    huge = "cong nghe " * (MAX_CHARS // 10 + 50)
    restored = restore(huge)
    assert restored.truncated
    assert len(restored.text) == MAX_CHARS


def test_seed_004_reads_better_after_restoration():
    line = "Sé: 4231 /UBND-VHTT Cam Pha, ngay 19 thang 10 ndm 2022"
    assert "Cẩm Phả, ngày 19 tháng 10" in restore(line).text
    text = seed_text("004")
    marked = sum(1 for w in syllables(text) if fold(w).text != w)
    after = sum(1 for w in syllables(restore(text).text) if fold(w).text != w)
    assert after > 2 * marked


@pytest.mark.django_db
def test_parse_restore_prints_the_restored_text(tmp_path):
    from click.testing import CliRunner

    from lantoa.cli.main import cli

    path = tmp_path / "004.txt"
    path.write_text(seed_text("004"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", "--restore", str(path)])
    assert result.exit_code == 0, result.output
    assert "khôi phục dấu" in result.output
    assert "Cẩm Phả" in result.output
    result = CliRunner().invoke(cli, ["parse", "--restore", "--json", str(path)])
    assert "Cẩm Phả" in result.output
