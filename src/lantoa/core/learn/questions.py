"""Quiz questions generated from a pack's points, in three kinds.

- ``side``: a statement (one side's short form) — does it describe information technology
  or digital transformation?
- ``shift``: a statement (one side's short form) — which of four shifts (titles) is it from?
- ``match``: a shift's title — which of four descriptions is its digital-transformation side?

A question's id (``side-3-dx``, ``shift-5-it``, ``match-7``) names everything needed to
rebuild it, in any language: distractors and the order of choices are drawn from a random
generator seeded by the pack and the id, so the same id always gives the same question and
the right answer's index can be checked on the server without storing the question.

Every generated question is checked to be unambiguous: its choices are pairwise distinct
once folded (case, marks and spacing ignored), and the statement is not also the text of
another choice's answer (for ``shift``, the statement must belong to exactly one point). A
``side`` statement that opens with a side's name ("CNTT là CNTT") would answer itself, so it
is not asked.
"""

from __future__ import annotations

import hashlib
import random
import weakref
from dataclasses import dataclass
from typing import Literal

from lantoa.core.packs import Pack, Point
from lantoa.core.text import fold_key

Kind = Literal["side", "shift", "match"]
KINDS: tuple[Kind, ...] = ("side", "shift", "match")
PASS_MARK = 8
QUIZ_SIZE = 10
CHOICES = 4

_PROMPTS: dict[str, dict[Kind, str]] = {
    "vi": {
        "side": "Nhận định sau nói về bên nào?",
        "shift": "Nhận định sau thuộc sự chuyển dịch nào?",
        "match": "Trong sự chuyển dịch sau, chuyển đổi số là gì?",
    },
    "en": {
        "side": "Which side does this statement describe?",
        "shift": "Which shift does this statement belong to?",
        "match": "In this shift, what is digital transformation?",
    },
}


class AmbiguousQuestionError(ValueError):
    """A question could not be built with exactly one right answer."""


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    point: int
    prompt: str
    statement: str
    choices: tuple[str, ...]
    answer: int
    explanation: str

    def correct(self, choice: int) -> bool:
        return choice == self.answer


def _lang(lang: str) -> str:
    return lang if lang in _PROMPTS else "vi"


