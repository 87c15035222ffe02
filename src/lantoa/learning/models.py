"""Learners, their cards, quiz attempts and certificates, and per-unit tallies.

A learner is anonymous: a random token lives in the learner's cookie and only its SHA-256
is stored here, with an optional display name and who they say they are (Decree 13/2023:
nothing else is asked). Ratings and answers carry the client's UUID, unique, so a queued
event sent twice is recorded once.

Dashboards never read these raw rows. Each learner, pass and answer writes one ``TallyDelta``
row for the learner's own unit in its own transaction; the rollup (``learning.rollup``) folds
pending deltas in batches into ``UnitTally`` / ``PointTally`` of the unit and each of its
ancestors, so a unit's tally covers its whole subtree and is exact once the rollup has run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.orgs.models import Unit


class LearnerKind(models.TextChoices):
    OFFICIAL = "official", _("official of the unit")
    TEAM_MEMBER = "team_member", _("community digital technology team member")
    CITIZEN = "citizen", _("citizen")


class Learner(models.Model):
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    kind = models.CharField(_("who"), max_length=12, choices=LearnerKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learners",
    )
    # Set when an official joined through the unit's invitation or while signed in.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # True only when the learner joined as an official while signed in to an account that is
    # a member of the unit (an account of the unit, or one that joined through the unit's
    # revocable invitation link); every other "official" is self-declared.
    verified = models.BooleanField(_("verified official"), default=False)
    pack_id = models.SlugField(_("pack id"), max_length=40)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen at"), auto_now_add=True)
    passed_at = models.DateTimeField(_("passed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"


class CardState(models.Model):
    """The FSRS card of one point for one learner."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="cards")
    # The point's number in the pack's current version, and its stable id across versions
    # (a new version may reorder the points: services.cards_follow renumbers by the id).
    point = models.PositiveSmallIntegerField(_("point"))
    point_key = models.CharField(_("point id"), max_length=64, blank=True, default="")
    state = models.JSONField(_("state"), default=dict)
    due = models.DateTimeField(_("due"))
    reps = models.PositiveIntegerField(_("repetitions"), default=0)
    learned = models.BooleanField(_("learned"), default=False)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        constraints = [
            models.UniqueConstraint(fields=["learner", "point"], name="card_learner_point")
        ]

    def __str__(self) -> str:
        return f"{self.learner_id}:{self.point}"


class Rating(models.Model):
    client_id = models.UUIDField(_("client id"), unique=True)
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="ratings")
    point = models.PositiveSmallIntegerField(_("point"))
    rating = models.PositiveSmallIntegerField(_("rating"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [models.Index(fields=["learner", "point"], name="rating_learner_point_idx")]

    def __str__(self) -> str:
        return str(self.client_id)


class QuizAttempt(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="attempts")
    # Set when started through the event endpoint: the same start sent twice is one attempt.
    client_id = models.UUIDField(_("client id"), null=True, blank=True, unique=True)
    pack_id = models.SlugField(_("pack id"), max_length=40)
    # The version the questions were drawn from: the attempt is graded against it even when
    # a newer version (which may reorder the points) is published meanwhile.
    pack_version = models.CharField(_("version"), max_length=40, blank=True, default="")
    seed = models.BigIntegerField(_("seed"))
    question_ids = models.JSONField(_("questions"), default=list)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    passed = models.BooleanField(_("passed"), default=False)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["learner", "-started_at"], name="attempt_learner_idx")]

    def __str__(self) -> str:
        return f"{self.learner_id}:{self.pk}"


class Answer(models.Model):
    client_id = models.UUIDField(_("client id"), unique=True)
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(_("question"), max_length=40)
    point = models.PositiveSmallIntegerField(_("point"))
    choice = models.PositiveSmallIntegerField(_("choice"))
    correct = models.BooleanField(_("correct"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="answer_attempt_question"
            )
        ]

    def __str__(self) -> str:
        return str(self.client_id)


class Certificate(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="certificates")
    attempt = models.OneToOneField(
        QuizAttempt, on_delete=models.CASCADE, related_name="certificate"
    )
    name = models.CharField(_("name as printed"), max_length=80)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    # The holder was a verified official of that unit (the name is always self-declared).
    official_verified = models.BooleanField(_("verified official of the unit"), default=False)
    pack_title = models.CharField(_("pack"), max_length=255, blank=True)
    score = models.PositiveSmallIntegerField(_("score"))
    total = models.PositiveSmallIntegerField(_("total"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code


class UnitTally(models.Model):
    """Learners of one unit (not its subtree) for one pack."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    pack_id = models.SlugField(_("pack id"), max_length=40)
    learners = models.IntegerField(_("learners"), default=0)
    officials = models.IntegerField(_("officials"), default=0)
    team_members = models.IntegerField(_("team members"), default=0)
    citizens = models.IntegerField(_("citizens"), default=0)
    passed = models.IntegerField(_("passed"), default=0)
    passed_officials = models.IntegerField(_("officials passed"), default=0)
    verified_officials = models.IntegerField(_("verified officials"), default=0)
    passed_verified = models.IntegerField(_("verified officials passed"), default=0)

    class Meta:
        verbose_name = _("unit tally")
        verbose_name_plural = _("unit tallies")
        constraints = [
            models.UniqueConstraint(fields=["unit", "pack_id"], name="unit_tally_unit_pack")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.pack_id}"


class PointTally(models.Model):
    """Quiz answers about one point in one unit (not its subtree) for one pack."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    pack_id = models.SlugField(_("pack id"), max_length=40)
    point = models.PositiveSmallIntegerField(_("point"))
    asked = models.IntegerField(_("asked"), default=0)
    wrong = models.IntegerField(_("wrong"), default=0)

    class Meta:
        verbose_name = _("point tally")
        verbose_name_plural = _("point tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "pack_id", "point"], name="point_tally_unit_pack_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.pack_id}:{self.point}"


class TallyDelta(models.Model):
    """A change to one unit's figures waiting for the rollup (``point`` 0: the unit's learner
    counts; otherwise that point's answers). Written in the transaction of the event that
    caused it, deleted in the transaction that folds it into the tallies."""

    unit_id = models.BigIntegerField(_("unit"))
    pack_id = models.SlugField(_("pack id"), max_length=40)
    point = models.PositiveSmallIntegerField(_("point"), default=0)
    learners = models.IntegerField(default=0)
    officials = models.IntegerField(default=0)
    team_members = models.IntegerField(default=0)
    citizens = models.IntegerField(default=0)
    passed = models.IntegerField(default=0)
    passed_officials = models.IntegerField(default=0)
    verified_officials = models.IntegerField(default=0)
    passed_verified = models.IntegerField(default=0)
    asked = models.IntegerField(default=0)
    wrong = models.IntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pending tally change")
        verbose_name_plural = _("pending tally changes")

    def __str__(self) -> str:
        return f"{self.unit_id}:{self.pack_id}:{self.point}"


class TallyRollup(models.Model):
    """One row: when the rollup last finished, and a lock that a rollup and a unit move take
    so that they never interleave."""

    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    folded = models.BigIntegerField(_("changes folded"), default=0)

    class Meta:
        verbose_name = _("tally rollup")
        verbose_name_plural = _("tally rollups")

    def __str__(self) -> str:
        return str(self.finished_at)
