"""Ask for a kit or a poster set, render it, and purge old builds.

``kit_build_request`` and ``posters_build_request`` find or create the build of a dedupe
key and queue its task; ``kit_build_run`` (the task's body, also called by the demo)
renders into a local work folder and publishes it to the storage before marking the build
done, so a failure leaves nothing half-written and records the renderer's Vietnamese
message. A build whose worker died (no sign of life for ``STALE_AFTER``) is queued again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lantoa.audit.services import audit_record
from lantoa.content.selectors import pack_get
from lantoa.core.kit import (
    MANIFEST,
    Branding,
    KitError,
    kit_render,
    logo_from_bytes,
    posters_render,
)
from lantoa.core.kit import Unit as PosterUnit
from lantoa.core.kit.branding import DEFAULT_ACCENT, DEFAULT_PRIMARY, colors_parse, unit_name_clean
from lantoa.core.kit.posters import MAX_UNITS, ascii_slug, poster_stem
from lantoa.core.packs import Pack
from lantoa.kits.files import (
    folder_remove,
    publish,
    renderer_version,
    storage_is_local,
    thumbs_make,
    tree_remove,
    work_folder,
    zip_write,
)
from lantoa.kits.models import BuildKind, BuildStatus, KitBuild
from lantoa.kits.selectors import poster_units, unit_branding_build
from lantoa.orgs.models import Unit
from lantoa.site.addresses import site_base_url

log = logging.getLogger("lantoa.kits")
LOGO_MAX_BYTES = 2 * 1024 * 1024
POSTER_THUMBS = 12
MAX_DEPTH = 10
# Progress reports: a step name and how many steps there are, or a count of posters.
Progress = Callable[[int, int, str], None]
# A running build that has not reported progress for this long lost its worker (killed,
# machine gone): it is queued again. Every step of a render reports well within it.
STALE_AFTER = dt.timedelta(minutes=5)
# A queued build nobody picked up for this long lost its task (RQ's Redis emptied, a crash
# between the commit and the enqueue): it is queued again.
QUEUED_STALE_AFTER = dt.timedelta(minutes=30)
LOGOS = "kits/logos"


# --- Branding from a form ---------------------------------------------------------------


def branding_from_input(
    *,
    unit_name: str | None,
    primary: str | None = None,
    accent: str | None = None,
    logo: bytes | None = None,
    logo_name: str = "logo",
) -> Branding:
    """Check what a user typed and uploaded; a problem raises ``KitError`` (Vietnamese
    first) before anything is stored."""
    if logo is not None and len(logo) > LOGO_MAX_BYTES:
        raise KitError(
            f"logo quá lớn ({len(logo) // 1024} KB), tối đa {LOGO_MAX_BYTES // 1024 // 1024} MB"
            f" / the logo is too large ({len(logo) // 1024} KB), at most 2 MB"
        )
    colors = ",".join(c.strip() for c in (primary or DEFAULT_PRIMARY, accent or DEFAULT_ACCENT))
    primary_, accent_ = colors_parse(colors)
    return Branding(
        unit=unit_name_clean(unit_name),
        logo=logo_from_bytes(logo, name=logo_name) if logo else None,
        primary=primary_,
        accent=accent_,
    )


def _logo_name(sha256: str) -> str | None:
    for fmt in ("png", "jpg"):
        name = f"{LOGOS}/{sha256}.{fmt}"
        if default_storage.exists(name):
            return name
    return None


def _logo_store(branding: Branding) -> None:
    """Keep the logo (by its digest) in the storage for the worker, which may run on
    another node; the same logo is stored once (its name is its digest)."""
    if branding.logo is None:
        return
    sha = hashlib.sha256(branding.logo.data).hexdigest()
    if _logo_name(sha) is not None:
        return
    default_storage.save(f"{LOGOS}/{sha}.{branding.logo.fmt}", ContentFile(branding.logo.data))


def _branding_of(build: KitBuild) -> Branding:
    logo = None
    if build.logo_sha256:
        name = _logo_name(build.logo_sha256)
        if name is None:
            raise KitError("không còn tệp logo của bản này / the logo of this build is gone")
        with default_storage.open(name, "rb") as handle:
            logo = logo_from_bytes(handle.read())
    return Branding(
        unit=build.brand_unit or None, logo=logo, primary=build.primary, accent=build.accent
    )


# --- Requests ---------------------------------------------------------------------------


def build_key(*, kind: str, pack: Pack, branding: Branding, options: dict[str, Any]) -> str:
    data = {
        "kind": kind,
        "pack": [pack.id, pack.version],
        "branding": branding.as_data(),
        "renderer": renderer_version(),
        "options": options,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def build_is_stale(build: KitBuild, now: dt.datetime | None = None) -> bool:
    """Running without a sign of life for ``STALE_AFTER`` (its worker is gone), or queued
    and never picked up for ``QUEUED_STALE_AFTER``."""
    if not build.is_active:
        return False
    last = build.heartbeat_at or build.created_at
    limit = STALE_AFTER if build.status == BuildStatus.RUNNING else QUEUED_STALE_AFTER
    return last is not None and last < (now or timezone.now()) - limit


def _usable(build: KitBuild) -> bool:
    """A build that may be reused or joined: done with its files stored, or on its way."""
    if build.status == BuildStatus.DONE:
        return default_storage.exists(build.file_name(MANIFEST))
    return build.is_active and not build_is_stale(build)


def _enqueue(build: KitBuild) -> None:
    """Queue the build's task. With the database backend the task row commits with the
    build or not at all; with RQ it is sent once the build is committed (a crash between
    the two leaves a queued build that the stale sweep queues again)."""
    from lantoa.kits.tasks import kit_build_task
    from lantoa.worker.run import backend_is_database

    if backend_is_database():
        kit_build_task.enqueue(build_id=build.pk)
    else:
        pk = build.pk
        transaction.on_commit(lambda: kit_build_task.enqueue(build_id=pk))


def _requester_add(build: KitBuild, actor: AbstractBaseUser | None) -> None:
    """Everyone who asked for a branded kit may open it, whoever asked first."""
    if actor is not None and actor.is_authenticated and not build.is_public:
        build.requested_by.add(actor)


def _storage_name(kind: str, key: str) -> str:
    return f"{kind}-{key[:16]}-{secrets.token_hex(4)}"


def _quota_check(actor: AbstractBaseUser | None) -> None:
    """Each render is seconds of Typst and megabytes on disk: an account may start
    ``LANTOA_KIT_BUILDS_PER_DAY`` new ones a day (superusers and the site itself are free)."""
    if actor is None or not actor.is_authenticated or getattr(actor, "is_superuser", False):
        return
    limit: int = settings.LANTOA_KIT_BUILDS_PER_DAY
    since = timezone.now() - dt.timedelta(days=1)
    if KitBuild.objects.filter(created_by=actor, created_at__gte=since).count() >= limit:
        raise KitError(
            f"bạn đã yêu cầu {limit} lần dựng mới trong 24 giờ qua, mức tối đa; hãy dùng lại "
            f"các bộ đã có hoặc thử lại sau / you have started {limit} new renders in the last "
            "24 hours, the most allowed; reuse the existing ones or try again later"
        )


def _request(
    *,
    actor: AbstractBaseUser | None,
    kind: str,
    pack: Pack,
    branding: Branding,
    unit: Unit | None,
    options: dict[str, Any],
    enqueue: bool = True,
    retry_failed: bool = True,
) -> tuple[KitBuild, bool]:
    """Find or create the build of this key; ``(build, queued)`` says whether it was
    (re)queued now rather than reused or joined."""
    key = build_key(kind=kind, pack=pack, branding=branding, options=options)
    with transaction.atomic():
        build = KitBuild.objects.select_for_update().filter(key=key).first()
        if build is not None and (
            _usable(build) or (build.status == BuildStatus.FAILED and not retry_failed)
        ):
            _requester_add(build, actor)
            return build, False
        _quota_check(actor)
        fields = {
            "status": BuildStatus.QUEUED,
            "progress_done": 0,
            "progress_total": 0,
            "progress_label": "",
            "error": "",
            "manifest": None,
            "thumbs": [],
            "storage": _storage_name(kind, key),
            "started_at": None,
            "heartbeat_at": timezone.now(),
            "finished_at": None,
        }
        if build is None:
            try:
                with transaction.atomic():
                    build = KitBuild.objects.create(
                        key=key,
                        kind=kind,
                        pack_id=pack.id,
                        pack_version=pack.version,
                        brand_unit=branding.unit or "",
                        primary=branding.primary,
                        accent=branding.accent,
                        logo_sha256=str(branding.as_data()["logo_sha256"] or ""),
                        renderer=renderer_version(),
                        options=options,
                        is_public=kind == BuildKind.KIT and branding == Branding(),
                        created_by=actor if actor is not None and actor.is_authenticated else None,
                        unit=unit,
                        **fields,
                    )
            except IntegrityError:  # another request created it a moment ago: join it
                build = KitBuild.objects.get(key=key)
                _requester_add(build, actor)
                return build, False
        else:  # failed, or its files are gone: render it again
            for name, value in fields.items():
                setattr(build, name, value)
            build.save(update_fields=[*fields, "storage"])
        _requester_add(build, actor)
        _logo_store(branding)
        audit_record(
            actor=actor,
            action=f"{kind}_build.request",
            obj=build,
            after={"pack": f"{pack.id} {pack.version}", **branding.as_data(), **options},
        )
        if enqueue:
            _enqueue(build)
    return build, True


def kit_build_request(
    *,
    actor: AbstractBaseUser | None,
    pack: Pack,
    branding: Branding | None = None,
    unit: Unit | None = None,
    enqueue: bool = True,
    retry_failed: bool = True,
) -> KitBuild:
    """The build of ``pack`` with ``branding``: a finished one is reused, one being rendered
    is joined, otherwise a new one is queued (task ``kit.render``). A failed one is queued
    again unless ``retry_failed`` is false (a page view must not loop on a failing render)."""
    build, _ = _request(
        actor=actor,
        kind=BuildKind.KIT,
        pack=pack,
        branding=branding or Branding(),
        unit=unit,
        options={},
        enqueue=enqueue,
        retry_failed=retry_failed,
    )
    return build


def unit_branding(*, unit: Unit) -> Branding:
    """The colours and logo of the unit's (or its nearest ancestor's) latest branded kit,
    for its posters; the default branding when it never rendered one."""
    build = unit_branding_build(unit=unit)
    if build is None:
        return Branding()
    logo = None
    name = _logo_name(build.logo_sha256) if build.logo_sha256 else None
    if name is not None:
        with default_storage.open(name, "rb") as handle:
            logo = logo_from_bytes(handle.read())
    return Branding(logo=logo, primary=build.primary, accent=build.accent)


def posters_build_request(
    *,
    actor: AbstractBaseUser | None,
    unit: Unit,
    depth: int,
    pack: Pack,
    base_url: str | None = None,
    enqueue: bool = True,
) -> KitBuild:
    """Posters for ``unit`` and its descendants ``depth`` levels down (task ``kit.posters``).
    The caller has checked that ``actor`` sees ``unit``."""
    if not 0 <= depth <= MAX_DEPTH:
        raise KitError(f"độ sâu phải từ 0 đến {MAX_DEPTH} / depth must be 0 to {MAX_DEPTH}")
    units = poster_units(root=unit, depth=depth)
    if len(units) > MAX_UNITS:
        raise KitError(
            f"quá nhiều đơn vị ({len(units)}, tối đa {MAX_UNITS}); hãy chọn độ sâu nhỏ hơn / "
            f"too many units ({len(units)}, at most {MAX_UNITS}); choose a smaller depth"
        )
    listing = hashlib.sha256("\n".join(f"{u.code}\t{u.name}" for u in units).encode()).hexdigest()
    options = {
        "unit": unit.code,
        "depth": depth,
        "base_url": base_url or site_base_url(),
        "units": len(units),
        "units_sha256": listing,
    }
    build, _ = _request(
        actor=actor,
        kind=BuildKind.POSTERS,
        pack=pack,
        branding=unit_branding(unit=unit),
        unit=unit,
        options=options,
        enqueue=enqueue,
    )
    return build


# --- Rendering (the tasks' body) ----------------------------------------------------------


def _progress_write(build: KitBuild, done: int, total: int, label: str) -> None:
    KitBuild.objects.filter(pk=build.pk).update(
        progress_done=done,
        progress_total=total,
        progress_label=label[:200],
        heartbeat_at=timezone.now(),
    )


Rendered = tuple[dict[str, Any], list[dict[str, Any]]]  # the manifest and the thumbnails


def _render_kit(build: KitBuild, work: Path, report: Progress) -> Rendered:
    pack = pack_get(build.pack_id, build.pack_version)
    steps = 8  # six items, the manifest, then thumbnails and the ZIP

    def progress(name: str, done: int, total: int) -> None:
        report(done, steps, name)

    result = kit_render(
        pack,
        out=work / "files",
        branding=_branding_of(build),
        progress=progress,
        base_url=site_base_url(),  # captions link to the points' pages (lantoa.stories)
    )
    report(7, steps, "thumbnails")
    pictures = [f.path for f in result.files if f.path.endswith(".png")]
    thumbs = thumbs_make(work / "files", work / "thumbs", pictures)
    report(8, steps, "zip")
    return result.manifest, thumbs


def _render_posters(build: KitBuild, work: Path, report: Progress) -> Rendered:
    pack = pack_get(build.pack_id, build.pack_version)
    if build.unit is None:
        raise KitError("đơn vị của bộ áp phích không còn / the unit of these posters is gone")
    depth = int(build.options.get("depth", 0))
    units = [
        PosterUnit(code=u.code, name=u.name) for u in poster_units(root=build.unit, depth=depth)
    ]
    total = len(units) + 1

    def progress(done: int, _total: int) -> None:
        report(done, total, "posters")

    result = posters_render(
        units,
        pack=pack,
        out=work / "files",
        branding=_branding_of(build),
        base_url=str(build.options.get("base_url") or site_base_url()),
        processes=None if len(units) > 200 else 1,
        progress=progress,
    )
    report(len(units), total, "zip")
    pictures = [f"posters/{poster_stem(u)}.png" for u in units[:POSTER_THUMBS]]
    return result.manifest, thumbs_make(work / "files", work / "thumbs", pictures)


def _zip_name(build: KitBuild) -> str:
    if build.kind == BuildKind.POSTERS:
        code = str(build.options.get("unit", ""))
        name = ascii_slug(build.unit.name) if build.unit is not None else ""
        return f"lantoa-ap-phich-{name + '-' if name else ''}{code}-{build.pack_id}.zip"
    brand = f"-{build.key[:8]}" if not build.is_public else ""
    return f"lantoa-bo-an-pham-{build.pack_id}-{build.pack_version}{brand}.zip"


def kit_build_run(*, build_id: int, heartbeat: Progress | None = None) -> KitBuild:
    """Render a queued build and publish its files. A ``KitError`` (bad input, text that
    does not fit) fails the build with its message; an unexpected error fails it too (the
    user may retry it, :func:`kit_build_retry`) and is re-raised so the task is recorded as
    failed with its traceback."""
    now = timezone.now()
    claimed = KitBuild.objects.filter(pk=build_id, status=BuildStatus.QUEUED).update(
        status=BuildStatus.RUNNING, started_at=now, heartbeat_at=now, error=""
    )
    build = KitBuild.objects.select_related("unit").get(pk=build_id)
    if not claimed:
        return build  # running elsewhere, done already (a repeated task) or failed
    work = work_folder(build.prefix)

    def report(done: int, total: int, label: str) -> None:
        _progress_write(build, done, total, label)
        if heartbeat:
            heartbeat(done, total, label)

    try:
        render = _render_posters if build.kind == BuildKind.POSTERS else _render_kit
        manifest, thumbs = render(build, work, report)
        zip_name = _zip_name(build)
        zip_sha, zip_size = zip_write(work / "files", manifest, work / zip_name)
        publish(work, build.prefix)
    except KitError as exc:
        folder_remove(work)
        return _finish(build, status=BuildStatus.FAILED, error=str(exc))
    except Exception as exc:
        folder_remove(work)
        log.exception("kit build %s failed", build_id)
        message = (
            f"lỗi không mong đợi khi tạo bộ ấn phẩm / unexpected error ({exc.__class__.__name__})"
        )
        _finish(build, status=BuildStatus.FAILED, error=message)
        raise
    return _finish(
        build,
        status=BuildStatus.DONE,
        manifest=manifest,
        thumbs=thumbs,
        zip_name=zip_name,
        zip_sha256=zip_sha,
        zip_size=zip_size,
    )


def _finish(build: KitBuild, *, status: str, **fields: Any) -> KitBuild:
    with transaction.atomic():
        done = status in (BuildStatus.DONE, BuildStatus.FAILED)
        KitBuild.objects.filter(pk=build.pk).update(
            status=status, finished_at=timezone.now() if done else None, **fields
        )
        if status == BuildStatus.DONE:
            KitBuild.objects.filter(pk=build.pk).update(progress_done=F("progress_total"))
        build.refresh_from_db()
        if done:
            audit_record(
                actor=None,
                action=f"{build.kind}_build.{'done' if status == BuildStatus.DONE else 'fail'}",
                obj=build,
                after={"error": build.error} if build.error else {"files": len(build.files())},
            )
    return build


# --- Purge --------------------------------------------------------------------------------


def kit_builds_purge(*, older_than: dt.timedelta) -> int:
    """Delete finished builds older than ``older_than`` (and their folders), keeping the
    newest public kit of each pack; remove left-over work folders and unused logos."""
    limit = timezone.now() - older_than
    keep = set()
    for pack_id in KitBuild.objects.filter(is_public=True).values_list("pack_id", flat=True):
        newest = (
            KitBuild.objects.filter(is_public=True, pack_id=pack_id, status=BuildStatus.DONE)
            .order_by("-finished_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if newest:
            keep.add(newest)
    old = (
        KitBuild.objects.filter(
            status__in=[BuildStatus.DONE, BuildStatus.FAILED], finished_at__lt=limit
        )
        .exclude(pk__in=keep)
        .order_by("pk")
    )
    purged = 0
    for build in old:
        with transaction.atomic():
            audit_record(actor=None, action=f"{build.kind}_build.purge", obj=build)
            prefix = build.prefix if build.storage else None
            build.delete()
        if prefix is not None:
            tree_remove(prefix)
        purged += 1
    stale = timezone.now() - older_than
    if storage_is_local() and default_storage.exists("kits"):
        root = Path(default_storage.path("kits"))
        for path in root.glob(".*.work-*"):
            if path.stat().st_mtime < stale.timestamp():
                folder_remove(path)
    used = set(KitBuild.objects.exclude(logo_sha256="").values_list("logo_sha256", flat=True))
    try:
        _, logos = default_storage.listdir(LOGOS)
    except FileNotFoundError:
        logos = []
    for name in logos:
        path = f"{LOGOS}/{name}"
        if name.split(".")[0] not in used and default_storage.get_modified_time(path) < stale:
            default_storage.delete(path)
    return purged


# --- Retry and recovery -------------------------------------------------------------------


def kit_build_retry(*, actor: AbstractBaseUser | None, build: KitBuild) -> KitBuild:
    """Queue a failed build again (or one whose worker died); others are left as they are.
    The caller has checked that ``actor`` sees ``build``."""
    with transaction.atomic():
        build = KitBuild.objects.select_for_update().get(pk=build.pk)
        if build.status != BuildStatus.FAILED and not build_is_stale(build):
            return build
        _quota_check(actor)
        build.status = BuildStatus.QUEUED
        build.progress_done = build.progress_total = 0
        build.progress_label = build.error = ""
        build.storage = _storage_name(build.kind, build.key)
        build.started_at = build.finished_at = None
        build.heartbeat_at = timezone.now()
        build.save()
        audit_record(actor=actor, action=f"{build.kind}_build.retry", obj=build)
        _enqueue(build)
    return build


def kit_builds_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again every build left queued or running by a worker that died (periodic job
    ``kits.requeue_stale``); return how many."""
    count = 0
    for build in KitBuild.objects.filter(status__in=[BuildStatus.QUEUED, BuildStatus.RUNNING]):
        if build_is_stale(build, now):
            kit_build_retry(actor=None, build=build)
            count += 1
    return count
