"""Study pages: join, flashcards, quiz, certificate, erase; the offline event endpoint.

Learners are anonymous: their cookie holds a random token (HttpOnly, SameSite=Lax). Every
page works without JavaScript through plain form posts; ``learn.js`` adds flipping without a
reload and an offline queue that sends to :func:`events` (JSON, no template, no session).
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantoa.content.models import PackVersion
from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.core.learn import PASS_MARK, certificate_render, question_get
from lantoa.core.packs import Pack
from lantoa.core.packs.faces import point_faces
from lantoa.learning import limits, selectors, services
from lantoa.learning.models import Answer, CardState, Learner, LearnerKind, QuizAttempt
from lantoa.orgs.models import Role, Unit
from lantoa.orgs.scope import can
from lantoa.site.addresses import site_base_url
from lantoa.site.context import page_lang

COOKIE_AGE = 365 * 24 * 3600
MAX_EVENTS = 50
SW_CACHE = "lantoa-learn-v1"
_packs: dict[str, tuple[float, Pack]] = {}


def _pack(pack_id: str | None = None) -> Pack:
    """The pack, kept a minute per process so the hot endpoints skip its query."""
    key = pack_id or settings.LANTOA_DEFAULT_PACK
    hit = _packs.get(key)
    if hit and time.monotonic() - hit[0] < 60:
        return hit[1]
    pack = pack_get(key)
    _packs[key] = (time.monotonic(), pack)
    return pack


def _learner(request: HttpRequest, *, with_unit: bool = True) -> Learner | None:
    token = request.COOKIES.get(settings.LANTOA_LEARN_COOKIE)
    return selectors.learner_for_token(token, with_unit=with_unit)


def _limited(request: HttpRequest, *, json_body: bool = False) -> HttpResponse:
    message = _("Too many requests. Please wait a minute and try again.")
    if json_body:
        return JsonResponse({"error": "rate_limited", "message": message}, status=429)
    response = render(request, "learning/limited.html", {"message": message}, status=429)
    response["Retry-After"] = str(limits.WINDOW)
    return response


def _no_pack(request: HttpRequest) -> HttpResponse:
    return render(request, "site/no_pack.html", status=503)


def _cards(pack: Pack, lang: str) -> list[dict[str, Any]]:
    # The card faces come from core (lantoa.core.packs.faces), whatever the pack's kind:
    # a key point or an answer has one section, shown in the "dx" slot.
    cards = []
    for p in pack.points:
        faces = point_faces(pack, p, lang)
        first = faces.back[0] if len(faces.back) == 2 else None
        cards.append(
            {
                "point": p.number,
                "title": faces.title,
                "it_label": first.label if first else "",
                "dx_label": faces.main.label,
                "it": first.full if first else "",
                "dx": faces.main.full,
            }
        )
    return cards


def _requested_pack(request: HttpRequest, unit: Unit | None) -> str | None:
    """``?goi=<pack id>`` on a study link: that pack, when the unit may use it (a campaign's
    link names its pack; without one, the site's default pack)."""
    pack_id = (request.GET.get("goi") or "")[:40]
    if not pack_id:
        return None
    from lantoa.content.selectors import packs_for_unit

    rows = (
        packs_for_unit(unit)
        if unit is not None
        else PackVersion.objects.filter(owner_unit__isnull=True)
    )
    return pack_id if rows.filter(pack_id=pack_id).exists() else None


def _study_order(learner: Learner, pack: Pack) -> tuple[list[int], set[int]]:
    """Due cards first (oldest due first), then cards never seen, then the rest by due."""
    now = timezone.now()
    states = {c.point: c for c in CardState.objects.filter(learner=learner)}
    numbers = [p.number for p in pack.points]
    due = sorted(
        (p for p in numbers if p in states and states[p].due <= now), key=lambda p: states[p].due
    )
    new = [p for p in numbers if p not in states]
    later = sorted(
        (p for p in numbers if p in states and states[p].due > now), key=lambda p: states[p].due
    )
    return due + new + later, {p for p, c in states.items() if c.learned}


def _strings() -> dict[str, str]:
    """The few texts learn.js shows, in the page's language."""
    return {
        "point": _("Point"),
        "back": _("Back of the card shown. Rate how well you remembered it."),
        "saved": _("Saved. Next card:"),
        "queued": _("%(n)s waiting to be sent (no connection)."),
        "choose": _("Choose one answer first."),
        "sending": _("Sending…"),
        "offline": _("Saved on this device; it will be sent when the connection returns."),
        "correct": _("Correct."),
        "wrong": _("Not quite."),
    }


# --- joining --------------------------------------------------------------------------------


def _join_page(request: HttpRequest, *, unit: Unit | None) -> HttpResponse:
    try:
        pack = _pack(_requested_pack(request, unit))
    except PackNotInstalledError:
        return _no_pack(request)
    learner = _learner(request)
    is_member = bool(
        unit and request.user.is_authenticated and can(request.user, unit, Role.VIEWER)
    )
    if request.method == "POST":
        if learner is not None:
            # Already learning on this device (a stale tab, another unit's poster): keep the
            # one learner; "Xóa và học lại" on the data page starts over elsewhere.
            return redirect("learn_study")
        if limits.client_limited(request, "join") or (unit and limits.unit_limited(unit.code)):
            return _limited(request)
        kind = request.POST.get("kind", "")
        if kind not in LearnerKind.values or (unit is None and kind == LearnerKind.OFFICIAL):
            kind = LearnerKind.CITIZEN
        learner, token = services.learner_join(
            pack_id=pack.id,
            kind=kind,
            unit=unit,
            display_name=request.POST.get("display_name", ""),
            user=request.user if is_member and kind == LearnerKind.OFFICIAL else None,
        )
        response = redirect("learn_study")
        response.set_cookie(
            settings.LANTOA_LEARN_COOKIE,
            token,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
    return render(
        request,
        "learning/start.html",
        {
            "pack": pack,
            "unit": unit,
            "learner": learner,
            "kinds": LearnerKind.choices,
            "is_member": is_member,
        },
    )


@require_http_methods(["GET", "POST"])
def learn_start(request: HttpRequest) -> HttpResponse:
    """``/hoc/``: anyone, no unit."""
    return _join_page(request, unit=None)


_SECTIONS = {"the": "learn_study", "kiem-tra": "quiz_index", "du-lieu": "learn_data"}


@require_http_methods(["GET", "POST"])
def learn_unit(request: HttpRequest, code: str) -> HttpResponse:
    """``/hoc/<unit code>``: the page the kit's posters point at (``/hoc/<code>/`` typed
    with a slash, and ``/hoc/the`` for ``/hoc/the/``, are redirected)."""
    if code.endswith("/"):
        return redirect("learn_unit", code=code.rstrip("/"))
    if code in _SECTIONS:
        return redirect(_SECTIONS[code])
    unit = Unit.objects.filter(code=code[:64]).first()
    if unit is None:
        return render(request, "learning/unit_unknown.html", {"code": code[:64]}, status=404)
    return _join_page(request, unit=unit)


# --- flashcards -----------------------------------------------------------------------------


@never_cache
@require_GET
def learn_study(request: HttpRequest) -> HttpResponse:
    learner = _learner(request)
    if learner is None:
        return redirect("learn_start")
    pack = _pack(learner.pack_id)
    lang = page_lang()
    cards = _cards(pack, lang)
    order, learned = _study_order(learner, pack)
    services.learner_touch(learner=learner)
    by_point = {c["point"]: c for c in cards}
    current = by_point[order[0]]
    return render(
        request,
        "learning/study.html",
        {
            "learner": learner,
            "pack": pack,
            "card": current,
            "flipped": request.GET.get("lat") == "1",
            "client_id": uuid.uuid4(),
            "learned": len(learned),
            "total": len(cards),
            "data": {
                "cards": cards,
                "order": order,
                "learned": sorted(learned),
                "events": reverse("learn_events"),
                "sw": reverse("learn_sw"),
                "cache": SW_CACHE,
            },
            "strings": _strings(),
        },
    )


@require_POST
def learn_rate(request: HttpRequest) -> HttpResponse:
    """The rating form without JavaScript."""
    learner = _learner(request)
    if learner is None:
        return redirect("learn_start")
    if limits.client_limited(request):
        return _limited(request)
    try:
        point = int(request.POST.get("point", ""))
        if point not in {p.number for p in _pack(learner.pack_id).points}:
            raise services.LearningError("point")
        services.card_rate(
            learner=learner,
            point=point,
            rating=int(request.POST.get("rating", "")),
            client_id=uuid.UUID(request.POST.get("client_id", "")),
        )
    except (ValueError, services.LearningError):
        return HttpResponse(_("Invalid rating."), status=400)
    return redirect("learn_study")


# --- offline events -------------------------------------------------------------------------


def _event(learner: Learner, event: Any, lang: str) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise services.LearningError("event")
    kind = event.get("type")
    event_id = str(event.get("id", ""))
    client_id = uuid.UUID(event_id)
    if kind == "rating":
        if int(event["point"]) not in {p.number for p in _pack(learner.pack_id).points}:
            raise services.LearningError("point")
        recorded = services.card_rate(
            learner=learner,
            point=int(event["point"]),
            rating=int(event["rating"]),
            client_id=client_id,
        )
        return {
            "id": event_id,
            "status": "ok" if recorded.created else "duplicate",
            "point": int(event["point"]),
            "learned": recorded.learned,
        }
    if kind == "answer":
        attempt = QuizAttempt.objects.filter(pk=int(event["attempt"]), learner=learner).first()
        if attempt is None:
            raise services.LearningError("attempt")
        result = services.quiz_answer(
            attempt=attempt,
            pack=_pack(attempt.pack_id),
            question_id=str(event["question"]),
            choice=int(event["choice"]),
            client_id=client_id,
            lang=lang,
        )
        return {
            "id": event_id,
            "status": "ok" if result.created else "duplicate",
            "correct": result.correct,
            "answer": result.answer,
            "explanation": result.explanation,
            "finished": result.finished,
            "passed": result.passed,
        }
    raise services.LearningError("type")


@csrf_exempt  # JSON only (a cross-site form cannot send it) and the cookie is SameSite=Lax
@require_POST
def events(request: HttpRequest) -> JsonResponse:
    """Queued ratings and answers: ``{"events": [{"type", "id" (a UUID), …}]}``.

    Answers 200 with one result per event; an event whose id was already recorded is
    ``duplicate``, so a client may resend its whole queue after a lost connection.
    """
    if request.content_type != "application/json":
        return JsonResponse({"error": "json"}, status=415)
    learner = _learner(request, with_unit=False)
    if learner is None:
        return JsonResponse({"error": "no_learner"}, status=403)
    if limits.client_limited(request, "events"):
        return _limited(request, json_body=True)  # type: ignore[return-value]
    try:
        batch = json.loads(request.body)["events"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "json"}, status=400)
    if not isinstance(batch, list):
        return JsonResponse({"error": "json"}, status=400)
    batch = batch[:MAX_EVENTS]
    lang = page_lang()
    results: list[dict[str, Any]] = [{} for _ in batch]

    def apply(index: int) -> None:
        event = batch[index]
        try:
            with transaction.atomic():  # a savepoint inside a batch: one bad event undoes itself
                results[index] = _event(learner, event, lang)
        except (ValueError, KeyError, TypeError, OverflowError, services.LearningError):
            event_id = str(event.get("id", "")) if isinstance(event, dict) else ""
            results[index] = {"id": event_id, "status": "error"}

    # Ratings touch only this learner's rows: a synced queue of them is one transaction (one
    # commit instead of one each). Answers move tallies shared with other learners (up to the
    # root), so each commits on its own and never holds those rows for a whole batch.
    is_rating = [isinstance(e, dict) and e.get("type") == "rating" for e in batch]
    with transaction.atomic():
        for index in (i for i, rating in enumerate(is_rating) if rating):
            apply(index)
    for index in (i for i, rating in enumerate(is_rating) if not rating):
        apply(index)
    return JsonResponse({"results": results})


# --- quiz -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def quiz_index(request: HttpRequest) -> HttpResponse:
    learner = _learner(request)
    if learner is None:
        return redirect("learn_start")
    if request.method == "POST":
        if limits.client_limited(request, "quiz"):
            return _limited(request)
        attempt = services.quiz_start(
            learner=learner, pack=_pack(learner.pack_id), lang=page_lang()
        )
        return redirect("quiz_take", attempt_id=attempt.pk)
    return render(
        request,
        "learning/quiz_index.html",
        {
            "learner": learner,
            "attempts": selectors.learner_attempts(learner=learner),
            "pass_mark": PASS_MARK,
        },
    )


def _attempt(request: HttpRequest, attempt_id: int) -> tuple[Learner, QuizAttempt]:
    learner = _learner(request)
    attempt = (
        QuizAttempt.objects.filter(pk=attempt_id, learner=learner).first() if learner else None
    )
    if learner is None or attempt is None:
        raise Http404
    attempt.learner = learner
    return learner, attempt


@require_http_methods(["GET", "POST"])
def quiz_take(request: HttpRequest, attempt_id: int) -> HttpResponse:
    _learner, attempt = _attempt(request, attempt_id)
    pack = _pack(attempt.pack_id)
    lang = page_lang()
    if request.method == "POST":
        if limits.client_limited(request):
            return _limited(request)
        qid = request.POST.get("question", "")
        try:
            services.quiz_answer(
                attempt=attempt,
                pack=pack,
                question_id=qid,
                choice=int(request.POST.get("choice", "")),
                client_id=uuid.UUID(request.POST.get("client_id", "")),
                lang=lang,
            )
        except (ValueError, KeyError, services.LearningError):
            return redirect(reverse("quiz_take", args=[attempt.pk]) + "?loi=1")
        if attempt.finished_at:
            return redirect("quiz_result", attempt_id=attempt.pk)
        return redirect(reverse("quiz_take", args=[attempt.pk]) + f"#q-{qid}")
    answers = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    items = []
    for i, qid in enumerate(attempt.question_ids, start=1):
        q = question_get(pack, qid, lang=lang)
        items.append({"n": i, "q": q, "answer": answers.get(qid), "client_id": uuid.uuid4()})
    return render(
        request,
        "learning/quiz.html",
        {
            "attempt": attempt,
            "items": items,
            "answered": len(answers),
            "error": request.GET.get("loi") == "1",
            "data": {
                "events": reverse("learn_events"),
                "sw": reverse("learn_sw"),
                "cache": SW_CACHE,
                "attempt": attempt.pk,
            },
            "strings": _strings(),
        },
    )


@require_http_methods(["GET", "POST"])
def quiz_result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    learner, attempt = _attempt(request, attempt_id)
    if attempt.finished_at is None:
        return redirect("quiz_take", attempt_id=attempt.pk)
    pack = _pack(attempt.pack_id)
    certificate = getattr(attempt, "certificate", None) if attempt.passed else None
    if request.method == "POST" and attempt.passed:
        if limits.client_limited(request, "certificate"):
            return _limited(request)
        certificate = services.certificate_issue(
            attempt=attempt,
            name=request.POST.get("name", "") or learner.display_name,
            pack_title=pack.title.get(page_lang()),
        )
        return redirect("quiz_result", attempt_id=attempt.pk)
    # The points answered wrong, to review before trying again (in the quiz's order).
    wrong = set(attempt.answers.filter(correct=False).values_list("point", flat=True))
    lang = page_lang()
    review = [p for p in pack.points if p.number in wrong]
    return render(
        request,
        "learning/result.html",
        {
            "learner": learner,
            "attempt": attempt,
            "certificate": certificate,
            "pass_mark": PASS_MARK,
            "review": [(p.number, p.title.get(lang)) for p in review],
        },
    )


@require_GET
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF, for the learner who holds it (the public page shows only the verification)."""
    learner = _learner(request)
    certificate = selectors.certificate_get(code)
    if learner is None or certificate is None or certificate.learner_id != learner.pk:
        raise Http404
    if limits.client_limited(request, "pdf"):  # rendering costs a Typst compile
        return _limited(request)
    local = timezone.localtime(certificate.issued_at)
    pdf = certificate_render(
        name=certificate.name,
        unit=certificate.unit_name,
        date=dt.date(local.year, local.month, local.day),
        score=certificate.score,
        total=certificate.total,
        code=certificate.code,
        verify_url=site_base_url(request) + reverse("certificate_verify", args=[certificate.code]),
        pack_title=certificate.pack_title,
        lang=page_lang(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chung-nhan-{certificate.code}.pdf"'
    return response


@require_GET
def certificate_verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public: is this code valid, and the name, unit, date and score as printed. Nothing else."""
    code = (code or request.GET.get("ma", "")).strip().upper()
    certificate = None
    if code:
        if limits.client_limited(request, "verify"):
            return _limited(request)
        certificate = selectors.certificate_get(code)
    return render(
        request,
        "learning/verify.html",
        {"code": code, "certificate": certificate},
        status=404 if code and certificate is None else 200,
    )


# --- privacy --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def learn_data(request: HttpRequest) -> HttpResponse:
    """What is kept about the learner, and a button to erase it all (and start over)."""
    learner = _learner(request)
    if request.method == "POST":
        if learner is not None:
            services.learner_erase(learner=learner)
        response = redirect(
            reverse("learn_start") + ("?bat-dau=1" if request.POST.get("again") else "")
        )
        response.delete_cookie(settings.LANTOA_LEARN_COOKIE, samesite="Lax")
        # The offline copies and the queue of unsent events go too (browsers that know the
        # header; learn.js also drops its queue when the server no longer knows the learner).
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
    counts = None
    if learner is not None:
        counts = {
            "cards": CardState.objects.filter(learner=learner).count(),
            "attempts": QuizAttempt.objects.filter(learner=learner).count(),
            "certificates": learner.certificates.count(),
        }
    return render(request, "learning/data.html", {"learner": learner, "counts": counts})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served under ``/hoc/`` so that its scope covers the study pages."""
    response = render(
        request,
        "learning/sw.js",
        {"scope": reverse("learn_start"), "cache": SW_CACHE},
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response
