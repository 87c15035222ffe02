"""What a point shows on a card, for every kind of pack: the one place that knows the kinds.

Every product made from a pack — flashcards, the infographic, slides, the Anki deck, the web
page, captions, the radio script, the study page, verify — asks :func:`point_faces` for a
point's faces instead of reading a kind's fields: the *front* (a label such as "Điểm 3" or
"Câu hỏi 3", and the title: the shift, the message or the question) and the *back*, a list
of labelled sections, each in a full and a short form:

- ``comparison``: two sections, the pack's two sides (``it``, then ``dx``);
- ``key_points``: one section, the official text, with its short form;
- ``qa``: one section, the answer, with its short form.

A section's ``key`` names where it comes from (``it``, ``dx``, ``text``) for styling and for
verify; ``emphasis`` marks the section a product should stress (the new way, the message,
the answer).
"""

from __future__ import annotations

from dataclasses import dataclass

from lantoa.core.packs.schema import Pack, Point

_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "comparison": "Điểm",
        "key_points": "Điểm",
        "qa": "Câu hỏi",
        "text": "Nội dung",
        "answer": "Trả lời",
        "short": "Tóm tắt",
    },
    "en": {
        "comparison": "Point",
        "key_points": "Point",
        "qa": "Question",
        "text": "Message",
        "answer": "Answer",
        "short": "In short",
    },
}


def _lang(lang: str) -> str:
    return "en" if lang.startswith("en") else "vi"


def label(word: str, lang: str = "vi") -> str:
    """A fixed label of the card faces ("Điểm", "Câu hỏi", "Trả lời"…) in ``lang``."""
    return _LABELS[_lang(lang)][word]


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # "it" | "dx" | "text"
    label: str
    full: str
    short: str
    emphasis: bool


@dataclass(frozen=True, slots=True)
class CardFaces:
    kind: str
    number: int
    id: str
    label: str  # "Điểm 3", "Câu hỏi 3"
    title: str  # the front: the shift, the message's title, the question
    back: tuple[Section, ...]
    keywords: tuple[str, ...]

    @property
    def main(self) -> Section:
        """The section to stress (the new way, the message, the answer)."""
        return next((s for s in self.back if s.emphasis), self.back[-1])


def pack_sections(pack: Pack, lang: str = "vi") -> list[tuple[str, str]]:
    """The (key, label) of the sections every point of ``pack`` has, in order (for legends,
    table headers and column names)."""
    if pack.kind == "comparison":
        return [("it", pack.sides.it.get(lang)), ("dx", pack.sides.dx.get(lang))]
    return [("text", label("answer" if pack.kind == "qa" else "text", lang))]


def point_faces(pack: Pack, point: Point, lang: str = "vi") -> CardFaces:
    """The card faces of ``point`` of ``pack`` in ``lang`` (English falls back to Vietnamese
    where the pack has no English text)."""
    back: tuple[Section, ...]
    if pack.kind == "comparison":
        back = (
            Section(
                "it",
                pack.sides.it.get(lang),
                point.it.full.get(lang),
                point.it.short.get(lang),
                False,
            ),
            Section(
                "dx",
                pack.sides.dx.get(lang),
                point.dx.full.get(lang),
                point.dx.short.get(lang),
                True,
            ),
        )
    else:
        name = label("answer" if pack.kind == "qa" else "text", lang)
        back = (Section("text", name, point.body.get(lang), point.brief.get(lang), True),)
    return CardFaces(
        kind=pack.kind,
        number=point.number,
        id=point.id,
        label=f"{label(pack.kind, lang)} {point.number}",
        title=point.title.get(lang),
        back=back,
        keywords=tuple(point.keywords.get(lang)),
    )


def pack_faces(pack: Pack, lang: str = "vi") -> list[CardFaces]:
    """Every point's faces, in point order."""
    return [point_faces(pack, p, lang) for p in sorted(pack.points, key=lambda p: p.number)]


def point_texts(pack: Pack, point: Point, lang: str = "vi") -> dict[str, str]:
    """The point's texts by field path (``title``, ``it.full``, ``text.short``…), for
    verification and search."""
    faces = point_faces(pack, point, lang)
    out = {"title": faces.title}
    for s in faces.back:
        out[f"{s.key}.full"] = s.full
        out[f"{s.key}.short"] = s.short
    return out
