"""What a learner sees of a quiz attempt: opaque question references, the options in a
per-attempt order, each with an opaque id — and the mapping back, on the server only.

A question's stable id (``side-3-dx``) names its right side, and the core builds its choices
in one order for every attempt, so neither may reach the browser. Each attempt has a secret
``seed`` (never shown); from it and the site's secret key come, per question, a reference
(``q`` + 12 hex digits), an order of the options and an id per option (12 hex digits). A
page, its hidden fields and the replies carry only those; the right option's id is named
in a reply only after the answer has been recorded, and a new attempt shuffles and renames
everything again. Grading (``resolve`` then ``services.quiz_answer``) happens only here.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass

from django.conf import settings

from lantoa.core.learn import question_get
from lantoa.core.packs import Pack
from lantoa.learning.models import QuizAttempt


class UnknownQuestionError(LookupError):
    """The reference names no question of this attempt."""


class UnknownOptionError(LookupError):
    """The option id names no option of that question in this attempt."""


def _mac(attempt: QuizAttempt, *parts: str) -> str:
    message = ":".join((str(attempt.pk), str(attempt.seed), *parts)).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def question_ref(attempt: QuizAttempt, qid: str) -> str:
    return "q" + _mac(attempt, "question", qid)[:12]


def option_id(attempt: QuizAttempt, qid: str, index: int) -> str:
    return _mac(attempt, "option", qid, str(index))[:12]


def option_order(attempt: QuizAttempt, qid: str, n: int) -> list[int]:
    order = list(range(n))
    random.Random(int(_mac(attempt, "order", qid)[:16], 16)).shuffle(order)
    return order


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class ShownQuestion:
    ref: str
    n: int
    prompt: str
    statement: str
    options: tuple[Option, ...]


def attempt_questions(attempt: QuizAttempt, pack: Pack, *, lang: str) -> list[ShownQuestion]:
    """The attempt's questions as the learner sees them (no answer, no stable id)."""
    out = []
    for n, qid in enumerate(attempt.question_ids, start=1):
        q = question_get(pack, qid, lang=lang)
        options = tuple(
            Option(option_id(attempt, qid, i), q.choices[i])
            for i in option_order(attempt, qid, len(q.choices))
        )
        out.append(ShownQuestion(question_ref(attempt, qid), n, q.prompt, q.statement, options))
    return out


def shown_json(question: ShownQuestion) -> dict[str, object]:
    return {
        "ref": question.ref,
        "n": question.n,
        "prompt": question.prompt,
        "statement": question.statement,
        "options": [{"id": o.id, "text": o.text} for o in question.options],
    }


def resolve(attempt: QuizAttempt, pack: Pack, *, ref: str, option: str) -> tuple[str, int]:
    """The stable question id and the choice's index that ``ref`` and ``option`` stand for."""
    for qid in attempt.question_ids:
        if hmac.compare_digest(question_ref(attempt, qid), ref):
            break
    else:
        raise UnknownQuestionError(ref)
    q = question_get(pack, qid)
    for i in range(len(q.choices)):
        if hmac.compare_digest(option_id(attempt, qid, i), option):
            return qid, i
    raise UnknownOptionError(option)


def right_option(attempt: QuizAttempt, pack: Pack, qid: str) -> str:
    """The right option's id: for a reply *after* the answer was recorded."""
    return option_id(attempt, qid, question_get(pack, qid).answer)
