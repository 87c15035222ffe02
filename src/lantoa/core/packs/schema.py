"""The typed schema of a content pack (schema version 1).

A pack is the official content of a campaign as data: a title, the documents it
comes from, and a numbered list of points, each comparing two sides (for the
built-in pack, information technology against digital transformation) in a full
and a short form, in Vietnamese and English. Everything else — flashcards,
quizzes, verification — is derived from it, so it is validated strictly: unknown
keys, empty strings and text not in NFC are errors, never guesses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from lantoa.core.text import is_nfc

SCHEMA_VERSION = 1
Lang = Literal["vi", "en"]


def _clean(value: str) -> str:
    if not value.strip():
        raise ValueError("trống / empty")
    if not is_nfc(value):
        raise ValueError("không ở dạng NFC / text is not in NFC")
    return value


Text = Annotated[str, AfterValidator(_clean)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Localized(_Model):
    """The same text in Vietnamese and English."""

    vi: Text
    en: Text

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.vi


class LocalizedList(_Model):
    vi: Annotated[list[Text], Field(min_length=1)]
    en: Annotated[list[Text], Field(min_length=1)]

    def get(self, lang: str) -> list[str]:
        return self.en if lang.startswith("en") else self.vi


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


class Point(_Model):
    number: Annotated[int, Field(ge=1)]
    title: Localized
    it: Side
    dx: Side
    keywords: LocalizedList
    variants: list[Variant] = []


class Source(_Model):
    """A document the content comes from or travelled through."""

    number: Text | None
    kind: Text
    issuer: Text
    date: dt.date | None
    title: Text
    seed: Text | None = None
    url: Text | None = None


class Sides(_Model):
    it: Localized
    dx: Localized


_PACK_ID = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


class Pack(_Model):
    schema_version: Annotated[Literal[1], Field(alias="schema")]
    id: Annotated[str, Field(pattern=_PACK_ID.pattern)]
    version: Text
    language: Literal["vi"]
    count: Annotated[int, Field(ge=1, le=200)]
    title: Localized
    summary: Localized
    sides: Sides
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
        return self

    def point(self, number: int) -> Point:
        for p in self.points:
            if p.number == number:
                return p
        raise KeyError(number)

    @property
    def key(self) -> str:
        """A stable identifier of this exact content: ``<id>@<version>``."""
        return f"{self.id}@{self.version}"
