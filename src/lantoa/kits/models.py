"""Stored kit renders: one row (and one private folder) per pack, branding and renderer.

Files live in the default storage (``STORAGES``: a folder, or an S3 bucket) under
``kits/<storage>/``: ``files/`` the kit as rendered, ``thumbs/`` and the ZIP.

A build is identified by a dedupe key, the SHA-256 of everything that shapes its files
(what is rendered, the pack id and version, the branding, the renderer version and, for
posters, the units). Asking again for the same key reuses the finished build or joins the
one being rendered, so a kit is rendered once however many people ask for it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BuildKind(models.TextChoices):
    KIT = "kit", _("kit")
    POSTERS = "posters", _("posters")


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class KitBuild(models.Model):
    kind = models.CharField(
        _("kind"), max_length=10, choices=BuildKind.choices, default=BuildKind.KIT
    )
    key = models.CharField(_("dedupe key"), max_length=64, unique=True)
    pack_id = models.CharField(_("pack"), max_length=64)
    pack_version = models.CharField(_("pack version"), max_length=32)
    brand_unit = models.CharField(_("unit name on the kit"), max_length=300, blank=True)
    primary = models.CharField(_("primary colour"), max_length=7)
    accent = models.CharField(_("accent colour"), max_length=7)
    logo_sha256 = models.CharField(_("logo SHA-256"), max_length=64, blank=True)
    renderer = models.CharField(_("renderer version"), max_length=64)
    options = models.JSONField(_("options"), default=dict, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    progress_label = models.CharField(_("progress"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kit_builds",
    )
    storage = models.CharField(_("storage folder"), max_length=100, blank=True)
    manifest = models.JSONField(_("manifest"), null=True, blank=True)
    thumbs = models.JSONField(_("thumbnails"), default=list, blank=True)
    zip_name = models.CharField(_("ZIP file name"), max_length=200, blank=True)
    zip_sha256 = models.CharField(_("ZIP SHA-256"), max_length=64, blank=True)
    zip_size = models.PositiveBigIntegerField(_("ZIP size"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("kit build")
        verbose_name_plural = _("kit builds")
        indexes = [
            models.Index(
                fields=["kind", "pack_id", "is_public", "status"], name="kitbuild_find_idx"
            )
        ]

    def __str__(self) -> str:
        brand = f" · {self.brand_unit}" if self.brand_unit else ""
        return f"{self.kind} {self.pack_id} {self.pack_version}{brand} #{self.pk}"

    @property
    def prefix(self) -> str:
        """The build's private folder in the storage (``files/``, ``thumbs/``, the ZIP)."""
        return f"kits/{self.storage}"

    def file_name(self, rel: str) -> str:
        return f"{self.prefix}/files/{rel}"

    def thumb_name(self, rel: str) -> str:
        return f"{self.prefix}/thumbs/{rel}"

    def zip_storage_name(self) -> str:
        return f"{self.prefix}/{self.zip_name}"

    @property
    def is_active(self) -> bool:
        return self.status in (BuildStatus.QUEUED, BuildStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == BuildStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    def files(self) -> list[dict[str, object]]:
        return list((self.manifest or {}).get("files", []))
