"""Story pages: write, moderate, read (public when approved), JSON for the study card, images."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.orgs.models import Membership, Unit
from lantoa.site.downloads import download_response
from lantoa.site.errors import refusal
from lantoa.site.ratelimit import client_address, over_limit
from lantoa.stories import selectors, sharing
from lantoa.stories.models import Story, StoryPhoto, StoryStatus
from lantoa.stories.services import (
    StoryError,
    Upload,
    can_moderate,
    can_write,
    story_moderate,
    story_revise,
    story_submit,
)

LIST_SIZE = 30


def _pack_or_404() -> Any:
    try:
        return pack_get()
    except PackNotInstalledError:
        raise Http404 from None


def _member_units(user: Any) -> list[Unit]:
    ids = Membership.objects.filter(user=user).values_list("unit_id", flat=True)
    return list(Unit.objects.filter(pk__in=ids, parent__isnull=False).order_by("path"))


@login_required
@require_http_methods(["GET", "POST"])
def story_new(request: HttpRequest) -> HttpResponse:
    pack = _pack_or_404()
    units = _member_units(request.user)
    error: StoryError | None = None
    values: dict[str, Any] = {"points": []}
    if request.method == "POST":
        values = {
            "unit": request.POST.get("unit", ""),
            "title": request.POST.get("title", ""),
            "text": request.POST.get("text", ""),
            "link": request.POST.get("link", ""),
            "points": request.POST.getlist("points"),
        }
        unit = next((u for u in units if str(u.pk) == values["unit"]), None)
        try:
            if unit is None or not can_write(request.user, unit):
                raise StoryError(_("Choose the unit the story is about."), field="unit")
            numbers: list[int] = []
            for raw in values["points"]:
                if not str(raw).isdigit():
                    raise StoryError(
                        _("Point %(n)s does not exist in this pack (points 1 to %(max)s).")
                        % {"n": str(raw)[:8], "max": pack.count},
                        field="points",
                    )
                numbers.append(int(raw))
            uploads = [
                Upload(name=f.name or "", data=f.read())
                for f in request.FILES.getlist("photos")
                if f.size
            ]
            story = story_submit(
                actor=request.user,
                unit=unit,
                title=values["title"],
                text=values["text"],
                link=values["link"],
                points=numbers,
                photos=uploads,
            )
        except StoryError as exc:
            error = exc
        else:
            messages.success(
                request, _("Your story was sent to %(unit)s for approval.") % {"unit": unit.parent}
            )
            return redirect("story_detail", pk=story.pk)
    return render(
        request,
        "stories/new.html",
        {"pack": pack, "units": units, "error": error, "values": values},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a story the editors sent back, and send it again."""
    story = selectors.story_get(pk)
    if (
        story is None
        or story.status != StoryStatus.CHANGES
        or not can_write(request.user, story.unit)
    ):
        raise Http404
    pack = _pack_or_404()
    error: StoryError | None = None
    values: dict[str, Any] = {
        "title": story.title,
        "text": story.text,
        "link": story.link,
        "points": [str(p.number) for p in story.points.all()],
    }
    if request.method == "POST":
        values = {
            "title": request.POST.get("title", ""),
            "text": request.POST.get("text", ""),
            "link": request.POST.get("link", ""),
            "points": request.POST.getlist("points"),
        }
        try:
            numbers = [int(n) for n in values["points"] if str(n).isdigit()]
            if len(numbers) != len(values["points"]):
                raise StoryError(
                    _("Point %(n)s does not exist in this pack (points 1 to %(max)s).")
                    % {"n": "?", "max": pack.count},
                    field="points",
                )
            story_revise(
                actor=request.user,
                story=story,
                title=values["title"],
                text=values["text"],
                link=values["link"],
                points=numbers,
            )
        except StoryError as exc:
            error = exc
        else:
            messages.success(
                request,
                _("Your story was sent to %(unit)s for approval.") % {"unit": story.unit.parent},
            )
            return redirect("story_detail", pk=story.pk)
    return render(
        request,
        "stories/new.html",
        {"pack": pack, "story": story, "error": error, "values": values},
        status=400 if error else 200,
    )


def _may_read(request: HttpRequest, story: Story) -> bool:
    if story.status == StoryStatus.APPROVED:
        return True
    user = request.user
    if not user.is_authenticated:
        return False
    return story.author_id == user.pk or can_moderate(user, story) or can_write(user, story.unit)


@require_GET
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = selectors.story_get(pk)
    if story is None or not _may_read(request, story):
        raise Http404
    pack = _pack_or_404()
    titles = {p.number: p.title for p in pack.points}
    context: dict[str, Any] = {
        "story": story,
        "points": [(sp.number, titles.get(sp.number)) for sp in story.points.all()],
        "may_revise": story.status == StoryStatus.CHANGES
        and request.user.is_authenticated
        and can_write(request.user, story.unit),
        "may_moderate": story.status == StoryStatus.SUBMITTED
        and request.user.is_authenticated
        and can_moderate(request.user, story),
        "og": None,
    }
    if story.status == StoryStatus.APPROVED:
        context["og"] = sharing.open_graph(
            request,
            card=sharing.story_card(story),
            image_path=reverse("share_story_image", args=[story.pk]),
        )
    return render(request, "stories/detail.html", context)


