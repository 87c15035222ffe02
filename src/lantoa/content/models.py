"""Installed content packs.

Each row is one version of a pack, stored whole as the validated JSON of its
YAML file with the schema version it was written in; campaigns and learning
point at a row, so what a learner studied stays known after the pack changes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.packs.schema import KINDS


class PackVersion(models.Model):
    pack_id = models.SlugField(_("pack id"), max_length=40)
    version = models.CharField(_("version"), max_length=32)
    schema_version = models.PositiveSmallIntegerField(_("schema version"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255)
    data = models.JSONField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    builtin = models.BooleanField(_("built in"), default=False)
    installed_at = models.DateTimeField(_("installed at"), auto_now_add=True)
    # The unit that published it; empty for national packs (built in, or installed from a
    # file), which every unit may use. A unit's packs serve that unit and the units below.
    owner_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("published by unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, default="comparison")

    class Meta:
        verbose_name = _("pack version")
        verbose_name_plural = _("pack versions")
        ordering = ["pack_id", "-installed_at"]
        constraints = [
            models.UniqueConstraint(fields=["pack_id", "version"], name="pack_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pack_id}@{self.version}"


KIND_CHOICES = [
    ("key_points", _("Key points")),
    ("qa", _("Questions and answers")),
    ("comparison", _("Comparison of two sides")),
]
assert {k for k, _label in KIND_CHOICES} == set(KINDS)


class PackDraft(models.Model):
    """A pack being written in the site, private to its unit until published.

    Publishing validates it, freezes it as a new :class:`PackVersion` and deletes the draft.
    A draft started from a published version keeps its points' ids, so the new version's
    points are the same points (for progress and statistics) where they were kept.
    """

    owner_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    pack_id = models.SlugField(_("pack id"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    summary_vi = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    sides = models.JSONField(_("sides"), default=dict, blank=True)  # comparison packs
    sources = models.JSONField(_("sources"), default=list, blank=True)
    base = models.ForeignKey(
        PackVersion,
        verbose_name=_("continues version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pack draft")
        verbose_name_plural = _("pack drafts")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.pack_id} ({self.owner_unit_id})"


class DraftPoint(models.Model):
    """One point of a draft; ``point_id`` is its stable id across versions."""

    draft = models.ForeignKey(
        PackDraft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="points"
    )
    position = models.PositiveIntegerField(_("position"))
    point_id = models.SlugField(_("point id"), max_length=40)
    title_vi = models.TextField(_("title (Vietnamese)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    text_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    short_vi = models.TextField(_("short form (Vietnamese)"), blank=True)
    short_en = models.TextField(_("short form (English)"), blank=True)
    keywords_vi = models.TextField(_("keywords (Vietnamese)"), blank=True)
    keywords_en = models.TextField(_("keywords (English)"), blank=True)
    # A comparison point's sides: {"it": {"full": {...}, "short": {...}}, "dx": {...}}.
    sides = models.JSONField(_("sides"), default=dict, blank=True)

    class Meta:
        verbose_name = _("draft point")
        verbose_name_plural = _("draft points")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "point_id"], name="draft_point_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title_vi[:40]}"
