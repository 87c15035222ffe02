"""The organisation tree: units of any depth and kind, and who works in them.

A unit's ``path`` lists the ids of its ancestors and itself (``/0000001/0000042/``), so
"this unit and everything below it" is one indexed prefix query on SQLite and
PostgreSQL alike. A merged unit moves under the unit that absorbed it and keeps its
rows, so everything attached to it is counted under its new parent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PATH_STEP = 8  # seven digits and a slash: ten million units


class UnitKind(models.TextChoices):
    COUNTRY = "country", _("country")
    MINISTRY = "ministry", _("ministry")
    AGENCY = "agency", _("agency")
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    DEPARTMENT = "department", _("department")
    COMMITTEE = "committee", _("People's Committee")
    MEDIA_CENTRE = "media_centre", _("media centre")
    HEALTH_CENTRE = "health_centre", _("health centre")
    HEALTH_STATION = "health_station", _("health station")
    SCHOOL = "school", _("school")
    COMMUNITY_TEAM = "community_team", _("community digital technology team")
    OTHER = "other", _("other")


code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
    _("A unit code uses letters, digits, '.', '_' and '-' only (at most 64)."),
)


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    type_label = models.CharField(_("type"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=1024, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="absorbed",
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="unit_path_idx"),
            models.Index(
                fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name as lists show it: a unit of the tree before a reform says until when,
        so the current "Tỉnh Quảng Ninh" and the 2023 one can be told apart."""
        if self.valid_until is None:
            return self.name
        return _("%(name)s (until %(date)s)") % {
            "name": self.name,
            "date": self.valid_until.strftime("%d/%m/%Y"),
        }

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None and self.valid_until is None

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to (and including) this unit, read from the path."""
        return path_ids(self.path)


def path_ids(path: str) -> list[int]:
    """The unit ids a ``path`` names, from the root down (``/0000001/0000042/`` → [1, 42])."""
    return [int(part) for part in path.strip("/").split("/") if part]


class Role(models.TextChoices):
    ADMIN = "admin", _("unit admin")
    FOCAL_POINT = "focal_point", _("focal point")
    VIEWER = "viewer", _("viewer")


# What each role may do, on its unit and everything below it.
ROLE_RANK = {Role.VIEWER: 1, Role.FOCAL_POINT: 2, Role.ADMIN: 3}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_user_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.get_role_display()})"


class Invitation(models.Model):
    """A link a unit admin shares so people join the unit with a role."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=50)
    uses = models.PositiveIntegerField(_("uses"), default=0)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()})"