@login_required
@require_POST
def story_decide(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(Story.objects.select_related("unit", "unit__parent"), pk=pk)
    if not can_moderate(request.user, story):
        raise Http404
    try:
        story_moderate(
            actor=request.user,
            story=story,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
        )
    except StoryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Decision saved."))
    return redirect("story_detail", pk=story.pk)


@login_required
@require_GET
def story_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "stories/queue.html",
        {
            "waiting": selectors.moderation_queue(request.user)[:100],
            "mine": selectors.my_stories(request.user)[:50],
        },
    )


@require_GET
def story_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "stories/list.html",
        {"stories": selectors.approved()[:LIST_SIZE], "unit": None, "point": None},
    )


@require_GET
def unit_stories(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    return render(
        request,
        "stories/list.html",
        {"stories": selectors.stories_of_unit(unit)[:LIST_SIZE], "unit": unit, "point": None},
    )


def _unit_param(request: HttpRequest) -> Unit | None:
    code = request.GET.get("don-vi", "")[:64]
    if not code:
        return None
    return Unit.objects.select_related("parent").filter(code=code).first()


@require_GET
def point_page(request: HttpRequest, number: int) -> HttpResponse:
    """A point of the pack on its own page, with its stories: what a shared link opens."""
    pack = _pack_or_404()
    point = next((p for p in pack.points if p.number == number), None)
    if point is None:
        raise Http404
    unit = _unit_param(request)
    card = sharing.point_card(number, unit)
    image = reverse("share_point_image", args=[number])
    if unit is not None:
        image += f"?don-vi={unit.code}"
    page = request.path + (f"?don-vi={unit.code}" if unit else "")
    return render(
        request,
        "stories/point.html",
        {
            "pack": pack,
            "point": point,
            "unit": unit,
            "stories": selectors.stories_for_point(
                pack_id=pack.id, number=number, unit=unit, limit=LIST_SIZE
            ),
            "og": sharing.open_graph(request, card=card, image_path=image, page_path=page)
            if card
            else None,
        },
    )


def story_summary(story: Story, request: HttpRequest) -> dict[str, Any]:
    photo = next(iter(story.photos.all()), None)
    return {
        "id": story.pk,
        "title": story.title,
        "excerpt": story.text[:280],
        "unit": story.unit.name,
        "unit_code": story.unit.code,
        "approved": story.approved_at.strftime("%d/%m/%Y") if story.approved_at else "",
        "url": reverse("story_detail", args=[story.pk]),
        "photo": reverse("story_photo", args=[photo.pk]) if photo else None,
    }


@cache_control(public=True, max_age=300)
@require_GET
def point_stories_json(request: HttpRequest, number: int) -> JsonResponse:
    """Public: approved stories of a point, nearest to ``?don-vi=`` first (the study card)."""
    pack = _pack_or_404()
    if number not in {p.number for p in pack.points}:
        raise Http404
    rows = selectors.stories_for_point(
        pack_id=pack.id, number=number, unit=_unit_param(request), limit=5
    )
    return JsonResponse(
        {"point": number, "stories": [story_summary(s, request) for s in rows]},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def story_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(StoryPhoto.objects.select_related("story__unit"), pk=pk)
    if not _may_read(request, photo.story):
        raise Http404
    response = download_response(
        photo.name, name=f"anh-{photo.pk}.jpg", attach=False, content_type="image/jpeg"
    )
    if photo.story.status == StoryStatus.APPROVED:
        response["Cache-Control"] = "public, max-age=86400"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


# --- share images --------------------------------------------------------------------------


# Drawing a card costs a fresh process (~0.1 s); a stored card costs nothing. An address may
# make the site draw this many new cards an hour (crawlers of Zalo and Facebook fetch each
# card once; the worker draws approved stories' cards in advance).
SHARE_DRAWS_PER_HOUR = 120


def _png(request: HttpRequest, card: Any) -> HttpResponse:
    if card is None:
        raise Http404
    if not sharing.share_image_cached(card) and over_limit(
        "share-draw", client_address(request), limit=SHARE_DRAWS_PER_HOUR, window=3600
    ):
        response = refusal(
            request,
            status=429,
            code="share_limited",
            message=_("Too many new share images from your address; try again in an hour."),
        )
        response["Retry-After"] = "3600"
        return response
    response = HttpResponse(sharing.share_image_bytes(card), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def share_home_image(request: HttpRequest) -> HttpResponse:
    pack = _pack_or_404()
    return _png(request, sharing.home_card(pack))


@require_GET
def share_point_image(request: HttpRequest, number: int) -> HttpResponse:
    return _png(request, sharing.point_card(number, _unit_param(request)))


@require_GET
def share_story_image(request: HttpRequest, pk: int) -> HttpResponse:
    story = selectors.story_get_public(pk)
    return _png(request, sharing.story_card(story) if story else None)


@require_GET
def share_unit_image(request: HttpRequest, code: str) -> HttpResponse:
    unit = Unit.objects.select_related("parent").filter(code=code[:64]).first()
    return _png(request, sharing.unit_card(unit) if unit else None)


@require_GET
def share_certificate_image(request: HttpRequest, code: str) -> HttpResponse:
    from lantoa.learning.selectors import certificate_get

    certificate = certificate_get(code)
    return _png(request, sharing.certificate_card(certificate) if certificate else None)
