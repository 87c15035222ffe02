"""What each point of a pack looks like as features, with IDF-like weights.

A word shared by many points ("đầu tư" in points 2, 7 and 8, "dùng chung",
"chuyển đổi số" everywhere) proves little, so every feature is weighted by how
few points use it: ``log((N + 1) / df)``. A point is described by five
components — title, IT side (full, short) and DX side (full, short) — plus its
keywords, which only widen the point's vocabulary. A key point or a Q&A point has one
text (full, short), profiled as both sides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lantoa.core.packs import Pack
from lantoa.core.packs.faces import point_faces
from lantoa.core.verify.features import text_features

COMPONENTS = ("title", "it_full", "it_short", "dx_full", "dx_short")


@dataclass(frozen=True, slots=True)
class PointProfile:
    number: int
    components: dict[str, frozenset[str]]
    vocabulary: frozenset[str]
    totals: dict[str, float]  # the weight of each component, the denominator of coverage


@dataclass(frozen=True, slots=True)
class PackProfile:
    key: str
    points: tuple[PointProfile, ...]
    weights: dict[str, float]
    # feature → [(point index, weight)]: the inverted index used to score a unit
    index: dict[str, tuple[tuple[int, float], ...]]
    unknown_weight: float

    def weight(self, feature: str) -> float:
        return self.weights.get(feature, 0.0)


def _side_texts(pack: Pack, number: int) -> tuple[tuple[str, str], tuple[str, str]]:
    """(full, short) of the point's two sides. A key point or an answer has one text,
    which then stands for both: the point is found by it alone and never reads as its sides
    swapped."""
    faces = point_faces(pack, pack.point(number))
    first, last = faces.back[0], faces.back[-1]
    return (first.full, first.short), (last.full, last.short)


def _point_components(pack: Pack, number: int) -> dict[str, frozenset[str]]:
    """The features of each component. A side is measured on its own words only —
    not the title's (the title of point 15, "… dữ liệu của tổ chức …", is half its IT
    side, and a list of titles must not read as the sides) and not the other side's
    (point 16's sides share "thu thập và xử lý dữ liệu")."""
    point = pack.point(number)
    title = frozenset(text_features(point.title.vi))
    (it_full, it_short), (dx_full, dx_short) = _side_texts(pack, number)
    it = {"full": text_features(it_full), "short": text_features(it_short)}
    dx = {"full": text_features(dx_full), "short": text_features(dx_short)}
    two = pack.kind == "comparison"
    it_all = it["full"] | it["short"] if two else set()
    dx_all = dx["full"] | dx["short"] if two else set()
    return {
        "title": title,
        "it_full": frozenset(it["full"] - title - dx_all),
        "it_short": frozenset(it["short"] - title - dx_all),
        "dx_full": frozenset(dx["full"] - title - it_all),
        "dx_short": frozenset(dx["short"] - title - it_all),
    }


def build_profile(pack: Pack) -> PackProfile:
    """Profile a pack (cached by its ``id@version`` key via :func:`profile_for`)."""
    n = len(pack.points)
    comps = [_point_components(pack, p.number) for p in pack.points]
    vocab: list[frozenset[str]] = []
    for point, parts in zip(pack.points, comps, strict=True):
        words: set[str] = set().union(*parts.values())
        for full, short in _side_texts(pack, point.number):
            words |= text_features(full) | text_features(short)
        for keyword in point.keywords.vi:
            words |= text_features(keyword)
        vocab.append(frozenset(words))
    df: dict[str, int] = {}
    for point_words in vocab:
        for f in point_words:
            df[f] = df.get(f, 0) + 1
    weights = {f: math.log((n + 1) / d) for f, d in df.items()}
    index: dict[str, list[tuple[int, float]]] = {}
    for i, point_words in enumerate(vocab):
        for f in point_words:
            index.setdefault(f, []).append((i, weights[f]))
    points = tuple(
        PointProfile(
            number=p.number,
            components=parts,
            vocabulary=point_words,
            totals={name: sum(weights[f] for f in feats) for name, feats in parts.items()},
        )
        for p, parts, point_words in zip(pack.points, comps, vocab, strict=True)
    )
    return PackProfile(
        key=pack.key,
        points=points,
        weights=weights,
        index={f: tuple(v) for f, v in index.items()},
        unknown_weight=math.log(n + 1) / 2,
    )


_CACHE: dict[str, tuple[Pack, PackProfile]] = {}


def profile_for(pack: Pack) -> PackProfile:
    """The profile of ``pack``, cached by ``id@version`` (checked against the content)."""
    hit = _CACHE.get(pack.key)
    if hit is not None and (hit[0] is pack or hit[0] == pack):
        return hit[1]
    profile = build_profile(pack)
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[pack.key] = (pack, profile)
    return profile
