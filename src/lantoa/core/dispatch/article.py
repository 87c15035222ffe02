"""A web page or news item rather than a dispatch: its title, its date, and the dispatch
it reports on ("… ban hành Công văn số 244/CĐSQG-CSS về việc …")."""

from __future__ import annotations

import re
from dataclasses import replace

from lantoa.core.dispatch import patterns as p
from lantoa.core.dispatch.dates import iso_date as _iso
from lantoa.core.dispatch.dates import to_int as _int
from lantoa.core.dispatch.layout import clean, lines_of
from lantoa.core.dispatch.model import Dispatch, Reference, Span

_HEADER_WINDOW = 2500
_DATE_ANY_SEPARATOR = re.compile(r"(?<![\d.\-/])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?!\d)")
_QUOTING_KINDS = {"cong_van", "van_ban", "thong_bao", "ke_hoach", "quyet_dinh", "chi_thi"}


def _quoting_score(ref: Reference) -> int:
    return 2 * (ref.subject is not None) + (ref.date is not None) + (ref.kind in _QUOTING_KINDS)


class ArticleReader:
    """Mixed into the parser: reads a page that is not a dispatch."""

    text: str
    ft: str
    d: Dispatch

    def span(self, key: str, start: int, end: int) -> Span:  # pragma: no cover - parser's
        raise NotImplementedError

    def references(
        self, start: int, end: int, *, sentence: bool = False
    ) -> None:  # pragma: no cover
        raise NotImplementedError

    def article(self) -> None:
        """A web page (seed 003): title, date; chrome lines were dropped by the layout."""
        d = self.d
        lines = lines_of(self.text)
        if not lines:
            return
        d.kind = "article"
        for i, line in enumerate(lines[:15]):
            if len(line.text.split()) >= 5:
                end, title = line.end, line.text
                for nxt in lines[i + 1 : i + 4]:  # a wrapped title goes on without a blank line
                    if (
                        self.text[end : nxt.start].count("\n") != 1
                        or len(title) > 150
                        or p.ARTICLE_DATE.match(nxt.folded)
                    ):
                        break
                    end, title = nxt.end, f"{title} {nxt.text}"
                d.subject = clean(title)
                self.span("subject", line.start, end)
                break
        self.quoted()
        m = p.ARTICLE_DATE.search(self.ft, 0, min(len(self.ft), _HEADER_WINDOW))
        dm = p.DATE_NUMERIC.match(self.ft, m.end()) if m else None
        if dm:
            day, month, year = int(dm.group(1)), int(dm.group(2)), int(dm.group(3))
            d.date_parts = (day, month, year)
            d.date = _iso(day, month, year)
            self.span("date", dm.start(), dm.end())
        if d.quoted is None and d.date is None:
            # Neither a dispatch nor a dated article: a title would be invented.
            d.kind, d.subject = "unknown", None
            d.spans.pop("subject", None)

    def quoted(self) -> None:
        """The dispatch a news article reports on ("… ban hành Công văn số …/BTTTT-… về việc …").

        An article's references are read over its whole text; the one the article is
        about has the most of: a subject ("về việc …"), a date (after its number or at the
        head of its sentence: "Ngày 11/8/2020, … ký ban hành văn bản số …"), and a kind
        that is a dispatch rather than a law.
        """
        d = self.d
        for key in [k for k in d.spans if k.startswith("references[")]:
            del d.spans[key]
        d.references = []
        self.references(0, len(self.text), sentence=True)
        best: Reference | None = None
        for ref in d.references:
            if ref.date is None:
                ref = replace(ref, date=self._date_before(ref.span[0]))
            if best is None or _quoting_score(ref) > _quoting_score(best):
                best = ref
        if best is not None and _quoting_score(best) >= 2:
            d.quoted = best
            self.span("quoted", *best.span)

    def _date_before(self, pos: int) -> str | None:
        start = max(0, pos - 300)
        window = self.ft[start:pos]
        cut = max(window.rfind(". "), window.rfind("\n"))
        window = window[cut + 1 :]
        found: str | None = None
        for m in _DATE_ANY_SEPARATOR.finditer(window):  # 11/8/2020, 30-9-2022, 30.9.2022
            found = _iso(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        for m in p.DATE_WORDS.finditer(window):
            found = _iso(_int(m.group(1)), _int(m.group(2)), _int(m.group(3)))
        return found
