"""A dispatch (công văn) read by the ingest page and saved after a clerk checked it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.core.text import fold_key


class DispatchKind(models.TextChoices):
    CONG_VAN = "cong_van", _("Official dispatch")
    KE_HOACH = "ke_hoach", _("Plan")
    QUYET_DINH = "quyet_dinh", _("Decision")
    THONG_BAO = "thong_bao", _("Notice")
    NGHI_DINH = "nghi_dinh", _("Decree")
    NGHI_QUYET = "nghi_quyet", _("Resolution")
    THONG_TU = "thong_tu", _("Circular")
    CHI_THI = "chi_thi", _("Directive")
    CONG_DIEN = "cong_dien", _("Official telegram")
    ARTICLE = "article", _("Article (not a dispatch)")
    UNKNOWN = "unknown", _("Unknown")


class SavedDispatch(models.Model):
    """The fields as data (``data``, the JSON shape of docs/ingest.md), the source text
    every span points into, and a few columns copied out for lists and look-ups."""

    kind = models.CharField(max_length=20, choices=DispatchKind.choices)
    code = models.CharField(max_length=120, blank=True, db_index=True)
    issuer = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True, blank=True)
    subject = models.TextField(blank=True)
    data = models.JSONField()
    text = models.TextField()
    source_name = models.CharField(max_length=255, blank=True)
    source_kind = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="saved_dispatches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The unit the saver worked for: the dispatch is listed to that unit's subtree.
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Number, subject and issuer folded (no diacritics, lower case) for accent-blind search.
    search = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved dispatch")

    def __str__(self) -> str:
        return self.code or self.subject[:60] or f"#{self.pk}"

    def search_text(self) -> str:
        return fold_key(" ".join((self.code, self.subject, self.issuer)))
