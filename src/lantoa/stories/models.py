"""Stories: a unit tells a change of its own, tagged by the pack's points it illustrates.

A member of a unit writes and submits a story; an editor (admin or focal point) of an
ancestor unit approves it, asks for changes or rejects it, with a reason. Only approved
stories are public. Text is kept as plain text (rendered escaped); photos are re-encoded
JPEGs in the default storage under ``stories/``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for approval")
    CHANGES = "changes", _("changes requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Story(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="stories"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pack_id = models.CharField(_("pack"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=StoryStatus.choices, default=StoryStatus.SUBMITTED
    )
    reason = models.TextField(_("reason"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "content_hash"], name="story_unit_content_unique"
            )
        ]
        indexes = [
            models.Index(fields=["status", "-approved_at"], name="story_status_approved_idx"),
            models.Index(fields=["unit", "status"], name="story_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class StoryPoint(models.Model):
    """A point of a pack the story illustrates (by the point's stable number)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="points")
    pack_id = models.CharField(_("pack"), max_length=64)
    number = models.PositiveSmallIntegerField(_("point"))

    class Meta:
        verbose_name = _("story point")
        verbose_name_plural = _("story points")
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="story_point_unique")
        ]
        indexes = [models.Index(fields=["pack_id", "number"], name="story_point_pack_idx")]

    def __str__(self) -> str:
        return f"{self.pack_id} #{self.number}"


class StoryPhoto(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    name = models.CharField(_("stored file"), max_length=255)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("story photo")
        verbose_name_plural = _("story photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
