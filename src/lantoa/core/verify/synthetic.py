"""Synthetic variants of the pack and the seeds, each with its exact expected result.

The seeds show what real copies look like; these variants show what a unit could
do to them — drop points, reorder, renumber, merge two into one paragraph, swap the
sides, keep only titles or short forms, lose the diacritics, add commentary — and
what a text about digital transformation that has none of the points looks like.
Every variant carries the expected status of every point, so the tests, the
benchmark (precision/recall) and the threshold fitting (``tools/verify_fit.py``)
all use the same ground truth.

``how`` is expected only where the construction defines it (a verbatim copy stays
verbatim); variants of the OCR seed 004 expect statuses only.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lantoa.core.packs import Pack
from lantoa.core.text import fold
from lantoa.core.verify.align import Params
from lantoa.core.verify.model import How, Status


@dataclass(frozen=True, slots=True)
class Expected:
    status: Status
    how: How | None = None  # None: not checked
    merged_with: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    text: str
    expected: dict[int, Expected] = field(default_factory=dict)


# Commentary a unit might add around the points: digital-transformation talk that
# shares words with the pack ("đầu tư", "dùng chung", "nền tảng", "dữ liệu") but
# states none of the points.
COMMENTARY = (
    "Thời gian qua, tỉnh đã quan tâm đầu tư hạ tầng số, triển khai nhiều nền tảng "
    "dùng chung và từng bước hình thành cơ sở dữ liệu chuyên ngành. Tuy vậy, kết quả "
    "chuyển đổi số ở cấp xã vẫn chưa đồng đều.",
    "Để nội dung này đi vào cuộc sống, mỗi cơ quan cần tổ chức hội nghị quán triệt, "
    "giao cán bộ đầu mối theo dõi và báo cáo kết quả định kỳ về Sở Thông tin và "
    "Truyền thông trước ngày 25 hằng tháng.",
    "Ý kiến của bạn đọc về bài viết xin gửi về hộp thư điện tử của Ban biên tập. "
    "Xin trân trọng cảm ơn quý độc giả đã quan tâm theo dõi.",
    "Theo đánh giá của Ban chỉ đạo, người dân ngày càng quen với việc nộp hồ sơ trực "
    "tuyến, thanh toán không dùng tiền mặt và tra cứu thông tin trên điện thoại.",
)

# A text about digital transformation that contains none of the 17 points.
UNRELATED_DX = """Chuyển đổi số trong cải cách hành chính: kết quả bước đầu

Năm 2023, tỉnh tiếp tục đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình, kết nối \
Cổng dịch vụ công của tỉnh với Cổng dịch vụ công quốc gia. Tỷ lệ hồ sơ nộp trực tuyến \
đạt trên 60%, tăng gần gấp đôi so với năm trước.

Trung tâm điều hành thông minh của tỉnh đã đi vào hoạt động, tích hợp camera giao \
thông, phản ánh hiện trường và số liệu kinh tế - xã hội để lãnh đạo theo dõi hằng ngày.

Các tổ công tác đã đến từng khu dân cư hướng dẫn người dân cài đặt ứng dụng định danh \
điện tử, kích hoạt tài khoản và sử dụng các tiện ích trên điện thoại thông minh.