def _rng(pack: Pack, qid: str) -> random.Random:
    digest = hashlib.sha256(f"{pack.id}|{qid}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _side_text(point: Point, side: str, lang: str, *, full: bool = False) -> str:
    s = point.it if side == "it" else point.dx
    return (s.full if full else s.short).get(lang)


def _explain(pack: Pack, point: Point, side: str, lang: str) -> str:
    name = (pack.sides.it if side == "it" else pack.sides.dx).get(lang)
    label = "Điểm" if lang == "vi" else "Point"
    full = _side_text(point, side, lang, full=True)
    return f"{label} {point.number} — {point.title.get(lang)}. {name}: {full}"


def _side_names(pack: Pack) -> list[str]:
    """The sides' names and their initials, folded ("cong nghe thong tin", "cntt", "cds")."""
    out: list[str] = []
    for name in (pack.sides.it.vi, pack.sides.dx.vi):
        out.append(fold_key(name))
        out.append(fold_key("".join(word[0] for word in name.split())))
    return out


def _names_a_side(pack: Pack, point: Point, side: str) -> bool:
    """Does the statement open with a side's name ("CNTT là CNTT", "Chuyển đổi số là …")?
    Then it gives away which side it describes. Judged on the pack's Vietnamese text, so the
    same questions exist in every language."""
    statement = fold_key(_side_text(point, side, "vi"))
    return any(statement == name or statement.startswith(name + " ") for name in _side_names(pack))


def _distinct(choices: list[str]) -> bool:
    folded = [fold_key(c) for c in choices]
    return len(set(folded)) == len(folded)


def _pick_others(pack: Pack, point: Point, rng: random.Random, key: str) -> list[Point]:
    """Three other points whose ``key`` text differs (folded) from the point's and each other's."""
    others = [p for p in pack.points if p.number != point.number]
    rng.shuffle(others)
    chosen: list[Point] = []
    seen = {fold_key(_text(point, key, "vi"))}
    for other in others:
        folded = fold_key(_text(other, key, "vi"))
        if folded not in seen:
            seen.add(folded)
            chosen.append(other)
        if len(chosen) == CHOICES - 1:
            break
    return chosen


def _text(point: Point, key: str, lang: str) -> str:
    if key == "title":
        return point.title.get(lang)
    return _side_text(point, key, lang)


# Questions built from a pack object are kept with it (packs are immutable, and the site
# parses each stored version once per process): building one folds every side of every
# point for the ambiguity checks, a few milliseconds that a quiz page would pay ten times.
_Built = dict[tuple[str, str], "Question | AmbiguousQuestionError"]
_built: dict[int, tuple[weakref.ref[Pack], _Built]] = {}
_BUILT_MAX = 2_000  # per pack; ids are bounded by the pack's points, but guard anyway


def _cache_for(pack: Pack) -> _Built:
    key = id(pack)
    entry = _built.get(key)
    if entry is None or entry[0]() is not pack:
        entry = (weakref.ref(pack, lambda _ref: _built.pop(key, None)), {})
        _built[key] = entry
    return entry[1]


def question_get(pack: Pack, qid: str, *, lang: str = "vi") -> Question:
    """Rebuild the question ``qid`` of ``pack``; ``KeyError`` if the id names nothing."""
    lang = _lang(lang)
    cache = _cache_for(pack)
    found = cache.get((qid, lang))
    if found is None:
        try:
            found = _question_build(pack, qid, lang)
        except AmbiguousQuestionError as exc:
            found = exc
        if len(cache) < _BUILT_MAX:
            cache[(qid, lang)] = found
    if isinstance(found, AmbiguousQuestionError):
        raise found
    return found


def _question_build(pack: Pack, qid: str, lang: str) -> Question:
    parts = qid.split("-")
    try:
        kind = parts[0]
        point = pack.point(int(parts[1]))
    except (IndexError, ValueError, KeyError, LookupError):
        raise KeyError(qid) from None
    rng = _rng(pack, qid)
    prompt = _PROMPTS[lang]
    if kind == "side" and len(parts) == 3 and parts[2] in ("it", "dx"):
        side = parts[2]
        statement = _side_text(point, side, lang)
        other = _side_text(point, "dx" if side == "it" else "it", lang)
        if fold_key(statement) == fold_key(other) or _names_a_side(pack, point, side):
            raise AmbiguousQuestionError(qid)
        choices = (pack.sides.it.get(lang), pack.sides.dx.get(lang))
        return Question(
            qid, "side", point.number, prompt["side"], statement, choices,
            0 if side == "it" else 1, _explain(pack, point, side, lang),
        )  # fmt: skip
    if kind == "shift" and len(parts) == 3 and parts[2] in ("it", "dx"):
        side = parts[2]
        statement = _side_text(point, side, lang)
        folded = fold_key(statement)
        owners = [
            p
            for p in pack.points
            for s in ("it", "dx")
            if fold_key(_side_text(p, s, lang)) == folded
        ]
        if len(owners) != 1:
            raise AmbiguousQuestionError(qid)
        others = _pick_others(pack, point, rng, "title")
        return _multiple(pack, qid, "shift", point, prompt["shift"], statement, others, "title",
                         _explain(pack, point, side, lang), rng, lang)  # fmt: skip
    if kind == "match" and len(parts) == 2:
        others = _pick_others(pack, point, rng, "dx")
        return _multiple(pack, qid, "match", point, prompt["match"], point.title.get(lang), others,
                         "dx", _explain(pack, point, "dx", lang), rng, lang)  # fmt: skip
    raise KeyError(qid)


def _multiple(
    pack: Pack,
    qid: str,
    kind: Kind,
    point: Point,
    prompt: str,
    statement: str,
    others: list[Point],
    key: str,
    explanation: str,
    rng: random.Random,
    lang: str,
) -> Question:
    if not others:
        raise AmbiguousQuestionError(qid)
    choices = [_text(point, key, lang)] + [_text(o, key, lang) for o in others]
    order = list(range(len(choices)))
    rng.shuffle(order)
    shuffled = tuple(choices[i] for i in order)
    if not _distinct(list(shuffled)):
        raise AmbiguousQuestionError(qid)
    return Question(
        qid, kind, point.number, prompt, statement, shuffled, order.index(0), explanation
    )


def question_ids(pack: Pack) -> list[str]:
    """Every question id the pack can produce (all kinds, all points, both sides)."""
    ids: list[str] = []
    for p in pack.points:
        n = p.number
        ids += [f"side-{n}-it", f"side-{n}-dx", f"shift-{n}-it", f"shift-{n}-dx", f"match-{n}"]
    return ids


def questions_all(pack: Pack, *, lang: str = "vi") -> list[Question]:
    """Every unambiguous question of the pack (ambiguous ones are left out)."""
    out: list[Question] = []
    for qid in question_ids(pack):
        try:
            out.append(question_get(pack, qid, lang=lang))
        except AmbiguousQuestionError:
            continue
    return out


def quiz_draw(pack: Pack, *, seed: int, n: int = QUIZ_SIZE, lang: str = "vi") -> list[Question]:
    """``n`` questions for one attempt: distinct points where the pack has enough, kinds mixed.

    The same seed gives the same quiz. Kinds rotate side → shift → match from a random start,
    so a ten-question quiz has three or four of each.
    """
    rng = random.Random(seed)
    numbers = [p.number for p in pack.points]
    rng.shuffle(numbers)
    picked: list[int] = []
    while len(picked) < n and numbers:
        picked += numbers[: n - len(picked)]
    start = rng.randrange(len(KINDS))
    out: list[Question] = []
    for i, number in enumerate(picked):
        kind = KINDS[(start + i) % len(KINDS)]
        candidates = {
            "side": [f"side-{number}-{rng.choice(('it', 'dx'))}"],
            "shift": [f"shift-{number}-{rng.choice(('it', 'dx'))}"],
            "match": [f"match-{number}"],
        }
        tries = candidates[kind] + [c for k in KINDS if k != kind for c in candidates[k]]
        for qid in tries:
            if any(q.id == qid for q in out):
                continue
            try:
                out.append(question_get(pack, qid, lang=lang))
                break
            except AmbiguousQuestionError:
                continue
    return out
