"""Tell the units concerned about a change to their assignment.

A change (a deadline extended, an assignment withdrawn) writes one :class:`Notice` per
unit in the caller's transaction, shown on the campaigns page beside the deadline
reminders, and e-mails the unit's focal points and admins once the transaction commits,
in the same form as the reminders of :mod:`lantoa.campaigns.tasks`.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from lantoa.campaigns.models import Campaign, Notice, NoticeKind
from lantoa.orgs.models import Membership, Role, Unit

log = logging.getLogger(__name__)
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# E-mails are Vietnamese, like the reminders: they go to offices, not to a browser.
SUBJECT = {
    NoticeKind.EXTENDED: "[Lan Tỏa] Gia hạn báo cáo: {campaign}",
    NoticeKind.WITHDRAWN: "[Lan Tỏa] Thu hồi nhiệm vụ: {campaign}",
}
STATE = {
    NoticeKind.EXTENDED: "Thời hạn báo cáo được gia hạn đến ngày {deadline}.",
    NoticeKind.WITHDRAWN: "Nhiệm vụ giao cho đơn vị đã được thu hồi; đơn vị không cần báo cáo.",
}
BODY = (
    "Kính gửi {unit},\n\n"
    "Chiến dịch \u201c{campaign}\u201d: {state}\n"
    "Xem tại: {url}\n\n"
    "Thư này được gửi tự động từ Lan Tỏa."
)


def notice_send(
    *,
    campaign: Campaign,
    units: Sequence[Unit],
    kind: NoticeKind,
    deadline: dt.datetime | None = None,
) -> list[Notice]:
    """Record a notice for each unit and e-mail them after the commit."""
    notices = Notice.objects.bulk_create(
        [Notice(unit=u, campaign=campaign, kind=kind, deadline=deadline) for u in units]
    )
    people = (
        Membership.objects.filter(unit__in=units, role__in=[Role.ADMIN, Role.FOCAL_POINT])
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    )
    emails: dict[int, set[str]] = {}
    for unit_id, email in people:
        emails.setdefault(unit_id, set()).add(email)
    base = settings.LANTOA_BASE_URL.rstrip("/")
    day = deadline.astimezone(VIETNAM).strftime("%d/%m/%Y") if deadline else ""
    messages = []
    for notice in notices:
        to = sorted(emails.get(notice.unit.pk, ()))
        if not to:
            continue
        notice.emailed = len(to)
        url = f"{base}/chien-dich/{campaign.pk}/"
        if kind != NoticeKind.WITHDRAWN:
            url += f"don-vi/{notice.unit.code}/"
        messages.append(
            (
                SUBJECT[kind].format(campaign=campaign.title),
                BODY.format(
                    unit=notice.unit.name,
                    campaign=campaign.title,
                    state=STATE[kind].format(deadline=day),
                    url=url,
                ),
                settings.DEFAULT_FROM_EMAIL,
                to,
            )
        )
    Notice.objects.bulk_update([n for n in notices if n.emailed], ["emailed"])
    if messages:

        def send() -> None:
            try:
                send_mass_mail(messages, fail_silently=False)
            except OSError:  # the change stands; the notice is on the site anyway
                log.exception("notice e-mails for campaign %s were not sent", campaign.pk)

        transaction.on_commit(send)
    return notices
