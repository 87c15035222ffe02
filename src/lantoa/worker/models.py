"""One row per periodic job: when it is next due, claimed by a conditional UPDATE.

Every ``lantoa worker`` process, on every node, asks "is it due?" about each job; the one
whose ``UPDATE … WHERE next_at <= now`` changes the row runs it, the others see 0 rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    name = models.CharField(_("name"), max_length=100, primary_key=True)
    next_at = models.DateTimeField(_("next run"))
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveBigIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name
