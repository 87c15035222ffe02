"""Installed content packs.

Each row is one version of a pack, stored whole as the validated JSON of its
YAML file with the schema version it was written in; campaigns and learning
point at a row, so what a learner studied stays known after the pack changes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("pack version")
        verbose_name_plural = _("pack versions")
        ordering = ["pack_id", "-installed_at"]
        constraints = [
            models.UniqueConstraint(fields=["pack_id", "version"], name="pack_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pack_id}@{self.version}"
