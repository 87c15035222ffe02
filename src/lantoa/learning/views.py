"""Study pages: join, flashcards, quiz, certificate, erase; the offline event endpoint.

Learners are anonymous: their cookie holds a random token (HttpOnly, SameSite=Lax). Every
page works without JavaScript through plain form posts; ``learn.js`` adds flipping without a
reload and an offline queue that sends to :func:`events` (JSON, no template, no session).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantoa.audit.services import audit_record
from lantoa.content.selectors import PackNotInstalledError
from lantoa.core.learn import PASS_MARK, certificate_render, question_get
from lantoa.core.packs import Pack, Point
from lantoa.core.text import nfc
from lantoa.learning import limits, og, quiz, selectors, services, shell, versions
from lantoa.learning.entry import (
    _same_origin,
    unit_from_lookup,
    unit_lookup,
    unit_lookup_forget,
    unit_pack_ids,
    unit_search,
)
from lantoa.learning.models import Answer, CardState, Learner, LearnerKind, QuizAttempt
from lantoa.orgs.models import Role, Unit
from lantoa.orgs.scope import can
from lantoa.site import stencil
from lantoa.site.addresses import site_base_url
from lantoa.site.context import page_lang

COOKIE_AGE = 365 * 24 * 3600
SW_CACHE = "lantoa-learn-v2"


def _pack(pack_id: str | None = None) -> Pack:
    return selectors.pack_cached(pack_id)


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


def _requested_pack(request: HttpRequest, unit: Unit | None) -> str | None:
    """``?goi=<pack id>`` on a study link: that pack, when the unit may use it (a campaign's
    link names its pack; without one, the site's default pack)."""
    pack_id = (request.GET.get("goi") or "")[:40]
    if not pack_id:
        return None
    return pack_id if pack_id in unit_pack_ids(unit.path if unit else None) else None


def _study_order(studying: selectors.Studying, pack: Pack) -> tuple[list[int], set[int]]:
    """Due cards first (oldest due first), then cards never seen, then the rest by due.
    The learner's cards first follow their points into the pack's current version."""
    now = timezone.now()
    numbers = [p.number for p in pack.points]
    states = {
        point: (due, learned)
        for point, due, learned in versions.cards_followed(cards=studying.cards, pack=pack)
    }
    due = sorted(
        (p for p in numbers if p in states and states[p][0] <= now), key=lambda p: states[p][0]
    )
    new = [p for p in numbers if p not in states]
    later = sorted(
        (p for p in numbers if p in states and states[p][0] > now), key=lambda p: states[p][0]
    )
    return due + new + later, {p for p in numbers if p in states and states[p][1]}


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
    requested = _requested_pack(request, unit)
    try:
        pack = _pack(requested)
    except PackNotInstalledError:
        return _no_pack(request)
    learner = _learner(request)
    if learner is not None and requested and learner.pack_id != requested:
        # A campaign's link to another pack: join that pack as a new learner on this device
        # (the earlier learning stays counted; the cookie now names the new learner).
        learner = None
    is_member = bool(
        unit and request.user.is_authenticated and can(request.user, unit, Role.VIEWER)
    )
    if request.method == "POST":
        if learner is not None:
            # Already learning on this device (a stale tab, another unit's poster): keep the
            # one learner; "Xóa và học lại" on the data page starts over elsewhere.
            return redirect("learn_study")
        if limits.client_limited(request, "join") or (unit and limits.unit_limited(unit.path)):
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
        if unit is not None:
            burst = limits.join_burst(unit.pk)
            if burst is not None:
                audit_record(
                    actor=None,
                    action="learning.join_burst",
                    obj=unit,
                    after={"joins": burst, "minutes": limits.BURST_WINDOW // 60},
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
    query = nfc(request.GET.get("q", ""))[:80].strip() if unit is None else ""
    return render(
        request,
        "learning/start.html",
        {
            "pack": pack,
            "unit": unit,
            "learner": learner,
            "kinds": LearnerKind.choices,
            "is_member": is_member,
            "query": query,
            "found": unit_search(query) if query else None,
            "tasks": _study_tasks(request, pack),
        },
    )


def _study_tasks(request: HttpRequest, pack: Pack) -> list[Any]:
    """A signed-in member's units that were asked to study this pack and have not reported."""
    from lantoa.campaigns.selectors import assignments_open_for_member

    return [
        a
        for a in assignments_open_for_member(user=request.user)
        if a.campaign.pack.pack_id == pack.id
    ]


@require_http_methods(["GET", "POST"])
def learn_start(request: HttpRequest) -> HttpResponse:
    """``/hoc/``: anyone, no unit."""
    return _join_page(request, unit=None)


_SECTIONS = {"the": "learn_study", "kiem-tra": "quiz_index", "du-lieu": "learn_data"}


@csrf_exempt  # checked by _same_origin: see there
@require_http_methods(["GET", "POST"])
def learn_unit(request: HttpRequest, code: str) -> HttpResponse:
    """``/hoc/<unit code>``: the page the kit's posters point at. A GET sends the study shell
    (the same bytes for every unit and visitor, cacheable); the page names the unit itself.
    ``/hoc/<code>/`` typed with a slash, and ``/hoc/the`` for ``/hoc/the/``, are redirected."""
    if code.endswith("/"):
        return redirect("learn_unit", code=code.rstrip("/"))
    if code in _SECTIONS:
        return redirect(_SECTIONS[code])
    unit = unit_lookup(code[:64])
    if unit is None:
        return render(request, "learning/unit_unknown.html", {"code": code[:64]}, status=404)
    if request.method == "POST":
        if not _same_origin(request):
            return HttpResponse(_("This form must be sent from the study page."), status=403)
        # A visitor joins the unit the lookup knows (no query); a signed-in one, the unit as
        # it is now, whose membership decides whether they join as a verified official.
        if request.user.is_authenticated:
            fresh = Unit.objects.filter(pk=unit["pk"]).first()
        else:
            fresh = unit_from_lookup(unit)
        try:
            if fresh is not None:
                return _join_page(request, unit=fresh)
        except IntegrityError:  # the learner's unit must exist
            if Unit.objects.filter(pk=unit["pk"]).exists():
                raise
        # Removed within the lookup's minute.
        unit_lookup_forget()
        return render(request, "learning/unit_unknown.html", {"code": code[:64]}, status=404)
    page = og.shell_for_unit(request, unit, page_lang())  # the shell + the unit's og: tags
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- flashcards -----------------------------------------------------------------------------


@never_cache
@require_GET
def learn_study(request: HttpRequest) -> HttpResponse:
    """The card to study now. The page is the same for every learner on that card but for
    the holes of its stencil (lantoa.site.stencil): the count learned, the order of cards,
    the unit, a client id for the rating form, the CSRF token."""
    studying = selectors.studying_for_token(request.COOKIES.get(settings.LANTOA_LEARN_COOKIE))
    if studying is None:
        return redirect("learn_start")
    pack = _pack(studying.pack_id)
    lang = page_lang()
    order, learned = _study_order(studying, pack)
    services.learner_touch(
        learner=Learner(pk=studying.learner_id, last_seen_at=studying.last_seen_at)
    )
    flipped = request.GET.get("lat") == "1"
    data = {
        "cards_url": shell.cards_url(pack, lang),
        "order": order,
        "learned": sorted(learned),
        "events": reverse("learn_events"),
        "sw": reverse("learn_sw"),
        "cache": SW_CACHE,
    }

    def context() -> dict[str, Any]:
        cards = shell.cards(pack, lang)
        return {
            "pack": pack,
            "card": next(c for c in cards if c["point"] == order[0]),
            "flipped": flipped,
            "total": len(cards),
            "strings": _strings(),
        }

    return stencil.render(
        request,
        "learning/study.html",
        context,
        key=(pack.id, pack.version, order[0], flipped),
        holes={
            "learned": len(learned),
            "client_id": uuid.uuid4(),
            "unit_code": studying.unit_code,
            "data_script": json_script(data, "learn-data"),
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
        pack = _pack(learner.pack_id)
        if point not in {p.number for p in pack.points}:
            raise services.LearningError("point")
        services.card_rate(
            learner=learner,
            point=point,
            rating=int(request.POST.get("rating", "")),
            client_id=uuid.UUID(request.POST.get("client_id", "")),
            pack=pack,
        )
    except (ValueError, services.LearningError):
        return HttpResponse(_("Invalid rating."), status=400)
    return redirect("learn_study")


# --- quiz -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def quiz_index(request: HttpRequest) -> HttpResponse:
    learner = _learner(request)
    if learner is None:
        return redirect("learn_start")
    if request.method == "POST":
        if limits.client_limited(request, "quiz"):
            return _limited(request)
        try:
            attempt = services.quiz_start(
                learner=learner, pack=_pack(learner.pack_id), lang=page_lang()
            )
        except services.QuizLimitError:
            message = _("You have taken as many quizzes as a day allows. Try again tomorrow.")
            return render(request, "learning/limited.html", {"message": message}, status=429)
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
    """The attempt's questions, options in this attempt's order under opaque ids; an answer
    is graded here, and its verdict and the right option shown only once it is recorded."""
    _learner, attempt = _attempt(request, attempt_id)
    pack = selectors.attempt_pack(attempt)
    lang = page_lang()
    if request.method == "POST":
        if limits.client_limited(request):
            return _limited(request)
        ref = request.POST.get("question", "")[:40]
        try:
            qid, choice = quiz.resolve(
                attempt, pack, ref=ref, option=request.POST.get("option", "")[:40]
            )
            services.quiz_answer(
                attempt=attempt,
                pack=pack,
                question_id=qid,
                choice=choice,
                client_id=uuid.UUID(request.POST.get("client_id", "")),
                lang=lang,
            )
        except (ValueError, LookupError, services.LearningError):
            return redirect(reverse("quiz_take", args=[attempt.pk]) + "?loi=1")
        if attempt.finished_at:
            return redirect("quiz_result", attempt_id=attempt.pk)
        return redirect(reverse("quiz_take", args=[attempt.pk]) + f"#{ref}")
    answers = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    items = []
    for qid, shown in zip(
        attempt.question_ids, quiz.attempt_questions(attempt, pack, lang=lang), strict=True
    ):
        answer = answers.get(qid)
        done = None
        if answer is not None:  # recorded: now the verdict, the right option, the text
            q = question_get(pack, qid, lang=lang)
            done = {
                "correct": answer.correct,
                "right": quiz.option_id(attempt, qid, q.answer),
                "picked": quiz.option_id(attempt, qid, answer.choice),
                "explanation": q.explanation,
            }
        items.append({"q": shown, "done": done, "client_id": uuid.uuid4()})
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


def _review_point(pack: Pack, point: Point, lang: str) -> str:
    """One point to review: a link to it on the first page, and its title."""
    return stencil.fragment(
        "learning/_review_point.html",
        lambda: {"number": point.number, "title": point.title.get(lang)},
        key=(pack.id, pack.version, point.number),
    )


@require_http_methods(["GET", "POST"])
def quiz_result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The score, the certificate (or the form to get it) and the points to review. Like
    the study page, the same page for every learner with the same outcome but for the holes
    of its stencil (lantoa.site.stencil)."""
    if request.method == "POST":
        learner, attempt = _attempt(request, attempt_id)
        if attempt.finished_at is None:
            return redirect("quiz_take", attempt_id=attempt.pk)
        if attempt.passed:
            if limits.client_limited(request, "certificate"):
                return _limited(request)
            services.certificate_issue(
                attempt=attempt,
                name=request.POST.get("name", "") or learner.display_name,
                pack_title=selectors.attempt_pack(attempt).title.get(page_lang()),
            )
            return redirect("quiz_result", attempt_id=attempt.pk)
    result = selectors.attempt_result_for_token(
        request.COOKIES.get(settings.LANTOA_LEARN_COOKIE), attempt_id
    )
    if result is None:
        raise Http404
    if not result.finished:
        return redirect("quiz_take", attempt_id=attempt_id)
    pack = selectors.version_or_current(result.pack_id, result.pack_version)
    lang = page_lang()
    # The points answered wrong, to review before trying again (in the pack's order).
    review = [p for p in pack.points if p.number in result.wrong_points]
    code = result.certificate_code if result.passed else ""
    items = (_review_point(pack, point, lang) for point in review)
    return stencil.render(
        request,
        "learning/result.html",
        lambda: {
            "passed": result.passed,
            "certified": bool(code),
            "reviewing": bool(review),
            "pass_mark": PASS_MARK,
        },
        key=(result.passed, bool(code), bool(review)),
        holes={
            "score": result.score,
            "total": result.total,
            "display_name": result.display_name,
            "certificate_code": code,
            "certificate_pdf": reverse("certificate_pdf", args=[code]) if code else "",
            "certificate_verify": reverse("certificate_verify", args=[code]) if code else "",
            "review": mark_safe("".join(items)),  # the fragments are escaped
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
        verified=certificate.official_verified,
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
