"""Write stories: submit, moderate. Atomic, keyword-only, an audit row in the same transaction.

Everything a submission needs is checked before anything is written; photos are stored
inside the transaction and removed again if it fails, so a refused story leaves nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit.services import audit_record
from lantoa.content.selectors import pack_get
from lantoa.core.text import nfc
from lantoa.orgs.models import Role, Unit
from lantoa.orgs.scope import can, role_on
from lantoa.stories.models import Story, StoryPhoto, StoryPoint, StoryStatus
from lantoa.stories.photos import PhotoError, photo_clean
from lantoa.stories.selectors import stories_by_point_forget

TITLE_MAX = 200
TEXT_MIN = 40
TEXT_MAX = 6000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class StoryError(ValueError):
    """A story that cannot be taken; ``field`` names the form field, the message the problem."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def clean_text(value: str) -> str:
    """Plain text: NFC, no control characters, Unix newlines, at most one blank line in a row."""
    text = nfc(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean_link(value: str) -> str:
    link = nfc(value or "").strip()
    if not link:
        return ""
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link):
        raise StoryError(
            _("The link must be a web address starting with http:// or https://."), field="link"
        )
    if len(link) > 500:
        raise StoryError(_("The link is longer than 500 characters."), field="link")
    return link


def content_hash(*, title: str, text: str) -> str:
    """The same story twice: same words, whatever the case, spacing or accents' encoding."""
    folded = " ".join(unicodedata.normalize("NFC", f"{title}\n{text}").casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def can_write(user: AbstractBaseUser, unit: Unit) -> bool:
    return user.is_authenticated and role_on(user, unit) is not None


def can_moderate(user: AbstractBaseUser, story: Story) -> bool:
    """An editor (admin or focal point) of a unit *above* the story's unit, never its own."""
    parent = story.unit.parent
    return parent is not None and user.is_authenticated and can(user, parent, Role.FOCAL_POINT)


def _checked(
    *, title: str, text: str, link: str, points: Sequence[int], pack_id: str | None
) -> tuple[str, str, str, Any, list[int]]:
    """The cleaned title, text, link, pack and sorted points, or :class:`StoryError`."""
    title = " ".join(clean_text(title).split())
    text = clean_text(text)
    if not title:
        raise StoryError(_("The story needs a title."), field="title")
    if len(title) > TITLE_MAX:
        raise StoryError(
            _("The title is longer than %(n)s characters.") % {"n": TITLE_MAX}, field="title"
        )
    if not text:
        raise StoryError(_("The story has no text: tell what changed at your unit."), field="text")
    if len(text) < TEXT_MIN:
        raise StoryError(
            _("The story is too short: write at least %(n)s characters.") % {"n": TEXT_MIN},
            field="text",
        )
    if len(text) > TEXT_MAX:
        raise StoryError(
            _("The story is longer than %(n)s characters.") % {"n": TEXT_MAX}, field="text"
        )
    link = clean_link(link)
    pack = pack_get(pack_id)
    known = {p.number for p in pack.points}
    chosen = sorted(set(points))
    if not chosen:
        raise StoryError(_("Tag at least one point the story illustrates."), field="points")
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise StoryError(
            _("Point %(n)s does not exist in this pack (points 1 to %(max)s).")
            % {"n": unknown[0], "max": max(known)},
            field="points",
        )
    return title, text, link, pack, chosen


@transaction.atomic
def story_submit(
    *,
    actor: AbstractBaseUser,
    unit: Unit,
    title: str,
    text: str,
    points: Sequence[int],
    link: str = "",
    photos: Sequence[Upload] = (),
    pack_id: str | None = None,
) -> Story:
    """A new story of ``unit`` waiting for the parent unit's approval."""
    from django.conf import settings

    if not can_write(actor, unit):
        raise StoryError(_("You can write stories only for a unit you belong to."), field="unit")
    if unit.parent_id is None:
        raise StoryError(_("The top of the tree has no unit above it to approve a story."))
    title, text, link, pack, chosen = _checked(
        title=title, text=text, link=link, points=points, pack_id=pack_id
    )
    if len(photos) > settings.LANTOA_STORY_PHOTOS_MAX:
        raise StoryError(
            _("At most %(n)s photos per story.") % {"n": settings.LANTOA_STORY_PHOTOS_MAX},
            field="photos",
        )
    try:
        cleaned = [photo_clean(p.data, filename=p.name) for p in photos]
    except PhotoError as exc:
        raise StoryError(str(exc), field="photos") from None
    digest = content_hash(title=title, text=text)
    if Story.objects.filter(unit=unit, content_hash=digest).exists():
        raise StoryError(_("This story has already been submitted for this unit."), field="text")
    stored: list[str] = []
    try:
        with transaction.atomic():
            story = Story.objects.create(
                unit=unit,
                author=actor,
                pack_id=pack.id,
                title=title,
                text=text,
                link=link,
                content_hash=digest,
            )
        StoryPoint.objects.bulk_create(
            [StoryPoint(story=story, pack_id=pack.id, number=n) for n in chosen]
        )
        for position, photo in enumerate(cleaned):
            sha = hashlib.sha256(photo.data).hexdigest()
            name = default_storage.save(
                f"stories/{story.pk}/{sha[:16]}.jpg", ContentFile(photo.data)
            )
            stored.append(name)
            StoryPhoto.objects.create(
                story=story, name=name, width=photo.width, height=photo.height, position=position
            )
        audit_record(
            actor=actor,
            action="story.submit",
            obj=story,
            after={"unit": unit.code, "title": title, "points": chosen, "photos": len(cleaned)},
        )
    except IntegrityError:
        _remove(stored)
        raise StoryError(
            _("This story has already been submitted for this unit."), field="text"
        ) from None
    except BaseException:
        _remove(stored)
        raise
    return story


def _remove(names: Sequence[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


@transaction.atomic
def story_revise(
    *,
    actor: AbstractBaseUser,
    story: Story,
    title: str,
    text: str,
    points: Sequence[int],
    link: str = "",
) -> Story:
    """A story the editors asked to change, changed by a member of its unit and sent again
    (its photos stay)."""
    story = Story.objects.select_for_update().select_related("unit").get(pk=story.pk)
    if not can_write(actor, story.unit):
        raise StoryError(_("You can write stories only for a unit you belong to."), field="unit")
    if story.status != StoryStatus.CHANGES:
        raise StoryError(_("Only a story the editors asked to change can be changed."))
    title, text, link, pack, chosen = _checked(
        title=title, text=text, link=link, points=points, pack_id=story.pack_id
    )
    digest = content_hash(title=title, text=text)
    if Story.objects.filter(unit=story.unit, content_hash=digest).exclude(pk=story.pk).exists():
        raise StoryError(_("This story has already been submitted for this unit."), field="text")
    before = {"title": story.title, "status": story.status, "reason": story.reason}
    story.title, story.text, story.link, story.content_hash = title, text, link, digest
    story.status = StoryStatus.SUBMITTED
    story.save(update_fields=["title", "text", "link", "content_hash", "status"])
    transaction.on_commit(stories_by_point_forget)
    story.points.all().delete()
    StoryPoint.objects.bulk_create(
        [StoryPoint(story=story, pack_id=pack.id, number=n) for n in chosen]
    )
    audit_record(
        actor=actor,
        action="story.revise",
        obj=story,
        before=before,
        after={"title": title, "status": story.status, "points": chosen},
    )
    return story


DECISIONS = {
    "approve": StoryStatus.APPROVED,
    "changes": StoryStatus.CHANGES,
    "reject": StoryStatus.REJECTED,
}


@transaction.atomic
def story_moderate(
    *, actor: AbstractBaseUser, story: Story, decision: str, reason: str = ""
) -> Story:
    """Approve, ask for changes or reject ``story``; the last two need a reason."""
    story = Story.objects.select_for_update().select_related("unit").get(pk=story.pk)
    if not can_moderate(actor, story):
        raise StoryError(
            _("Only an editor of a unit above %(unit)s can approve its stories.")
            % {"unit": story.unit.name}
        )
    status = DECISIONS.get(decision)
    if status is None:
        raise StoryError(_("Choose approve, ask for changes or reject."), field="decision")
    reason = clean_text(reason)[:2000]
    if status != StoryStatus.APPROVED and not reason:
        raise StoryError(_("Give a reason so the unit knows what to change."), field="reason")
    if story.status != StoryStatus.SUBMITTED:
        raise StoryError(
            _("This story is no longer waiting: it is %(status)s.")
            % {"status": story.get_status_display()}
        )
    before = {"status": story.status}
    now = timezone.now()
    story.status = status
    story.reason = reason
    story.moderated_by = actor
    story.moderated_at = now
    story.approved_at = now if status == StoryStatus.APPROVED else None
    story.save(update_fields=["status", "reason", "moderated_by", "moderated_at", "approved_at"])
    transaction.on_commit(stories_by_point_forget)
    audit_record(
        actor=actor,
        action=f"story.{decision}",
        obj=story,
        before=before,
        after={"status": status.value, "reason": reason},
    )
    if status == StoryStatus.APPROVED:
        _share_image_enqueue(story.pk)
    return story


def _share_image_enqueue(story_id: int) -> None:
    """The worker draws the story's share card; with the database backend the task row
    commits with the approval, with RQ it is sent after the commit."""
    from lantoa.stories.tasks import story_share_image_task
    from lantoa.worker.run import backend_is_database

    if backend_is_database():
        story_share_image_task.enqueue(story_id=story_id)
    else:
        transaction.on_commit(lambda: story_share_image_task.enqueue(story_id=story_id))
