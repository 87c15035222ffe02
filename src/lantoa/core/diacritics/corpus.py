"""The text the model learns from: Vietnamese the project ships, well marked.

The built-in pack (every Vietnamese field), the names of Vietnam's administrative units
(from the dataset the project ships), the glossary (docs/glossary.md) and the clean seed
dispatches 000–003, copied into the package by ``tools/train_diacritics.py``. Seed 004,
the OCR-damaged one, is what the model is for, so it is never trained on.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from lantoa.core.packs import builtin_pack


def pack_texts() -> Iterator[str]:
    pack = builtin_pack("cds17")
    yield pack.title.vi + ". " + pack.summary.vi
    for point in pack.points:
        yield ". ".join(
            [
                point.title.vi,
                point.it.full.vi,
                point.dx.full.vi,
                point.it.short.vi,
                point.dx.short.vi,
                ", ".join(point.keywords.vi),
            ]
        )


def place_names() -> Iterator[str]:
    """Names of Vietnam's administrative units, current and legacy (the dataset we ship)."""
    from lantoa.core.adminunits import current_units, legacy_units

    for unit in current_units():
        yield unit.name
    for unit in legacy_units():
        yield unit.name


def documents() -> dict[str, str]:
    """Named training documents (named so evaluation can hold one out)."""
    docs = {"pack": "\n".join(pack_texts()), "places": "\n".join(place_names())}
    seeds = resources.files("lantoa.core.diacritics").joinpath("data/corpus")
    for entry in sorted(seeds.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            docs[entry.name] = entry.read_text(encoding="utf-8")
    return docs
