"""The typed schema of a content pack (schema version 2).

A pack is the official content of a campaign as data: a title, the documents it
comes from, and a numbered list of points. Its *kind* says what a point is:

- ``comparison``: each point compares two sides (for the built-in ``cds17``, information
  technology against digital transformation), each side in a full and a short form;
- ``key_points``: each point is a message — a title, the official text, a short form;
- ``qa``: each point is a question (its title) with its answer (its text) and a short form.

Vietnamese is required everywhere, English is optional (a missing English text falls back
to the Vietnamese one). Every point carries a stable ``id`` that survives renumbering and
new versions. Everything else — flashcards, quizzes, verification — is derived from it, so
it is validated strictly: unknown keys, empty strings and text not in NFC are errors, never
guesses. Schema 1 files (comparison only, no ids) are migrated on load
(:mod:`lantoa.core.packs.migrate`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from lantoa.core.text import is_nfc

SCHEMA_VERSION = 2
Lang = Literal["vi", "en"]
Kind = Literal["comparison", "key_points", "qa"]
KINDS: tuple[Kind, ...] = ("comparison", "key_points", "qa")


# Markup in a point would reach web pages, Anki cards and captions: refused, not escaped
# away, so that what is published is what the author saw.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript:", re.IGNORECASE)


def _clean(value: str) -> str:
    if not value.strip():
        raise ValueError("trống / empty")
    if not is_nfc(value):
        raise ValueError("không ở dạng NFC / text is not in NFC")
    if MARKUP.search(value):
        raise ValueError("chứa thẻ HTML hoặc mã lệnh / contains an HTML tag or script")
    return value


Text = Annotated[str, AfterValidator(_clean)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Localized(_Model):
    """The same text in Vietnamese and (optionally) English."""

    vi: Text
    en: Text | None = None

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") and self.en else self.vi


class LocalizedList(_Model):
    """Keywords: optional since schema 2 (a quiz asks no keyword question without them)."""

    vi: list[Text] = []
    en: list[Text] = []

    def get(self, lang: str) -> list[str]:
        return self.en if lang.startswith("en") and self.en else self.vi


class Side(_Model):
    """One side of a point: the full official text and a short form for posters."""

    full: Localized
    short: Localized


class Variant(_Model):
    """A known variant of the official text seen in a circulated copy (a typo, a split)."""

    source: Text
    field: Text
    text: Text
    official: Text
    note: Text


POINT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class KindError(ValueError):
    """A point read for a field its pack's kind does not have."""


class Point(_Model):
    """One point. ``title`` is the heading (for ``qa``, the question); a comparison point has
    the sides ``it`` and ``dx``, the other kinds ``text`` (for ``qa``, the answer) and
    ``short``."""

    number: Annotated[int, Field(ge=1)]
    id: Annotated[str, Field(pattern=POINT_ID.pattern)]
    title: Localized
    it_: Annotated[Side | None, Field(alias="it")] = None
    dx_: Annotated[Side | None, Field(alias="dx")] = None
    text: Localized | None = None
    short: Localized | None = None
    keywords: LocalizedList = LocalizedList()
    variants: list[Variant] = []

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # Typed accessors for the kind-specific fields: code written for one kind reads them
    # without a None check and fails loudly on a point of another kind. Code meant for every
    # kind reads a point through lantoa.core.packs.faces instead.
    @property
    def it(self) -> Side:
        if self.it_ is None:
            raise KindError(f"point {self.number} has no 'it' side (not a comparison point)")
        return self.it_

    @property
    def dx(self) -> Side:
        if self.dx_ is None:
            raise KindError(f"point {self.number} has no 'dx' side (not a comparison point)")
        return self.dx_

    @property
    def body(self) -> Localized:
        """The official text (``qa``: the answer) of a key point or a question."""
        if self.text is None:
            raise KindError(f"point {self.number} has no 'text'")
        return self.text

    @property
    def brief(self) -> Localized:
        if self.short is None:
            raise KindError(f"point {self.number} has no 'short'")
        return self.short


class Source(_Model):
    """A document the content comes from or travelled through."""

    number: Text | None = None
    kind: Text
    issuer: Text
    date: dt.date | None = None
    title: Text
    seed: Text | None = None
    url: Text | None = None


class Sides(_Model):
    it: Localized
    dx: Localized


_PACK_ID = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


# The fields each kind's points must have, and those they must not.
KIND_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "comparison": (("it", "dx"), ("text", "short")),
    "key_points": (("text", "short"), ("it", "dx")),
    "qa": (("text", "short"), ("it", "dx")),
}
MAX_POINTS = 200


class Pack(_Model):
    schema_version: Annotated[Literal[2], Field(alias="schema")]
    id: Annotated[str, Field(pattern=_PACK_ID.pattern)]
    kind: Kind
    version: Text
    language: Literal["vi"]
    count: Annotated[int, Field(ge=1, le=MAX_POINTS)]
    title: Localized
    summary: Localized
    sides_: Annotated[Sides | None, Field(alias="sides")] = None
    sources: list[Source]
    points: list[Point]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _points_are_numbered_one_to_count(self) -> Pack:
        # Problems are reported by the loader with line numbers; this is the last
        # guard for packs built in code.
        numbers = [p.number for p in self.points]
        if sorted(numbers) != list(range(1, self.count + 1)):
            raise ValueError(
                f"điểm phải đánh số 1..{self.count} / points must be numbered 1..{self.count}"
            )
        if len({p.id for p in self.points}) != len(self.points):
            raise ValueError("mã điểm bị trùng / duplicate point id")
        if (self.kind == "comparison") != (self.sides_ is not None):
            raise ValueError("chỉ gói so sánh có 'sides' / only a comparison pack has 'sides'")
        need, forbid = KIND_FIELDS[self.kind]
        for p in self.points:
            data = p.model_dump(by_alias=True)
            if any(data[f] is None for f in need) or any(data[f] is not None for f in forbid):
                raise ValueError(
                    f"điểm {p.number} không đúng loại '{self.kind}' / "
                    f"point {p.number} does not fit kind '{self.kind}'"
                )
        return self

    @property
    def sides(self) -> Sides:
        """The two sides' names (comparison packs only)."""
        if self.sides_ is None:
            raise KindError(f"pack {self.id} is of kind {self.kind}, it has no sides")
        return self.sides_

    def point_by_id(self, point_id: str) -> Point:
        for p in self.points:
            if p.id == point_id:
                return p
        raise KeyError(point_id)

    def point(self, number: int) -> Point:
        for p in self.points:
            if p.number == number:
                return p
        raise KeyError(number)

    @property
    def key(self) -> str:
        """A stable identifier of this exact content: ``<id>@<version>``."""
        return f"{self.id}@{self.version}"
