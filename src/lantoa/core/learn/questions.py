"""Quiz questions generated from a pack's points, in kinds that fit the pack's kind.

A comparison pack (``cds17``) has three:

- ``side``: a statement (one side's short form) — does it describe information technology
  or digital transformation?
- ``shift``: a statement (one side's short form) — which of four shifts (titles) is it from?
- ``match``: a shift's title — which of four descriptions is its digital-transformation side?

A key-points or Q&A pack has three others, read through the card faces
(:func:`lantoa.core.packs.faces.point_faces`):

- ``which``: a short form — which of four messages (titles; for Q&A, questions) is it?
- ``answer``: a title (a question) — which of four short forms is its message (its answer)?
- ``keyword``: a title — which of four keywords belongs to it?

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
from lantoa.core.packs.faces import point_faces
from lantoa.core.text import fold_key

Kind = Literal["side", "shift", "match", "which", "answer", "keyword"]
KINDS: tuple[Kind, ...] = ("side", "shift", "match")
POINT_KINDS: tuple[Kind, ...] = ("which", "answer", "keyword")
PASS_MARK = 8
QUIZ_SIZE = 10
CHOICES = 4

_PROMPTS: dict[str, dict[Kind, str]] = {
    "vi": {
        "side": "Nhận định sau nói về bên nào?",
        "shift": "Nhận định sau thuộc sự chuyển dịch nào?",
        "match": "Trong sự chuyển dịch sau, chuyển đổi số là gì?",
        "which": "Nội dung sau thuộc điểm nào?",
        "answer": "Nội dung nào đúng với điểm sau?",
        "keyword": "Từ khóa nào thuộc điểm sau?",
    },
    "en": {
        "side": "Which side does this statement describe?",
        "shift": "Which shift does this statement belong to?",
        "match": "In this shift, what is digital transformation?",
        "which": "Which point does this say?",
        "answer": "Which text belongs to this point?",
        "keyword": "Which keyword belongs to this point?",
    },
}
# Q&A packs ask about questions and answers.
_QA_PROMPTS: dict[str, dict[str, str]] = {
    "vi": {
        "which": "Câu trả lời sau dành cho câu hỏi nào?",
        "answer": "Đâu là câu trả lời đúng?",
        "keyword": "Từ khóa nào thuộc câu hỏi sau?",
    },
    "en": {
        "which": "Which question does this answer?",
        "answer": "Which is the right answer?",
        "keyword": "Which keyword belongs to this question?",
    },
}


def kinds_for(pack: Pack) -> tuple[Kind, ...]:
    """The question kinds that fit ``pack``'s kind."""
    return KINDS if pack.kind == "comparison" else POINT_KINDS


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
    if pack.kind != "comparison":
        faces = point_faces(pack, point, lang)
        return f"{faces.label} — {faces.title} {faces.main.full}"
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
    if key == "short":
        return point.brief.get(lang)
    if key == "keyword":
        # The first keyword the title does not already say (else it gives itself away).
        title = fold_key(point.title.get(lang))
        words = point.keywords.get(lang)
        return next((k for k in words if fold_key(k) not in title), words[0] if words else "")
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
    if pack.kind != "comparison":
        if len(parts) != 2 or kind not in POINT_KINDS:
            raise KeyError(qid)
        return _point_question(pack, qid, kind, point, rng, lang)
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


def _point_question(
    pack: Pack, qid: str, kind: str, point: Point, rng: random.Random, lang: str
) -> Question:
    """A question on a key point or a Q&A point (kinds ``which``, ``answer``, ``keyword``)."""
    prompts: dict[str, str] = {k: v for k, v in _PROMPTS[lang].items()}
    if pack.kind == "qa":
        prompts.update(_QA_PROMPTS[lang])
    explanation = _explain(pack, point, "text", lang)
    if kind == "which":
        statement = _text(point, "short", lang)
        folded = fold_key(statement)
        if sum(fold_key(_text(p, "short", lang)) == folded for p in pack.points) != 1:
            raise AmbiguousQuestionError(qid)
        others = _pick_others(pack, point, rng, "title")
        return _multiple(pack, qid, "which", point, prompts["which"], statement, others, "title",
                         explanation, rng, lang)  # fmt: skip
    if kind == "answer":
        others = _pick_others(pack, point, rng, "short")
        return _multiple(pack, qid, "answer", point, prompts["answer"], point.title.get(lang),
                         others, "short", explanation, rng, lang)  # fmt: skip
    # keyword: the point's first keyword against other points' first keywords; a keyword
    # that is also one of the point's own (or a distractor that is one of them) is ambiguous.
    own = {fold_key(k) for k in point.keywords.get(lang)}
    mine = fold_key(_text(point, "keyword", lang))
    if not mine or mine in fold_key(point.title.get(lang)):
        raise AmbiguousQuestionError(qid)  # every keyword is in the title: it answers itself
    others = [
        o
        for o in _pick_others(pack, point, rng, "keyword")
        if _text(o, "keyword", lang)
        and fold_key(_text(o, "keyword", lang)) not in own
        and mine not in {fold_key(k) for k in o.keywords.get(lang)}
    ]
    if len(others) < CHOICES - 1:
        raise AmbiguousQuestionError(qid)
    return _multiple(pack, qid, "keyword", point, prompts["keyword"], point.title.get(lang),
                     others, "keyword", explanation, rng, lang)  # fmt: skip


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
    if pack.kind != "comparison":
        return [f"{k}-{p.number}" for p in pack.points for k in POINT_KINDS]
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

    The same seed gives the same quiz. Kinds rotate (side → shift → match, or which → answer
    → keyword) from a random start, so a ten-question quiz has three or four of each.
    """
    rng = random.Random(seed)
    numbers = [p.number for p in pack.points]
    rng.shuffle(numbers)
    picked: list[int] = []
    while len(picked) < n and numbers:
        picked += numbers[: n - len(picked)]
    kinds = kinds_for(pack)
    start = rng.randrange(len(kinds))
    out: list[Question] = []
    for i, number in enumerate(picked):
        kind = kinds[(start + i) % len(kinds)]
        if pack.kind == "comparison":
            candidates = {
                "side": [f"side-{number}-{rng.choice(('it', 'dx'))}"],
                "shift": [f"shift-{number}-{rng.choice(('it', 'dx'))}"],
                "match": [f"match-{number}"],
            }
        else:
            candidates = {k: [f"{k}-{number}"] for k in POINT_KINDS}
        tries = candidates[kind] + [c for k in kinds if k != kind for c in candidates[k]]
        for qid in tries:
            if any(q.id == qid for q in out):
                continue
            try:
                out.append(question_get(pack, qid, lang=lang))
                break
            except AmbiguousQuestionError:
                continue
    return out
