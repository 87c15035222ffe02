"""Scoring the dispatch parser on real documents (tests/samples/real) and the seeds.

Each document is read by the project's own extractors (text, DOCX, PDF, OCR of scans),
parsed, and its fields compared with the ones recorded by reading the document:
number and symbol (compared as a code key), date, place, issuer, subject, and for a
news article the number and date of the dispatch it reports on. Used by
tests/test_dispatch_real.py; run ``python -m tests.real_corpus`` to print the table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lantoa.core.dispatch import dispatch_to_data, parse_dispatch
from lantoa.core.extract import extract_text
from lantoa.core.text import fold_key, nfc

REAL = Path(__file__).parent / "samples" / "real"
SEEDS = Path(__file__).parent / "samples" / "seeds"
FIELDS = ("code", "date", "place", "issuer", "subject")

# The seeds' fields as read from the documents (tests/samples/seeds/README.md); seed 004
# is unmarked OCR, so its place and the place in its letterhead are the restored names.
SEED_FIELDS: dict[str, dict[str, object]] = {
    "000": {
        "code": "488/STTTT-CNTT", "date": "2023-03-09", "place": "Quảng Ninh",
        "issuer": "Sở Thông tin và Truyền thông",
        "subject": "xây dựng ấn phẩm thống nhất nhận thức chung về sự khác nhau giữa công "
        "nghệ thông tin và chuyển đổi số",
    },
    "001": {
        "code": "/UBND-KGVX", "date": None, "place": "Bắc Giang",
        "issuer": "Ủy ban nhân dân tỉnh Bắc Giang",
        "subject": "về sự khác nhau giữa công nghệ thông tin và chuyển đổi số",
    },
    "002": {
        "code": "/BCĐCĐSSYT", "date": None, "place": "An Giang",
        "issuer": "BAN CHỈ ĐẠO CHUYÊN ĐỔI SỐ Y TẾ",
        "subject": "thống nhất nhận thức chung về sự khác nhau giữa Công nghệ thông tin và "
        "chuyển đổi số",
    },
    "003": {
        "kind": "article", "date": "2023-03-22",
        "subject": "Tóm lược 17 điểm khác biệt giữa Chuyển đổi số và Ứng dụng CNTT",
    },
    "004": {
        "code": "4231/UBND-VHTT", "date": "2022-10-19", "place": "Cẩm Phả",
        "issuer": "ỦY BAN NHÂN DÂN THÀNH PHỐ CẨM PHẢ",
    },
}  # fmt: skip


def code_key(code: str | None) -> str | None:
    """Number/[year/]symbol compared without case, marks, spaces, hyphens or leading zeros."""
    if code is None:
        return None
    key = re.sub(r"[\s\-–]", "", fold_key(code)).upper()
    return "/".join(part.lstrip("0") or part for part in key.split("/"))


def text_key(value: object) -> str | None:
    """Text compared with its diacritics, without case, punctuation or "về việc"."""
    if value is None:
        return None
    words = re.sub(r"[^\w]+", " ", nfc(str(value)).casefold()).split()
    folded = [fold_key(w) for w in words]
    for lead in (["v", "v"], ["ve", "viec"], ["ve"]):
        if folded[: len(lead)] == lead:
            words = words[len(lead) :]
            break
    return " ".join(words)


def _compare(name: str, got: object, want: object) -> bool:
    if name == "code":
        return code_key(got) == code_key(want)  # type: ignore[arg-type]
    if name == "date":
        return got == want
    return text_key(got) == text_key(want)


@dataclass
class Score:
    right: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0

    def check(self, doc: str, name: str, got: object, want: object) -> None:
        self.total += 1
        if _compare(name, got, want):
            self.right += 1
        else:
            self.failures.append(f"{doc}: {name} = {got!r}, expected {want!r}")


def read(path: Path) -> str:
    return extract_text(path.read_bytes(), path.name).text


def expected_fields() -> dict[str, dict]:
    table = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))
    return {
        name: table[spec["same_as"]] if "same_as" in spec else spec for name, spec in table.items()
    }


def score_document(score: Score, name: str, data: dict, want: dict) -> None:
    if "kind" in want:
        score.check(name, "kind", data["kind"], want["kind"])
    for key in FIELDS:
        if key in want:
            score.check(name, key, data[key], want[key])
    if "issuer_parent" in want:
        score.check(name, "issuer_parent", data["issuer_parent"], want["issuer_parent"])
    quoted = want.get("quoted")
    if quoted:
        got = data["quoted"] or {}
        for key in ("code", "date", "subject"):
            if key in quoted:
                score.check(name, f"quoted.{key}", got.get(key), quoted[key])


def score_corpus(names: list[str] | None = None) -> Score:
    score = Score()
    for name, want in sorted(expected_fields().items()):
        if names and name not in names:
            continue
        data = dispatch_to_data(parse_dispatch(read(REAL / name)))
        score_document(score, name, data, want)
    return score


def score_seeds() -> Score:
    score = Score()
    for path in sorted(SEEDS.glob("0*.txt")):
        want = SEED_FIELDS[path.stem[:3]]
        data = dispatch_to_data(parse_dispatch(path.read_text(encoding="utf-8")))
        score_document(score, path.stem[:3], data, want)
    return score


if __name__ == "__main__":  # pragma: no cover - a developer's table
    for label, result in (("real", score_corpus()), ("seeds", score_seeds())):
        print(f"{label}: {result.right}/{result.total} = {result.ratio:.3f}")
        for failure in result.failures:
            print("  ", failure)
