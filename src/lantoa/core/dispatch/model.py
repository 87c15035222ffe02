"""The data a dispatch (công văn) turns into.

Every extracted field keeps the character span it came from in the parsed text,
so the web page can highlight the source of each field and a clerk can check it.
Spans are ``(start, end)`` offsets into :attr:`Dispatch.text` (the NFC input).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

Span = tuple[int, int]

# Document kinds (Decree 30/2020 names the types; "article" is a web page, not a dispatch).
KINDS = (
    "cong_van",
    "ke_hoach",
    "quyet_dinh",
    "thong_bao",
    "nghi_dinh",
    "nghi_quyet",
    "thong_tu",
    "chi_thi",
    "cong_dien",
    "article",
    "unknown",
)


@dataclass(frozen=True, slots=True)
class Reference:
    """A document the dispatch cites ("Căn cứ Công văn số …", "nhận được văn bản số …")."""

    kind: str | None
    number: str | None
    symbol: str
    date: str | None
    issuer: str | None
    subject: str | None
    span: Span
    year: str | None = None  # normative documents: 13/2023/NĐ-CP

    @property
    def code(self) -> str:
        if self.year:
            return f"{self.number or ''}/{self.year}/{self.symbol}"
        joiner = "-" if "/" in self.symbol else "/"  # 09-NQ/TU, but 244/CĐSQG-CSS
        return f"{self.number or ''}{joiner}{self.symbol}"


@dataclass(frozen=True, slots=True)
class Task:
    """One numbered item of the dispatch (or one "yêu cầu …" sentence when none are numbered)."""

    number: str | None
    assignees: tuple[str, ...]
    actions: tuple[str, ...]
    deadline: str | None
    report_to: str | None
    span: Span
    deadline_span: Span | None = None

    @property
    def action(self) -> str:
        return " ".join(self.actions)


@dataclass(frozen=True, slots=True)
class Signer:
    name: str | None
    titles: tuple[str, ...]
    name_span: Span | None = None
    title_spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Appendix:
    label: str | None
    title: str | None
    text: str
    span: Span


@dataclass(slots=True)
class Dispatch:
    """A parsed dispatch. :func:`dispatch_to_data` gives its stable JSON shape."""

    text: str
    kind: str = "unknown"
    issuer: str | None = None
    issuer_parent: str | None = None
    issuer_source: str | None = None  # "letterhead" | "symbol" | None
    number: str | None = None
    year: str | None = None  # normative documents: 13/2023/NĐ-CP
    symbol: str | None = None
    place: str | None = None
    place_written: str | None = None  # as written, when ``place`` was restored ("Cam Pha")
    date: str | None = None
    date_parts: tuple[int | None, int | None, int | None] = (None, None, None)
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    signer: Signer = field(default_factory=lambda: Signer(None, ()))
    cc: list[str] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    quoted: Reference | None = None  # the dispatch a news article reports on
    diacritics: str = "full"  # "full" | "poor" (an English-model OCR lost them)
    warnings: list[str] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)

    @property
    def code(self) -> str | None:
        """Number and symbol as written on the dispatch: ``488/STTTT-CNTT``, ``/UBND-KGVX``."""
        if self.symbol is None:
            return None
        year = f"{self.year}/" if self.year else ""
        return f"{self.number or ''}/{year}{self.symbol}"


def _reference(r: Reference) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "number": r.number,
        "year": r.year,
        "symbol": r.symbol,
        "code": r.code,
        "date": r.date,
        "issuer": r.issuer,
        "subject": r.subject,
    }


def dispatch_to_data(d: Dispatch, *, with_text: bool = False) -> dict[str, Any]:
    """The stable JSON shape (schema 1) documented in docs/ingest.md."""
    day, month, year = d.date_parts
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "kind": d.kind,
        "issuer": d.issuer,
        "issuer_parent": d.issuer_parent,
        "issuer_source": d.issuer_source,
        "number": d.number,
        "year": d.year,
        "symbol": d.symbol,
        "code": d.code,
        "place": d.place,
        "place_written": d.place_written,
        "date": d.date,
        "date_parts": {"day": day, "month": month, "year": year},
        "subject": d.subject,
        "recipients": list(d.recipients),
        "references": [_reference(r) for r in d.references],
        "quoted": _reference(d.quoted) if d.quoted else None,
        "tasks": [
            {
                "number": t.number,
                "assignees": list(t.assignees),
                "action": t.action,
                "actions": list(t.actions),
                "deadline": t.deadline,
                "report_to": t.report_to,
            }
            for t in d.tasks
        ],
        "signer": {"name": d.signer.name, "titles": list(d.signer.titles)},
        "cc": list(d.cc),
        "appendices": [{"label": a.label, "title": a.title, "text": a.text} for a in d.appendices],
        "diacritics": d.diacritics,
        "warnings": list(d.warnings),
        "spans": {key: [s, e] for key, (s, e) in sorted(d.spans.items())},
    }
    if with_text:
        data["text"] = d.text
    return data
