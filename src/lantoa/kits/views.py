"""The "Bộ ấn phẩm" page: the kit's thumbnails and downloads, branded renders, posters.

Files are served from a build's private folder in the storage, and only paths its manifest
lists: a request for anything else (another file, ``..``) is a 404 before the storage is
touched. Once the permission check passed, a download from an object store is a redirect to
a short-lived signed link, and behind nginx (``LANTOA_ACCEL_REDIRECT``) an
``X-Accel-Redirect``: the bytes never pass through Python. Thumbnails, small and shown in
the page, are streamed from the storage by the view.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from lantoa.content.selectors import PackNotInstalledError, pack_get
from lantoa.core.kit import KitError
from lantoa.kits import selectors, services
from lantoa.kits.files import thumb_path
from lantoa.kits.forms import BrandedKitForm, PostersForm
from lantoa.kits.models import BuildStatus, KitBuild
from lantoa.orgs.selectors import UnitNotVisibleError, unit_get_visible, user_home_unit
from lantoa.site.addresses import site_base_url
from lantoa.site.context import page_lang
from lantoa.site.downloads import download_response

STEP_LABELS = {
    "flashcards": gettext_lazy("Flashcards"),
    "infographic": gettext_lazy("Infographic"),
    "slides": gettext_lazy("Slides"),
    "anki": gettext_lazy("Anki deck"),
    "web": gettext_lazy("Web page"),
    "captions": gettext_lazy("Posts and radio script"),
    "manifest": gettext_lazy("File list"),
    "thumbnails": gettext_lazy("Thumbnails"),
    "zip": gettext_lazy("ZIP file"),
    "posters": gettext_lazy("Posters"),
}


def _get(request: HttpRequest, pk: int) -> KitBuild:
    try:
        return selectors.kit_build_get_visible(user=request.user, pk=pk)
    except selectors.BuildNotVisibleError:
        raise Http404 from None


def _user_unit(request: HttpRequest) -> Any:
    """The highest unit the user is a member of (none for superusers: they see all)."""
    if request.user.is_superuser:
        return None
    return user_home_unit(user=request.user)


def _page(
    request: HttpRequest,
    build: KitBuild | None,
    *,
    form: BrandedKitForm | None = None,
    status: int = 200,
) -> HttpResponse:
    pending = build if build is not None and build.is_active else None
    if pending is not None and pending.is_public:
        # A new pack version is being rendered: show the previous kit meanwhile.
        build = selectors.kit_build_latest_public(pack_id=pending.pack_id) or pending
    unit = _user_unit(request)
    if form is None and request.user.is_authenticated:
        initial = {"unit_name": unit.name if unit else ""}
        # The unit's colours from its latest branded kit, so its next kit and posters match.
        previous = selectors.unit_branding_build(unit=unit) if unit else None
        if previous is not None:
            initial.update(primary=previous.primary, accent=previous.accent)
        form = BrandedKitForm(initial=initial)
    context = {
        "build": build,
        "sections": selectors.kit_build_sections(build)
        if build and build.status == BuildStatus.DONE
        else [],
        "pending": pending,
        "step": STEP_LABELS.get(pending.progress_label, "") if pending else "",
        "error": message_in_language(build.error) if build else "",
        "form": form,
        "mine": selectors.kit_build_list_for(user=request.user),
    }
    return render(request, "kits/kit.html", context, status=status)


def _requested_pack(request: HttpRequest) -> str | None:
    """``?goi=<pack id>``: another published pack the visitor may see (national packs for
    anyone; a unit's packs for its people), else the site's default pack."""
    from lantoa.content.selectors import packs_visible_for

    pack_id = (request.GET.get("goi") or "")[:40]
    if pack_id and packs_visible_for(request.user).filter(pack_id=pack_id).exists():
        return pack_id
    return None


def _public_build(pack_id: str | None = None) -> KitBuild | None:
    """The public, unbranded kit of an installed pack (queued if it was never rendered)."""
    try:
        pack = pack_get(pack_id)
    except PackNotInstalledError:
        return None
    build = selectors.kit_build_latest_public(pack_id=pack.id, pack_version=pack.version)
    return build or services.kit_build_request(actor=None, pack=pack, retry_failed=False)


def message_in_language(message: str) -> str:
    """Kit errors read "Vietnamese / English": keep the half of the page's language."""
    if " / " not in message:
        return message
    vi, en = message.split(" / ", 1)
    text = en if (get_language() or "vi").startswith("en") else vi
    return text[:1].upper() + text[1:]


@require_GET
def kit_page(request: HttpRequest) -> HttpResponse:
    return _page(request, _public_build(_requested_pack(request)))


@require_GET
def kit_build_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _get(request, pk))


