"""The real-republication test set for verify: full, condensed, stripped, negatives.

Real republications of the 17 differences (tests/samples/republications, the seeds)
and the forms they reach a checker in — pipes, tabs, an HTML table, without
diacritics — plus negatives: real texts about other subjects, tables with the IT and
DX sides swapped, sides under the wrong point's title. Each case names the points it
conveys; a point is *conveyed* when verify says present or merged. Precision and
recall are over conveyed points. ``python -m tests.republications`` prints the table.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from lantoa.core.packs import Pack, builtin_pack
from lantoa.core.text import fold
from lantoa.core.verify import verify_text
from lantoa.core.verify.io import html_to_text

HERE = Path(__file__).parent / "samples"
REPUBLISHED = HERE / "republications"
SEEDS = HERE / "seeds"
REAL = HERE / "real"
ALL = frozenset(range(1, 18))
ONE_TWO = frozenset({1, 2})
FIRST_FIVE = frozenset(range(1, 6))
_MARKER = re.compile(r"^\W*(\d{1,2})[.)]?\W*$")


def _rows(text: str) -> tuple[str, list[list[str]]]:
    """A one-cell-per-line table: the text before it and its rows [number, IT, DX]."""
    lines = [line.strip() for line in text.split("\n")]
    cells = [line for line in lines if line]
    first = next(i for i, c in enumerate(cells) if _MARKER.match(c))
    head = "\n".join(cells[: first - 3]) + "\n\n"
    rows = []
    i = first
    while i + 2 < len(cells) and _MARKER.match(cells[i]):
        rows.append(cells[i : i + 3])
        i += 3
    return head, rows


def pipes(text: str, *, number: bool = True) -> str:
    head, rows = _rows(text)
    body = "\n".join(" | ".join(r if number else r[1:]) for r in rows)
    return f"{head}STT | Công nghệ thông tin | Chuyển đổi số\n{body}\n"


def tabs(text: str) -> str:
    head, rows = _rows(text)
    return head + "\n".join("\t".join(r) for r in rows) + "\n"


def html_table(text: str) -> str:
    """The rows as an HTML table, read back by verify's own HTML reader."""
    head, rows = _rows(text)
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
    )
    page = f"<html><body><p>{html.escape(head)}</p><table>{cells}</table></body></html>"
    return html_to_text(page)


def swap_sides(text: str) -> str:
    head, rows = _rows(text)
    return head + "\n".join(" | ".join([r[0], r[2], r[1]]) for r in rows) + "\n"


def wrong_titles(text: str, pack: Pack) -> str:
    """Each row under the title of the next point: "3 | <title of 4> | IT 3 | DX 3"."""
    head, rows = _rows(text)
    titles = [p.title.vi for p in pack.points]
    body = []
    for number, it, dx in rows:
        n = int(re.sub(r"\D", "", number))
        body.append(" | ".join([number, titles[n % len(titles)], it, dx]))
    return head + "\n".join(body) + "\n"


def strip(text: str) -> str:
    return fold(text, lower=False).text


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    conveys: frozenset[int]
    distorted: frozenset[int] = frozenset()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def cases(pack: Pack | None = None) -> list[Case]:
    pack = pack or builtin_pack("cds17")
    r01 = _read(REPUBLISHED / "r01_sonhoa_phuyen_table.txt")
    r03 = _read(REPUBLISHED / "r03_vietnamnet_full.txt")
    s003 = _read(next(SEEDS.glob("003_*.txt")))
    first11 = frozenset(range(1, 12))
    out = [
        Case("r01 table, one cell per line", r01, first11),
        Case("r01 table in pipes", pipes(r01), first11),
        Case("r01 table in pipes, no numbers", pipes(r01, number=False), first11),
        Case("r01 table in tabs", tabs(r01), first11),
        Case("r01 table as HTML", html_table(r01), first11),
        Case("r01 without diacritics", strip(r01), first11),
        Case("r01 pipes without diacritics", strip(pipes(r01)), first11),
        Case("r02 full text", _read(REPUBLISHED / "r02_daknong_syt_full.txt"), frozenset({1})),
        Case("r03 full text", r03, frozenset({1, 2, 3})),
        Case("r03 without diacritics", strip(r03), frozenset({1, 2, 3})),
        Case("r04 full text", _read(REPUBLISHED / "r04_baomoi_haiduong_full.txt"), ONE_TWO),
        Case("r05 titles", _read(REPUBLISHED / "r05_cdspdienbien_titles.txt"), FIRST_FIVE),
        Case("seed 003 table in pipes", pipes(s003), ALL),
        Case("seed 003 table as HTML", html_table(s003), ALL),
        Case("seed 003 without diacritics", strip(s003), ALL),
        # Negatives: the sides swapped, the sides under the wrong title, other subjects.
        Case("r01 sides swapped", swap_sides(r01), frozenset(), first11),
        Case("r01 under the wrong titles", wrong_titles(r01, pack), frozenset(), first11),
        Case("seed 003 sides swapped", swap_sides(s003), frozenset(), ALL),
    ]  # fmt: skip
    for path in sorted(SEEDS.glob("0*.txt")):
        out.append(Case(f"seed {path.name[:3]}", _read(path), ALL))
    for name in (
        "p03_kh196_vinhphuc.txt",
        "p11_kh8124_lamdong.txt",
        "dx01_nd224_2026.md",
        "p08_kh186_bacninh.txt",
        "p22_article_daknong_244.txt",
        "p14_kh2582_ninhthuan.txt",
    ):
        out.append(Case(f"other subject: {name}", _read(REAL / name), frozenset()))
    return out


@dataclass
class Measure:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def measure(case_list: list[Case] | None = None) -> Measure:
    pack = builtin_pack("cds17")
    result = Measure()
    for case in case_list or cases(pack):
        verified = verify_text(case.text, pack)
        for point in verified.points:
            conveyed = point.status in ("present", "merged")
            should = point.number in case.conveys
            if conveyed and should:
                result.tp += 1
            elif conveyed:
                result.fp += 1
                result.failures.append(f"{case.name} #{point.number}: {point.status} (not in text)")
            elif should:
                result.fn += 1
                result.failures.append(f"{case.name} #{point.number}: {point.status}")
            if point.number in case.distorted and point.status != "distorted":
                result.failures.append(
                    f"{case.name} #{point.number}: {point.status}, expected distorted"
                )
    return result


if __name__ == "__main__":  # pragma: no cover - a developer's table
    m = measure()
    print(f"precision {m.precision:.3f}  recall {m.recall:.3f}  (tp {m.tp}, fp {m.fp}, fn {m.fn})")
    for failure in m.failures:
        print("  ", failure)
