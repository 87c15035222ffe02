"""``verify_text``: which points of a pack a text really contains."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lantoa.core.packs import Pack
from lantoa.core.text import Folded, fold, nfc, normalize_whitespace
from lantoa.core.verify.align import (
    Coverage,
    Params,
    Region,
    coverage,
    emissions,
    label_units,
    regions_of,
    side_label,
)
from lantoa.core.verify.model import How, PointResult, Status, VerifyResult
from lantoa.core.verify.profile import PackProfile, PointProfile, profile_for
from lantoa.core.verify.rows import match_rows
from lantoa.core.verify.score import is_conveyed, point_score
from lantoa.core.verify.segment import Unit, segment
from lantoa.core.verify.swap import swapped_within

# About 60 copies of the full 17-point speech; verifying this many characters takes
# a few seconds on one core. Longer text is cut and the result says so.
MAX_CHARS = 1_000_000
EXCERPT_CHARS = 400
# A unit explaining less weight than this (one common word) never opens or closes
# an excerpt.
MIN_UNIT_EVIDENCE = 1.5
DEFAULT_PARAMS = Params()


@dataclass(frozen=True, slots=True)
class _Context:
    profile: PackProfile
    units: tuple[Unit, ...]
    em: list[tuple[list[float], float]]
    labels: list[int]
    side_labels: list[str | None]
    params: Params


def _side_labels(folded: str, units: tuple[Unit, ...]) -> list[str | None]:
    """The side each unit sits under, from the side names opening units in its item."""
    out: list[str | None] = []
    current: str | None = None
    explicit = False
    item = -1
    for unit in units:
        if unit.item != item:
            item, current, explicit = unit.item, None, False
        found = side_label(folded[unit.start : unit.end])
        if found is not None:
            side, is_explicit = found
            if is_explicit or not explicit:
                current, explicit = side, is_explicit
        out.append(current)
    return out


def _features(ctx: _Context, point: PointProfile, unit_ids: list[int]) -> set[str]:
    feats: set[str] = set()
    for i in unit_ids:
        feats |= ctx.units[i].features & point.vocabulary
    return feats


def _combined(cov: Coverage) -> float:
    """Title and sides as independent evidence: either proves the point, both more."""
    sides = (cov.it + cov.dx) / 2
    return 1 - (1 - cov.title) * (1 - sides)


def _items_with_evidence(ctx: _Context, point_index: int, region: Region) -> frozenset[int]:
    """Items where this region holds a real part of the point (a title or a side)."""
    point = ctx.profile.points[point_index]
    by_item: dict[int, list[int]] = {}
    for i in region.units:
        by_item.setdefault(ctx.units[i].item, []).append(i)
    out = set()
    for item, ids in by_item.items():
        cov = coverage(point, ctx.profile, _features(ctx, point, ids))
        if max(cov.title, cov.it, cov.dx) >= ctx.params.side:
            out.add(item)
    return frozenset(out)


def _sides_swapped(ctx: _Context, point: PointProfile, unit_ids: list[int]) -> bool:
    """True when the IT side's words stand where the DX side belongs, and vice versa.

    Where the text names the sides ("Công nghệ thông tin …", "Chuyển đổi số …"), the
    name decides; in a table without names the IT column comes first.
    """
    comps = point.components
    it_only = (comps["it_full"] | comps["it_short"]) - comps["dx_full"] - comps["dx_short"]
    dx_only = (comps["dx_full"] | comps["dx_short"]) - comps["it_full"] - comps["it_short"]
    weights = ctx.profile.weights
    totals = {"it": 0.0, "dx": 0.0}
    misplaced = {"it": 0.0, "dx": 0.0}
    positions: dict[str, list[tuple[int, float]]] = {"it": [], "dx": []}
    labelled = False
    for i in unit_ids:
        feats = ctx.units[i].features
        s_it = sum(weights[f] for f in feats & it_only)
        s_dx = sum(weights[f] for f in feats & dx_only)
        if s_it == s_dx:
            continue
        side, strength = ("it", s_it - s_dx) if s_it > s_dx else ("dx", s_dx - s_it)
        totals[side] += strength
        positions[side].append((i, strength))
        label = ctx.side_labels[i]
        if label is not None:
            labelled = True
            if label != side:
                misplaced[side] += strength
    if not positions["it"] or not positions["dx"]:
        return False
    if labelled:
        return misplaced["it"] > totals["it"] / 2 and misplaced["dx"] > totals["dx"] / 2

    def centre(side: str) -> float:
        pairs = positions[side]
        return sum(i * w for i, w in pairs) / sum(w for _, w in pairs)

    return centre("dx") < centre("it")


def _how(cov: Coverage, params: Params) -> How:
    it_ok, dx_ok = cov.it >= params.side, cov.dx >= params.side
    if not it_ok and not dx_ok:
        return "title-only"
    if not (it_ok and dx_ok):
        return "partial"
    if cov.it_full >= params.verbatim and cov.dx_full >= params.verbatim:
        return "verbatim"
    short = (cov.it_short + cov.dx_short) / 2
    if short >= params.condensed and short > (cov.it_full + cov.dx_full) / 2:
        return "condensed"
    return "paraphrased"


def _trim(ctx: _Context, index: int, ids: list[int]) -> list[int]:
    """Drop weak units ("mới." after a page break) from the ends of an excerpt."""
    strong = [
        i
        for i in ids
        if ctx.em[i][0][index] >= MIN_UNIT_EVIDENCE
        and ctx.em[i][0][index] >= ctx.params.theta * ctx.em[i][1]
    ]
    if not strong:
        return ids
    return [i for i in ids if strong[0] <= i <= strong[-1]]


def _span(folded_offsets: tuple[int, ...], ctx: _Context, ids: list[int]) -> tuple[int, int]:
    start = ctx.units[min(ids)].start
    end = ctx.units[max(ids)].end
    return folded_offsets[start], folded_offsets[end - 1] + 1


def verify_text(text: str, pack: Pack, *, params: Params = DEFAULT_PARAMS) -> VerifyResult:
    """Find which points of ``pack`` the text contains, and how.

    Returns one :class:`PointResult` per point, in the pack's order, with the
    excerpt's span in the text as given (after NFC). Text longer than
    :data:`MAX_CHARS` is cut there (``truncated`` is set). Never raises on odd
    input: an empty or unrelated text simply has every point missing.
    """
    text = nfc(text)
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = text[:MAX_CHARS]
    profile = profile_for(pack)
    folded = fold(text, lower=False)
    seg = segment(folded)
    em = emissions(profile, seg.units)
    labels = label_units(em, len(profile.points), params)
    regions = regions_of(profile, seg.units, em, labels, params)
    ctx = _Context(profile, seg.units, em, labels, _side_labels(folded.text, seg.units), params)

    main: dict[int, Region] = {}
    main_items: dict[int, frozenset[int]] = {}
    for index, regs in regions.items():
        best = max(regs, key=lambda r: (_combined(r.coverage), -r.units[0]))
        main[index] = best
        main_items[index] = _items_with_evidence(ctx, index, best)

    results: list[PointResult] = []
    covs: list[Coverage] = []
    for index, point in enumerate(profile.points):
        regs = regions.get(index, [])
        ids = sorted({i for r in regs for i in r.units})
        cov = coverage(point, profile, _features(ctx, point, ids))
        score = _combined(cov)
        covs.append(cov)
        if not regs or score < params.present:
            results.append(
                PointResult(
                    number=point.number,
                    status="missing",
                    how=None,
                    score=point_score(cov, "missing", None),
                    excerpt="",
                    span=None,
                    title_score=cov.title,
                    it_score=cov.it,
                    dx_score=cov.dx,
                )
            )
            continue
        status: Status = "present"
        how: How = _how(cov, params)
        merged_with: list[int] = []
        best = main[index]
        for other, items in main_items.items():
            if other != index and items & main_items[index]:
                merged_with.append(profile.points[other].number)
        # A region holding a side that the main evidence lacks, inside another
        # point's item: that side was attributed to the wrong point.
        for region in regs:
            if region is best:
                continue
            lacks_it = region.coverage.it >= params.side > best.coverage.it
            lacks_dx = region.coverage.dx >= params.side > best.coverage.dx
            if not (lacks_it or lacks_dx):
                continue
            items = _items_with_evidence(ctx, index, region)
            if any(
                items & other_items for other, other_items in main_items.items() if other != index
            ):
                status, how = "distorted", "side-elsewhere"
        if status == "present" and (
            _sides_swapped(ctx, point, ids)
            or swapped_within(point, ctx.profile.weights, ctx.units, ids)
        ):
            status, how = "distorted", "sides-swapped"
        if status == "present" and merged_with:
            status = "merged"
        span = _span(folded.offsets, ctx, _trim(ctx, index, list(best.units)))
        spans = tuple(_span(folded.offsets, ctx, _trim(ctx, index, list(r.units))) for r in regs)
        excerpt = normalize_whitespace(text[span[0] : span[1]])
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[: EXCERPT_CHARS - 1].rstrip() + "…"
        results.append(
            PointResult(
                number=point.number,
                status=status,
                how=how,
                score=point_score(cov, status, how),
                excerpt=excerpt,
                span=span,
                spans=spans,
                merged_with=tuple(merged_with) if status == "merged" else (),
                title_score=cov.title,
                it_score=cov.it,
                dx_score=cov.dx,
            )
        )
    results = _condensed_rows(text, folded, pack, profile, results)
    return _result(pack, tuple(_style_ties(results, covs)), len(text), truncated)


def _condensed_rows(
    text: str, folded: Folded, pack: Pack, profile: PackProfile, results: list[PointResult]
) -> list[PointResult]:
    """Points written as short condensed table rows (see :mod:`.rows`): a row found
    straight gives a point the alignment missed; a row read with its sides swapped or
    under another point's title marks the point distorted instead. Only a comparison pack
    has two sides to lay out in a row."""
    if pack.kind != "comparison":
        return results
    for match in match_rows(text, pack, profile, folded=folded):
        current = results[match.point]
        row = match.row
        span = (row.start, row.end)
        excerpt = normalize_whitespace(text[row.start : row.end])[:EXCERPT_CHARS]
        if match.kind == "straight":
            if current.status == "present" and current.how in ("title-only", "partial"):
                # The row holds both sides in a few words each: condensed, not a title.
                results[match.point] = replace(current, how="condensed")
                continue
            if current.status != "missing":
                continue
            status: Status = "present"
            how: How = "condensed"
        elif current.status == "distorted":
            continue
        else:
            status = "distorted"
            how = "sides-swapped" if match.kind == "swapped" else "side-elsewhere"
        results[match.point] = replace(
            current,
            status=status,
            how=how,
            score=max(current.score, match.score),
            excerpt=excerpt,
            span=span,
            spans=(span,),
            merged_with=(),
        )
    return results


def _style_ties(results: list[PointResult], covs: list[Coverage]) -> list[PointResult]:
    """A point whose full and short forms are the same words (point 17, "CNTT là
    CNTT") cannot say by itself whether it was copied or condensed: it follows how
    the rest of the text wrote its points."""
    styles = ("verbatim", "condensed")
    votes = {s: 0 for s in styles}
    tied: list[int] = []
    for i, (res, cov) in enumerate(zip(results, covs, strict=True)):
        if res.how not in styles:
            continue
        full = (cov.it_full + cov.dx_full) / 2
        short = (cov.it_short + cov.dx_short) / 2
        if abs(full - short) < 0.1:
            tied.append(i)
        else:
            votes[res.how] += 1
    if votes["condensed"] > votes["verbatim"]:
        for i in tied:
            results[i] = replace(results[i], how="condensed")
    return results


def _result(
    pack: Pack, points: tuple[PointResult, ...], chars: int, truncated: bool
) -> VerifyResult:
    count = len(points)
    conveyed = sum(1 for p in points if is_conveyed(p))
    missing = [p.number for p in points if p.status == "missing"]
    title_only = [p.number for p in points if p.how == "title-only"]
    one_side = [p.number for p in points if p.how == "partial"]
    distorted = [p.number for p in points if p.status == "distorted"]
    merged = [p.number for p in points if p.status == "merged"]
    found = count - len(missing)
    if found == 0:
        vi = f"Không tìm thấy điểm nào trong {count} điểm của bộ nội dung."
        en = f"None of the pack's {count} points was found."
    elif conveyed == count and not merged:
        vi = f"Đủ {count}/{count} điểm."
        en = f"All {count} of {count} points are there."
        if one_side:  # there, but one side could not be read (an OCR copy)
            vi += f" Thiếu một vế: {_numbers(one_side)}."
            en += f" One side missing: {_numbers(one_side)}."
    else:
        vi_parts = [f"Có {found}/{count} điểm"]
        en_parts = [f"{found} of {count} points found"]
        if missing:
            vi_parts.append("thiếu " + _numbers(missing))
            en_parts.append("missing " + _numbers(missing))
        if title_only:
            vi_parts.append("chỉ có tiêu đề " + _numbers(title_only))
            en_parts.append("title only " + _numbers(title_only))
        if one_side:
            vi_parts.append("thiếu một vế " + _numbers(one_side))
            en_parts.append("one side missing " + _numbers(one_side))
        if merged:
            vi_parts.append("gộp " + _numbers(merged))
            en_parts.append("merged " + _numbers(merged))
        if distorted:
            vi_parts.append("sai lệch " + _numbers(distorted))
            en_parts.append("distorted " + _numbers(distorted))
        vi = "; ".join(vi_parts) + "."
        en = "; ".join(en_parts) + "."
    notes: tuple[str, ...] = ()
    if truncated:
        vi += f" Chỉ kiểm tra {MAX_CHARS:,} ký tự đầu.".replace(",", ".")
        en += f" Only the first {MAX_CHARS:,} characters were checked."
        notes = ("truncated",)
    return VerifyResult(
        pack=pack.key,
        count=count,
        points=points,
        coverage=conveyed / count if count else 0.0,
        verdict_vi=vi,
        verdict_en=en,
        chars=chars,
        truncated=truncated,
        notes=notes,
    )


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)