@login_required
@require_POST
def kit_render_branded(request: HttpRequest) -> HttpResponse:
    form = BrandedKitForm(request.POST, request.FILES)
    if form.is_valid():
        for label, chosen, used, ratio in form.adjusted:
            messages.warning(
                request,
                _(
                    "%(field)s %(chosen)s is too light for white text (contrast %(ratio)s:1, "
                    "at least 4.5:1 is needed); the kit uses the darker %(used)s instead."
                )
                % {
                    "field": label,
                    "chosen": chosen,
                    "used": used,
                    "ratio": f"{ratio:.1f}".replace(".", ",")
                    if page_lang() == "vi"
                    else f"{ratio:.1f}",
                },
            )
        upload = form.cleaned_data["logo"]
        try:
            if upload is not None and upload.size > services.LOGO_MAX_BYTES:
                raise KitError(
                    _("The logo is too large (%(size)s KB); at most 2 MB.")
                    % {"size": upload.size // 1024}
                )
            branding = services.branding_from_input(
                unit_name=form.cleaned_data["unit_name"],
                primary=form.cleaned_data["primary"],
                accent=form.cleaned_data["accent"],
                logo=upload.read() if upload is not None else None,
                logo_name=upload.name if upload is not None else "logo",
            )
            build = services.kit_build_request(
                actor=request.user, pack=pack_get(), branding=branding, unit=_user_unit(request)
            )
        except KitError as exc:
            form.add_error(None, message_in_language(str(exc)))
        except PackNotInstalledError:
            form.add_error(None, _("No content pack is installed."))
        else:
            return redirect("kit_build", pk=build.pk)
    return _page(request, _public_build(), form=form, status=400)


@require_GET
def kit_status(request: HttpRequest, pk: int) -> JsonResponse:
    build = _get(request, pk)
    return JsonResponse(
        {
            "status": build.status,
            "percent": build.percent,
            "done": build.progress_done,
            "total": build.progress_total,
            "step": str(STEP_LABELS.get(build.progress_label, "")),
            "error": message_in_language(build.error),
            "url": reverse("kit_build", args=[build.pk]),
        },
        headers={"Cache-Control": "no-store"},
    )


def _serve(
    request: HttpRequest, build: KitBuild, stored: str, *, etag: str, name: str, attach: bool
) -> HttpResponse:
    """Answer with the stored file ``stored``; the caller has checked the permission."""
    quoted = f'"{etag}"'
    cache = "public, max-age=86400" if build.is_public else "private, max-age=3600"
    if quoted in request.headers.get("If-None-Match", ""):
        return HttpResponse(status=304, headers={"ETag": quoted, "Cache-Control": cache})
    response = download_response(stored, name=name, attach=attach)
    if response.status_code != 200:
        return response  # a redirect to a signed link, never cached
    response["ETag"] = quoted
    response["Cache-Control"] = cache
    return response


def _done(request: HttpRequest, pk: int) -> KitBuild:
    build = _get(request, pk)
    if build.status != BuildStatus.DONE:
        raise Http404
    return build


@require_safe  # GET and HEAD: download managers ask HEAD first
def kit_file(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    build = _done(request, pk)
    listed = {str(f["path"]): f for f in build.files()}
    entry = listed.get(path)
    if entry is None:  # only the manifest's own paths, so ".." or any other file is a 404
        raise Http404
    return _serve(
        request,
        build,
        build.file_name(path),
        etag=str(entry["sha256"]),
        name=path.rsplit("/", 1)[-1],
        attach=True,
    )


@require_safe  # GET and HEAD: download managers ask HEAD first
def kit_thumb(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    build = _done(request, pk)
    if path not in {t["path"] for t in build.thumbs}:
        raise Http404
    sha = next(str(f["sha256"]) for f in build.files() if f["path"] == path)
    return _serve(
        request,
        build,
        build.thumb_name(thumb_path(path)),
        etag=f"{sha}-thumb",
        name=PurePosixPath(thumb_path(path)).name,
        attach=False,
    )


@require_safe  # GET and HEAD: download managers ask HEAD first
def kit_zip(request: HttpRequest, pk: int) -> HttpResponse:
    build = _done(request, pk)
    return _serve(
        request,
        build,
        build.zip_storage_name(),
        etag=build.zip_sha256,
        name=build.zip_name,
        attach=True,
    )


@login_required
@require_POST
def kit_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed build (or one whose worker died) again."""
    build = _get(request, pk)
    try:
        services.kit_build_retry(actor=request.user, build=build)
    except KitError as exc:
        messages.error(request, message_in_language(str(exc)))
    return redirect("kit_build", pk=build.pk)


@login_required
@require_POST
def unit_posters(request: HttpRequest, code: str) -> HttpResponse:
    """QR posters for a unit the user sees and its descendants to the chosen depth."""
    try:
        unit = unit_get_visible(user=request.user, code=code)
    except UnitNotVisibleError:
        raise Http404 from None
    form = PostersForm(request.POST)
    depth = form.cleaned_data["depth"] if form.is_valid() else 0
    try:
        build = services.posters_build_request(
            actor=request.user,
            unit=unit,
            depth=depth,
            pack=pack_get(),
            base_url=site_base_url(request),
        )
    except KitError as exc:
        messages.error(request, message_in_language(str(exc)))
        return redirect("unit_detail", code=unit.code)
    except PackNotInstalledError:
        messages.error(request, _("No content pack is installed."))
        return redirect("unit_detail", code=unit.code)
    return redirect("kit_build", pk=build.pk)
