"""Deadline reminders, run hourly by the task workers.

An unreported assignment gets one "deadline approaching" reminder within
``LANTOA_REMIND_DAYS_BEFORE`` days of its deadline and one "deadline passed" reminder
after it: shown in the site and e-mailed to the unit's focal points and admins.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from lantoa.campaigns.models import Assignment, CampaignStatus, Reminder, ReminderKind
from lantoa.campaigns.services import VIETNAM
from lantoa.orgs.models import Membership, Role
from lantoa.site.addresses import site_base_url
from lantoa.worker.periodic import periodic

SUBJECT = {
    ReminderKind.DUE_SOON: "[Lan Tỏa] Sắp đến hạn báo cáo: {campaign}",
    ReminderKind.OVERDUE: "[Lan Tỏa] Đã quá hạn báo cáo: {campaign}",
}
BODY = (
    "Kính gửi {unit},\n\n"
    "Nhiệm vụ \u201c{campaign}\u201d có thời hạn báo cáo {deadline}. {state}\n"
    "Xem và báo cáo tại: {url}\n\n"
    "Thư này được gửi tự động từ Lan Tỏa."
)


def _due(now: dt.datetime) -> list[tuple[Assignment, str]]:
    soon = now + dt.timedelta(days=settings.LANTOA_REMIND_DAYS_BEFORE)
    open_ = Assignment.objects.filter(
        reported_at__isnull=True, campaign__status=CampaignStatus.ACTIVE
    ).select_related("campaign", "unit")
    pending: list[tuple[Assignment, str]] = []
    for a in open_.filter(deadline__lt=now).exclude(reminders__kind=ReminderKind.OVERDUE):
        pending.append((a, ReminderKind.OVERDUE))
    for a in open_.filter(deadline__gte=now, deadline__lte=soon).exclude(
        reminders__kind=ReminderKind.DUE_SOON
    ):
        pending.append((a, ReminderKind.DUE_SOON))
    return pending


@periodic("campaigns.remind", every=dt.timedelta(hours=1))
def remind() -> dict[str, Any]:
    now = timezone.now()
    pending = _due(now)
    base = site_base_url()
    messages = []
    with transaction.atomic():
        for assignment, kind in pending:
            reminder, created = Reminder.objects.get_or_create(assignment=assignment, kind=kind)
            if not created:
                continue
            people = Membership.objects.filter(
                unit=assignment.unit, role__in=[Role.ADMIN, Role.FOCAL_POINT]
            ).exclude(user__email="")
            emails = sorted({m.user.email for m in people.select_related("user")})
            if emails:
                deadline = assignment.deadline.astimezone(VIETNAM).strftime("%d/%m/%Y")
                state = (
                    "Đơn vị chưa gửi báo cáo và đã quá hạn."
                    if kind == ReminderKind.OVERDUE
                    else "Đơn vị chưa gửi báo cáo."
                )
                url = f"{base}/chien-dich/{assignment.campaign_id}/don-vi/{assignment.unit.code}/"
                messages.append(
                    (
                        SUBJECT[kind].format(campaign=assignment.campaign.title),
                        BODY.format(
                            unit=assignment.unit.name,
                            campaign=assignment.campaign.title,
                            deadline=deadline,
                            state=state,
                            url=url,
                        ),
                        settings.DEFAULT_FROM_EMAIL,
                        emails,
                    )
                )
                Reminder.objects.filter(pk=reminder.pk).update(emailed=len(emails))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    return {"reminders": len(pending), "emails": sent}
