"""Campaigns and their cascade down the organisation tree.

A campaign is a directive with a pack. It is *assigned* to units, each with a deadline;
an assigned unit acknowledges, may *forward* to units below it (never with a later
deadline than its own), and *reports*. A report is submitted explicitly; amending it
adds a version, and every version is kept.

Deadlines are stored in UTC as the end of the day in Vietnam ("trước ngày 25/3" means
until 23:59:59 on 25/03 in Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.content.models import PackVersion
from lantoa.orgs.models import Unit


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class Campaign(models.Model):
    title = models.CharField(_("title"), max_length=255)
    pack = models.ForeignKey(
        PackVersion, verbose_name=_("content pack"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="campaigns"
    )
    dispatch_number = models.CharField(_("dispatch number"), max_length=64, blank=True)
    dispatch_date = models.DateField(_("dispatch date"), null=True, blank=True)
    source_dispatch = models.ForeignKey(
        "dispatches.SavedDispatch",
        verbose_name=_("source dispatch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AssignmentStatus(models.TextChoices):
    NOT_RECEIVED = "not_received", _("not received")
    RECEIVED = "received", _("received")
    IN_PROGRESS = "in_progress", _("in progress")
    REPORTED_ON_TIME = "on_time", _("reported on time")
    REPORTED_LATE = "late", _("reported late")
    OVERDUE = "overdue", _("overdue")


class Assignment(models.Model):
    """A campaign's task given to one unit, with a deadline (nhiệm vụ được giao)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("forwarded from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    task = models.TextField(_("task"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("first reported at"), null=True, blank=True)
    # The latest report's figures, kept here so a dashboard sums a subtree in one query.
    report_version = models.PositiveIntegerField(_("report version"), default=0)
    staff_count = models.PositiveIntegerField(_("staff count"), default=0)
    staff_reached = models.PositiveIntegerField(_("staff reached"), default=0)
    publication_count = models.PositiveIntegerField(_("publications"), default=0)
    # Mean verify coverage of the latest report's publications that include their text.
    publication_coverage = models.FloatField(_("publication coverage"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="assignment_campaign_unit")
        ]
        indexes = [models.Index(fields=["campaign", "deadline"], name="assignment_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.unit}"


class Channel(models.TextChoices):
    PORTAL = "portal", _("web portal")
    FACEBOOK = "facebook", _("Facebook")
    YOUTUBE = "youtube", _("YouTube")
    ZALO = "zalo", _("Zalo")
    RADIO = "radio", _("radio / loudspeaker")
    PRINT = "print", _("print")
    OTHER = "other", _("other")


class Report(models.Model):
    """One submitted version of a unit's report; amending adds a new version."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="reports"
    )
    version = models.PositiveIntegerField(_("version"))
    staff_count = models.PositiveIntegerField(_("staff count"))
    staff_reached = models.PositiveIntegerField(_("staff reached"))
    meetings = models.JSONField(_("meetings"), default=list, blank=True)
    publications = models.JSONField(_("publications"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["assignment", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "version"], name="report_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} v{self.version}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("deadline approaching")
    OVERDUE = "overdue", _("deadline passed")


class Reminder(models.Model):
    """A reminder sent to a unit about one assignment; each kind is sent once."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed = models.PositiveIntegerField(_("e-mails sent"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind"], name="reminder_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.kind})"


class Attachment(models.Model):
    """A file a unit attached to its report (minutes, photos, a signed scan)."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    report_version = models.PositiveIntegerField(_("report version"))
    name = models.CharField(_("file name"), max_length=255)
    stored = models.CharField(_("stored as"), max_length=255, unique=True)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class NoticeKind(models.TextChoices):
    EXTENDED = "extended", _("deadline extended")
    WITHDRAWN = "withdrawn", _("assignment withdrawn")


class Notice(models.Model):
    """A change told to a unit concerned: its deadline moved, its assignment withdrawn.

    Kept per unit rather than per assignment, since a withdrawn assignment is deleted.
    Shown beside the reminders and e-mailed to the unit's focal points and admins.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="notices"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed = models.PositiveIntegerField(_("e-mails sent"), default=0)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign} ({self.kind})"