Trong thời gian tới, tỉnh sẽ tập trung hoàn thiện cơ sở dữ liệu dân cư, đất đai, \
doanh nghiệp; bảo đảm an toàn thông tin cho các hệ thống; đào tạo kỹ năng số cho cán \
bộ, công chức và người dân. Mục tiêu là đến năm 2025 có 80% hồ sơ thủ tục hành chính \
được xử lý trên môi trường mạng.
"""

_MARKER = re.compile(r"^[ \t*_]*(\d{1,2})(?:[.)]\s|[.)]?[ \t*_]*$)", re.MULTILINE)


def _all(count: int, status: Status = "present", how: How | None = None) -> dict[int, Expected]:
    return {n: Expected(status, how) for n in range(1, count + 1)}


# ---------------------------------------------------------------------------
# Renderings of the pack itself


def render_full(pack: Pack, numbers: list[int] | None = None, *, labels: bool = False) -> str:
    """Each point as one numbered paragraph: title, IT side, DX side (like seed 002)."""
    paragraphs = []
    for position, n in enumerate(numbers or [p.number for p in pack.points], start=1):
        p = pack.point(n)
        if labels:
            body = (
                f"{p.title.vi}.\nCông nghệ thông tin: {p.it.full.vi}\nChuyển đổi số: {p.dx.full.vi}"
            )
        else:
            body = f"{p.title.vi}. {p.it.full.vi} {p.dx.full.vi}"
        paragraphs.append(f"{position}. {body}")
    return "\n\n".join(paragraphs) + "\n"


def render_table(pack: Pack, *, swap: frozenset[int] = frozenset()) -> str:
    """A comparison table flattened one cell per line (like seed 003), short forms."""
    lines = ["STT", "Ứng dụng CNTT", "Chuyển đổi số"]
    for p in pack.points:
        cells = [p.it.short.vi, p.dx.short.vi]
        if p.number in swap:
            cells.reverse()
        lines += [str(p.number), *cells]
    return "\n\n".join(lines) + "\n"


def render_titles(pack: Pack) -> str:
    return "\n".join(f"{p.number}. {p.title.vi}" for p in pack.points) + "\n"


# ---------------------------------------------------------------------------
# Seeds cut into head, 17 items and tail


@dataclass(frozen=True, slots=True)
class SeedItems:
    head: str
    items: list[str]  # items[i] is the text of point i + 1, marker included
    tail: str


def split_seed(text: str, count: int) -> SeedItems:
    """Cut a seed at the last run of markers 1..count (its appendix or table)."""
    markers = [(int(m.group(1)), m.start()) for m in _MARKER.finditer(text)]
    starts: list[int] = []
    want = count
    for number, start in reversed(markers):
        if number == want:
            starts.append(start)
            want -= 1
            if want == 0:
                break
    if want != 0:
        raise ValueError(f"markers 1..{count} not found")
    starts.reverse()
    # The last item ends with the paragraph that closes the point ("… sáng tạo … số").
    folded = fold(text).text
    close = folded.find("sang tao", starts[-1])
    end = text.find("\n", close) if close >= 0 else -1
    end = len(text) if end < 0 else end + 1
    items = [text[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    return SeedItems(text[: starts[0]], items, text[end:])


def _renumber(item: str, number: int) -> str:
    return _MARKER.sub(lambda m: m.group(0).replace(m.group(1), str(number), 1), item, count=1)


def _join(head: str, items: list[str], tail: str) -> str:
    body = "".join(item if item.endswith("\n") else item + "\n\n" for item in items)
    return head + body + tail


# ---------------------------------------------------------------------------
# The variants


def pack_variants(pack: Pack) -> list[Variant]:
    count = len(pack.points)
    numbers = [p.number for p in pack.points]
    out = [
        Variant("pack-full", render_full(pack), _all(count, how="verbatim")),
        Variant("pack-labelled", render_full(pack, labels=True), _all(count, how="verbatim")),
        Variant("pack-table", render_table(pack), _all(count, how="condensed")),
        Variant("pack-titles-only", render_titles(pack), _all(count, how="title-only")),
    ]
    short_only = "\n".join(f"{p.number}. {p.it.short.vi}. {p.dx.short.vi}." for p in pack.points)
    out.append(Variant("pack-short-forms-only", short_only + "\n", _all(count, how="condensed")))

    dropped = [n for n in numbers if n not in (4, 9, 15)]
    exp = _all(count, how="verbatim")
    for n in (4, 9, 15):
        exp[n] = Expected("missing")
    out.append(Variant("pack-dropped-4-9-15", render_full(pack, dropped), exp))

    shuffled = numbers[:]
    random.Random(17).shuffle(shuffled)
    out.append(
        Variant(
            "pack-reordered-renumbered", render_full(pack, shuffled), _all(count, how="verbatim")
        )
    )

    # Two points merged into one numbered paragraph: 3 and 4, 12 and 13.
    paragraphs: list[str] = []
    position = 1
    skip = {4, 13}
    for n in numbers:
        p = pack.point(n)
        text = f"{p.title.vi}. {p.it.full.vi} {p.dx.full.vi}"
        if n in skip:
            paragraphs[-1] += " " + text
            continue
        paragraphs.append(f"{position}. {text}")
        position += 1
    exp = _all(count, how="verbatim")
    for a, b in ((3, 4), (12, 13)):
        exp[a] = Expected("merged", "verbatim", (b,))
        exp[b] = Expected("merged", "verbatim", (a,))
    out.append(Variant("pack-merged-3+4-12+13", "\n\n".join(paragraphs) + "\n", exp))

    # IT and DX sides swapped, under explicit side names, for points 2 and 10.
    lines = []
    for p in pack.points:
        it, dx = p.it.full.vi, p.dx.full.vi
        if p.number in (2, 10):
            it, dx = dx, it
        lines.append(f"{p.number}. {p.title.vi}.\nCông nghệ thông tin: {it}\nChuyển đổi số: {dx}")
    exp = _all(count, how="verbatim")
    for n in (2, 10):
        exp[n] = Expected("distorted", "sides-swapped")
    out.append(Variant("pack-sides-swapped-2-10", "\n\n".join(lines) + "\n", exp))

    # Swapped table cells (no side names: the IT column comes first).
    exp = _all(count, how="condensed")
    for n in (5, 14):
        exp[n] = Expected("distorted", "sides-swapped")
    out.append(
        Variant("pack-table-cells-swapped-5-14", render_table(pack, swap=frozenset({5, 14})), exp)
    )

    # The DX sides of points 6 and 11 exchanged: each point carries the other's side.
    lines = []
    for p in pack.points:
        dx = p.dx.full.vi
        if p.number == 6:
            dx = pack.point(11).dx.full.vi
        elif p.number == 11:
            dx = pack.point(6).dx.full.vi
        lines.append(f"{p.number}. {p.title.vi}. {p.it.full.vi} {dx}")
    exp = _all(count, how="verbatim")
    for n in (6, 11):
        exp[n] = Expected("distorted", "side-elsewhere")
    out.append(Variant("pack-dx-sides-exchanged-6-11", "\n\n".join(lines) + "\n", exp))

    # One side left out: point 8 without its DX side, point 16 without its IT side.
    lines = []
    for p in pack.points:
        it, dx = p.it.full.vi, p.dx.full.vi
        if p.number == 8:
            dx = ""
        if p.number == 16:
            it = ""
        lines.append(" ".join(s for s in (f"{p.number}. {p.title.vi}.", it, dx) if s))
    exp = _all(count, how="verbatim")
    exp[8] = Expected("present", "partial")
    exp[16] = Expected("present", "partial")
    out.append(Variant("pack-one-side-left-out-8-16", "\n\n".join(lines) + "\n", exp))

    # Commentary between the points.
    paragraphs = render_full(pack).strip().split("\n\n")
    mixed = []
    for i, paragraph in enumerate(paragraphs):
        mixed.append(paragraph)
        if i % 4 == 1:
            mixed.append(COMMENTARY[(i // 4) % len(COMMENTARY)])
    out.append(
        Variant("pack-commentary-added", "\n\n".join(mixed) + "\n", _all(count, how="verbatim"))
    )

    out.append(Variant("unrelated-dx-text", UNRELATED_DX, _all(count, "missing")))
    talk = (
        "Ngày 05/3/2023, Cục Chuyển đổi số quốc gia có văn bản đề nghị các địa phương "
        "phổ biến 17 điểm khác nhau giữa công nghệ thông tin và chuyển đổi số do Bộ "
        "trưởng Bộ Thông tin và Truyền thông nêu. Các cơ quan, đơn vị quán triệt 17 điểm "
        "này tới toàn thể cán bộ, công chức và báo cáo kết quả trước ngày 25/3/2023.\n"
    )
    out.append(Variant("talk-about-17-points", talk, _all(count, "missing")))
    out.append(Variant("empty", "", _all(count, "missing")))
    out.append(
        Variant(
            "other-language",
            "Digital transformation is not the same as information technology. "
            "The seventeen differences are listed in the appendix of the dispatch.\n",
            _all(count, "missing"),
        )
    )
    return out


def seed_variants(pack: Pack, seeds: Mapping[str, str]) -> list[Variant]:
    """Variants built from the real seed documents (keys "000" … "004")."""
    count = len(pack.points)
    out: list[Variant] = []
    base_how: dict[str, How | None] = {
        "000": "verbatim",
        "001": "verbatim",
        "002": "verbatim",
        "003": "condensed",
        "004": None,
    }
    rng = random.Random(2023)
    for key, text in sorted(seeds.items()):
        how = base_how.get(key)
        split = split_seed(text, count)
        items = split.items
        out.append(Variant(f"seed-{key}", text, _all(count, how=how)))

        keep = [i for i in range(count) if i + 1 not in (2, 11, 17)]
        exp = _all(count, how=how)
        for n in (2, 11, 17):
            exp[n] = Expected("missing")
        out.append(
            Variant(
                f"seed-{key}-dropped-2-11-17",
                _join(split.head, [items[i] for i in keep], split.tail),
                exp,
            )
        )

        order = list(range(count))
        rng.shuffle(order)
        out.append(
            Variant(
                f"seed-{key}-reordered",
                _join(split.head, [items[i] for i in order], split.tail),
                _all(count, how=how),
            )
        )
        renumbered = [_renumber(items[i], pos + 1) for pos, i in enumerate(order)]
        out.append(
            Variant(
                f"seed-{key}-reordered-renumbered",
                _join(split.head, renumbered, split.tail),
                _all(count, how=how),
            )
        )

        # Point 7's marker removed: its text joins point 6's item.
        merged = items[:]
        merged[6] = _MARKER.sub("", merged[6], count=1)
        exp = _all(count, how=how)
        exp[6] = Expected("merged", how, (7,))
        exp[7] = Expected("merged", how, (6,))
        if key == "003":
            # In a table the number row goes; the two rows' cells share one row.
            pass
        out.append(Variant(f"seed-{key}-merged-6+7", _join(split.head, merged, split.tail), exp))

        if key in ("000", "001", "002"):
            out.append(
                Variant(
                    f"seed-{key}-diacritics-stripped",
                    fold(text, lower=False).text,
                    _all(count, how=how),
                )
            )

        with_commentary = []
        for i, item in enumerate(items):
            with_commentary.append(item)
            if i % 5 == 2:
                with_commentary.append(COMMENTARY[(i // 5) % len(COMMENTARY)] + "\n\n")
        out.append(
            Variant(
                f"seed-{key}-commentary-added",
                _join(split.head, with_commentary, split.tail),
                _all(count, how=how),
            )
        )

        out.append(
            Variant(f"seed-{key}-without-points", split.head + split.tail, _all(count, "missing"))
        )
    return out


def all_variants(pack: Pack, seeds: Mapping[str, str]) -> list[Variant]:
    return pack_variants(pack) + seed_variants(pack, seeds)


# ---------------------------------------------------------------------------
# Scoring a parameter set on the variants


@dataclass(slots=True)
class Evaluation:
    """Point-level agreement with the expected results.

    A point counts as *found* when its status is anything but "missing";
    precision and recall are over found points, per point number and overall.
    ``exact`` counts points whose status, checked ``how`` and merge partners all match.
    """

    points: int = 0
    exact: int = 0
    tp: dict[int, int] = field(default_factory=dict)
    fp: dict[int, int] = field(default_factory=dict)
    fn: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def precision(self, number: int | None = None) -> float:
        tp = self._sum(self.tp, number)
        fp = self._sum(self.fp, number)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, number: int | None = None) -> float:
        tp = self._sum(self.tp, number)
        fn = self._sum(self.fn, number)
        return tp / (tp + fn) if tp + fn else 1.0

    @staticmethod
    def _sum(counts: dict[int, int], number: int | None) -> int:
        return sum(counts.values()) if number is None else counts.get(number, 0)


def evaluate(pack: Pack, variants: list[Variant], params: Params | None = None) -> Evaluation:
    from lantoa.core.verify.api import DEFAULT_PARAMS, verify_text

    result = Evaluation()
    for variant in variants:
        verified = verify_text(variant.text, pack, params=params or DEFAULT_PARAMS)
        for point in verified.points:
            want = variant.expected[point.number]
            n = point.number
            result.points += 1
            found, should = point.status != "missing", want.status != "missing"
            if found and should:
                result.tp[n] = result.tp.get(n, 0) + 1
            elif found:
                result.fp[n] = result.fp.get(n, 0) + 1
            elif should:
                result.fn[n] = result.fn.get(n, 0) + 1
            ok = (
                point.status == want.status
                and (want.how is None or point.how == want.how)
                and point.merged_with == want.merged_with
            )
            if ok:
                result.exact += 1
            else:
                result.failures.append(
                    f"{variant.name} #{n}: {point.status}/{point.how} "
                    f"(expected {want.status}/{want.how})"
                )
    return result
