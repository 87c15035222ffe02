"""``POST /hoc/su-kien/``: the one write endpoint of the study pages, for batched events.

``{"events": [{"type": …, "id": "<uuid>", …}, …]}`` with ``Content-Type: application/json``.
Types: ``rating`` (point, rating 1–4), ``answer`` (attempt, question ref, option id),
``quiz_start`` (→ the attempt's id and its questions with options in this attempt's order
and opaque ids), ``quiz_finish`` (attempt → score once every question is answered) and
``name`` (the name to print on the certificate).

Lean by design: no session, no template, no CSRF token (JSON only, cookie SameSite=Lax), and
served by its own short handler in front of the site's (``learning.front``); the learner is
one indexed lookup of the cookie's hash; every write is a fixed statement (``store``);
tallies are not touched (each change is one pending row for the rollup), so the whole batch
is one transaction.

The whole request is checked before anything is written: wrong content type (415), a body
over ``MAX_BODY`` bytes or over ``MAX_EVENTS`` events (413), malformed or too deeply nested
JSON, a missing or unknown field or type, a question or option the attempt does not have
(400), an attempt of another learner (404) — each a JSON error naming the problem, and
nothing stored. An event id already recorded answers ``duplicate`` (200): a client may
resend its queue after a lost reply.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lantoa.content.selectors import PackNotInstalledError
from lantoa.core.packs import Pack
from lantoa.learning import limits, quiz, selectors, services, store
from lantoa.learning.models import QuizAttempt
from lantoa.learning.store import LearnerRef
from lantoa.site.context import page_lang

MAX_EVENTS = 50
MAX_BODY = 64 * 1024
MAX_DEPTH = 4  # {"events": [{…: scalar}]}: anything deeper is not an event
TYPES = ("rating", "answer", "quiz_start", "quiz_finish", "name")


class EventError(Exception):
    def __init__(self, status: int, code: str, message: str, index: int | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.index = status, code, message, index

    def response(self) -> JsonResponse:
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.index is not None:
            body["index"] = self.index
        return JsonResponse(body, status=self.status)


def _depth(value: Any, limit: int) -> int:
    """How deep ``value`` nests, stopping as soon as it passes ``limit``."""
    if limit < 0:
        return 1
    if isinstance(value, dict):
        return 1 + max((_depth(v, limit - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0


def _body(request: HttpRequest) -> list[Any]:
    if request.content_type != "application/json":
        raise EventError(
            415, "content_type", _("Send the events as JSON (Content-Type: application/json).")
        )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        raise EventError(
            413, "too_large", _("The request is too large (at most %(n)s bytes).") % {"n": MAX_BODY}
        )
    raw = request.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise EventError(
            413, "too_large", _("The request is too large (at most %(n)s bytes).") % {"n": MAX_BODY}
        )
    try:
        data = json.loads(raw)
    except RecursionError:
        raise EventError(400, "too_deep", _("The JSON is nested too deeply.")) from None
    except (ValueError, UnicodeDecodeError):
        raise EventError(400, "malformed_json", _("The body is not valid JSON.")) from None
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise EventError(400, "too_deep", _("The JSON is nested too deeply."))
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise EventError(400, "no_events", _('The body must be {"events": [...]}.'))
    events: list[Any] = data["events"]
    if len(events) > MAX_EVENTS:
        raise EventError(
            413,
            "too_many_events",
            _("Too many events in one request (at most %(n)s).") % {"n": MAX_EVENTS},
        )
    return events


@dataclass
class Event:
    index: int
    type: str
    id: uuid.UUID
    fields: dict[str, Any]


def _int(event: dict[str, Any], name: str, index: int) -> int:
    value = event.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
        raise EventError(
            400,
            "bad_field",
            _("Event %(i)s: “%(f)s” must be a whole number.") % {"i": index, "f": name},
            index,
        )
    return value


def _str(event: dict[str, Any], name: str, index: int, max_length: int) -> str:
    value = event.get(name)
    if not isinstance(value, str) or len(value) > max_length:
        raise EventError(
            400,
            "bad_field",
            _("Event %(i)s: “%(f)s” must be a short text.") % {"i": index, "f": name},
            index,
        )
    return value


def _parse(index: int, raw: Any, points: set[int]) -> Event:
    if not isinstance(raw, dict):
        raise EventError(400, "bad_event", _("Event %(i)s is not an object.") % {"i": index}, index)
    kind = raw.get("type")
    if kind not in TYPES:
        raise EventError(
            400,
            "unknown_type",
            _("Event %(i)s: unknown type (expected one of: %(types)s).")
            % {"i": index, "types": ", ".join(TYPES)},
            index,
        )
    try:
        event_id = uuid.UUID(str(raw.get("id", "")))
    except ValueError:
        raise EventError(
            400, "bad_id", _("Event %(i)s: “id” must be a UUID.") % {"i": index}, index
        ) from None
    fields: dict[str, Any] = {}
    if kind == "rating":
        fields["point"] = _int(raw, "point", index)
        fields["rating"] = _int(raw, "rating", index)
        if fields["point"] not in points or fields["rating"] not in (1, 2, 3, 4):
            raise EventError(
                400, "bad_rating", _("Event %(i)s: no such point or rating.") % {"i": index}, index
            )
    elif kind == "answer":
        fields["attempt"] = _int(raw, "attempt", index)
        fields["question"] = _str(raw, "question", index, 40)
        fields["option"] = _str(raw, "option", index, 40)
    elif kind == "quiz_finish":
        fields["attempt"] = _int(raw, "attempt", index)
    elif kind == "name":
        fields["name"] = _str(raw, "name", index, 200)
    return Event(index, kind, event_id, fields)


def _results(
    found: store.LearnerRows, events: list[Event], pack: Pack, lang: str
) -> list[dict[str, Any]]:
    # The learner's row is held (PostgreSQL; SQLite's one writer) until the batch commits,
    # so one learner's events apply in turn; their cards and the batch's attempts were read
    # with it.
    learner, attempts, cards = found.ref, found.attempts, found.cards
    if attempts is None:
        wanted = {e.fields["attempt"] for e in events if "attempt" in e.fields}
        attempts = store.attempts_of(learner.pk, wanted)
    if cards is None and any(e.type == "rating" for e in events):
        cards = store.cards_of(learner.pk)
    resolved: dict[int, tuple[str, int]] = {}
    for e in events:
        if "attempt" not in e.fields:
            continue
        attempt = attempts.get(e.fields["attempt"])
        if attempt is None:  # another learner's attempt, or none: the same answer for both
            raise EventError(
                404,
                "unknown_attempt",
                _("Event %(i)s: no such quiz attempt of yours.") % {"i": e.index},
                e.index,
            )
        if e.type == "answer":
            try:
                resolved[e.index] = quiz.resolve(
                    attempt,
                    selectors.attempt_pack(attempt),
                    ref=e.fields["question"],
                    option=e.fields["option"],
                )
            except quiz.UnknownQuestionError:
                raise EventError(
                    400,
                    "unknown_question",
                    _("Event %(i)s: no such question in this attempt.") % {"i": e.index},
                    e.index,
                ) from None
            except quiz.UnknownOptionError:
                raise EventError(
                    400,
                    "unknown_option",
                    _("Event %(i)s: no such option for this question.") % {"i": e.index},
                    e.index,
                ) from None
    out: list[dict[str, Any]] = []
    for e in events:
        try:
            out.append(_apply(learner, e, pack, lang, attempts, resolved, cards))
        except services.LearningError as exc:  # the transaction rolls every event back
            code, message = _ERRORS.get(str(exc), _ERRORS["other"])
            status = 429 if code == "quiz_limit" else 409
            raise EventError(status, code, str(message) % {"i": e.index}, e.index) from None
    return out


def _apply(
    learner: LearnerRef,
    e: Event,
    pack: Pack,
    lang: str,
    attempts: dict[int, QuizAttempt],
    resolved: dict[int, tuple[str, int]],
    cards: list[store.CardRow] | None,
) -> dict[str, Any]:
    base: dict[str, Any] = {"id": str(e.id)}
    if e.type == "rating":
        recorded = services.card_rate(
            learner=learner,
            point=e.fields["point"],
            rating=e.fields["rating"],
            client_id=e.id,
            pack=pack,
            locked=True,
            cards=cards,
        )
        return {
            **base,
            "status": "ok" if recorded.created else "duplicate",
            "point": e.fields["point"],
            "learned": recorded.learned,
        }
    if e.type == "answer":
        attempt = attempts[e.fields["attempt"]]
        pack = selectors.attempt_pack(attempt)  # the version its questions came from
        qid, choice = resolved[e.index]
        result = services.quiz_answer(
            attempt=attempt,
            pack=pack,
            question_id=qid,
            choice=choice,
            client_id=e.id,
            lang=lang,
            learner=learner,
            locked=True,
        )
        # The right option is named only now that the answer is recorded.
        return {
            **base,
            "status": "ok" if result.created else "duplicate",
            "question": e.fields["question"],
            "correct": result.correct,
            "answer": quiz.right_option(attempt, pack, qid),
            "explanation": result.explanation,
            "finished": result.finished,
            "passed": result.passed,
            "score": attempt.score if result.finished else None,
        }
    if e.type == "quiz_start":
        attempt = services.quiz_start(learner=learner, pack=pack, lang=lang, client_id=e.id)
        return {
            **base,
            "status": "ok",
            "attempt": attempt.pk,
            "questions": [
                quiz.shown_json(q) for q in quiz.attempt_questions(attempt, pack, lang=lang)
            ],
        }
    if e.type == "quiz_finish":
        attempt = attempts[e.fields["attempt"]]  # closed in place by this batch's answers
        done = attempt.finished_at is not None
        return {
            **base,
            "status": "ok",
            "attempt": attempt.pk,
            "finished": done,
            "score": attempt.score if done else None,
            "total": attempt.total,
            "passed": attempt.passed if done else None,
        }
    services.learner_name_set(learner=learner, name=e.fields["name"])
    return {**base, "status": "ok"}


_ERRORS = {  # lazy: translated in the request's language when the message is made
    "client id": (
        "reused_id",
        gettext_lazy("Event %(i)s: this event id was already used for another event."),
    ),
    "attempts": (
        "quiz_limit",
        gettext_lazy("Event %(i)s: no more quiz attempts today; try again tomorrow."),
    ),
    "other": ("refused", gettext_lazy("Event %(i)s could not be applied.")),
}


def _checked_and_applied(
    request: HttpRequest, raw: list[Any], token: str | None, *, lock: bool
) -> list[dict[str, Any]]:
    # On PostgreSQL what the batch will need of the learner's rows is read with the
    # learner, in its transaction: their cards for ratings, the attempts its events name.
    # SQLite reads them once the batch's write transaction has begun (_results).
    cards, attempt_ids = False, set()
    if lock:
        objects = [e for e in raw if isinstance(e, dict)]
        cards = any(e.get("type") == "rating" for e in objects)
        attempt_ids = {
            e["attempt"]
            for e in objects
            if type(e.get("attempt")) is int and 0 <= e["attempt"] < 2**53
        }
    found = selectors.learner_rows(token, lock=lock, cards=cards, attempt_ids=attempt_ids)
    if found is None:
        raise EventError(403, "no_learner", _("No learner on this device: join first."))
    learner = found.ref
    if limits.client_limited(request, "events"):
        raise EventError(
            429, "rate_limited", _("Too many requests. Please wait a minute and try again.")
        )
    try:
        pack = selectors.pack_cached(learner.pack_id)
    except PackNotInstalledError:
        raise EventError(503, "no_pack", _("The content is not installed.")) from None
    points = {p.number for p in pack.points}
    parsed = [_parse(i, e, points) for i, e in enumerate(raw)]
    lang = page_lang()
    if lock:  # already inside the batch's transaction (events())
        return _results(found, parsed, pack, lang)
    with transaction.atomic():  # the batch is one transaction; an error undoes it whole
        return _results(found, parsed, pack, lang)


@csrf_exempt  # JSON only (a cross-site form cannot send it) and the cookie is SameSite=Lax
@require_POST
def events(request: HttpRequest) -> JsonResponse:
    """Apply a batch of events in one transaction; see the module's docstring."""
    try:
        raw = _body(request)
        token = request.COOKIES.get(settings.LANTOA_LEARN_COOKIE)
        if connection.features.has_select_for_update:
            # PostgreSQL: the lookup holds the learner's row from the start, so one
            # learner's batches apply in turn.
            with transaction.atomic():
                results = _checked_and_applied(request, raw, token, lock=True)
        else:
            # SQLite: one writer at a time for the whole database; its transaction is kept
            # to the writes, after every check.
            results = _checked_and_applied(request, raw, token, lock=False)
    except EventError as error:
        response = error.response()
    else:
        response = JsonResponse({"results": results})
    patch_vary_headers(response, ("Cookie",))  # the learner is the cookie's
    # JSON is never a document: nothing may load or frame it.
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response
