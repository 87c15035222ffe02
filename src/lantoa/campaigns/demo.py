"""Demo campaigns at several stages, for ``lantoa demo``.

1. The seeds' campaign on the legacy tree: Quảng Ninh's dispatch 488/STTTT-CNTT of
   09/03/2023, assigned to its 13 district-level committees with a deadline of 25/03/2023,
   forwarded by some to their communes; reports on time, late, and never.
2. A current campaign on the 2025 tree: Quảng Ninh to its 54 communes, due in a week,
   half-way through.

The figures are generated with a fixed seed so every demo looks the same. The cascade is
driven through the services; only the timestamps are then moved into the past, which a
real run would have produced by waiting.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from lantoa.campaigns import services
from lantoa.campaigns.models import Assignment, Campaign, Report
from lantoa.content.models import PackVersion
from lantoa.orgs.models import Unit

VN = services.VIETNAM


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VN)


def _report(actor: AbstractBaseUser, a: Assignment, when: dt.datetime, rng: random.Random) -> None:
    staff = rng.randint(18, 420)
    reached = int(staff * rng.uniform(0.55, 1.0))
    channels = rng.sample(["portal", "facebook", "zalo", "youtube", "radio"], k=rng.randint(1, 3))
    services.report_submit(
        actor=actor,
        assignment=a,
        staff_count=staff,
        staff_reached=reached,
        meetings=[{"date": when.date(), "attendees": reached, "title": "Hội nghị quán triệt"}],
        publications=[
            {
                "channel": c,
                "url": f"https://{a.unit.code}.quangninh.gov.vn/17-diem",
                "date": when.date(),
            }
            for c in channels
        ],
    )
    Assignment.objects.filter(pk=a.pk).update(
        received_at=when - dt.timedelta(days=3),
        started_at=when - dt.timedelta(days=2),
        reported_at=when,
    )
    Report.objects.filter(assignment=a).update(submitted_at=when)


@transaction.atomic
def demo_campaigns_create(*, actor: AbstractBaseUser) -> list[Campaign]:
    pack = (
        PackVersion.objects.filter(pack_id=settings.LANTOA_DEFAULT_PACK)
        .order_by("-installed_at")
        .first()
    )
    if pack is None or Campaign.objects.filter(dispatch_number="488/STTTT-CNTT").exists():
        return []
    rng = random.Random(17)
    created = []

    # 1. The 2023 campaign on the legacy tree.
    province = Unit.objects.filter(code="cu-22").first()
    if province is not None:
        campaign = services.campaign_create(
            actor=actor,
            title="Thống nhất nhận thức về 17 điểm khác nhau giữa CNTT và chuyển đổi số",
            pack=pack,
            issuer=province,
            dispatch_number="488/STTTT-CNTT",
            dispatch_date=dt.date(2023, 3, 9),
            summary="Sở Thông tin và Truyền thông đề nghị các đơn vị tuyên truyền, đăng tải bộ "
            "flashcard, infographic trên hạ tầng truyền thông và tới tổ công nghệ số cộng đồng.",
        )
        districts = list(Unit.objects.filter(parent=province).order_by("code"))
        services.campaign_assign(
            actor=actor,
            campaign=campaign,
            units=districts,
            deadline=dt.date(2023, 3, 25),
            task="Tổ chức tuyên truyền trên báo chí, trang thông tin điện tử, hệ thống thông tin "
            "cơ sở và mạng xã hội; cung cấp sản phẩm tới các Tổ công nghệ số cộng đồng.",
        )
        Campaign.objects.filter(pk=campaign.pk).update(created_at=_at(dt.date(2023, 3, 9), 9))
        for index, a in enumerate(
            Assignment.objects.filter(campaign=campaign).select_related("unit")
        ):
            if index % 3 == 0:
                communes = list(Unit.objects.filter(parent=a.unit)[:12])
                if communes:
                    for child in services.assignment_forward(
                        actor=actor, assignment=a, units=communes, deadline=dt.date(2023, 3, 22)
                    ):
                        fate = rng.random()
                        if fate < 0.6:
                            _report(
                                actor, child, _at(dt.date(2023, 3, rng.randint(15, 22)), 15), rng
                            )
                        elif fate < 0.8:
                            _report(
                                actor, child, _at(dt.date(2023, 3, rng.randint(23, 28)), 10), rng
                            )
            fate = rng.random()
            if fate < 0.55:
                _report(actor, a, _at(dt.date(2023, 3, rng.randint(18, 25)), 16), rng)
            elif fate < 0.8:
                _report(actor, a, _at(dt.date(2023, 3, rng.randint(27, 31)), 9), rng)
        created.append(campaign)

    # 2. A current campaign on the 2025 tree, half-way through.
    province = Unit.objects.filter(code="22").first()
    if province is not None:
        today = timezone.localdate()
        campaign = services.campaign_create(
            actor=actor,
            title="Phổ biến 17 điểm khác nhau tới cán bộ cấp xã sau sắp xếp",
            pack=pack,
            issuer=province,
            dispatch_number=f"{rng.randint(1000, 4999)}/UBND-KGVX",
            dispatch_date=today - dt.timedelta(days=5),
        )
        communes = list(Unit.objects.filter(parent=province).order_by("code"))
        services.campaign_assign(
            actor=actor,
            campaign=campaign,
            units=communes,
            deadline=today + dt.timedelta(days=7),
            task="Phổ biến, quán triệt tới toàn thể cán bộ, công chức; "
            "hướng dẫn học trên điện thoại.",
        )
        for a in Assignment.objects.filter(campaign=campaign).select_related("unit"):
            fate = rng.random()
            if fate < 0.35:
                services.report_submit(
                    actor=actor,
                    assignment=a,
                    staff_count=rng.randint(20, 60),
                    staff_reached=rng.randint(10, 20),
                )
            elif fate < 0.7:
                services.assignment_acknowledge(actor=actor, assignment=a)
        created.append(campaign)

    # 3. A second campaign on another pack: the data subject's rights (Decree 13/2023).
    second = PackVersion.objects.filter(pack_id="nd13-quyen").order_by("-installed_at").first()
    if province is not None and second is not None:
        today = timezone.localdate()
        campaign = services.campaign_create(
            actor=actor,
            title="Tuyên truyền 11 quyền của chủ thể dữ liệu cá nhân",
            pack=second,
            issuer=province,
            dispatch_number=f"{rng.randint(1000, 4999)}/CAT-PA05",
            dispatch_date=today - dt.timedelta(days=12),
            summary="Phổ biến tới cán bộ và người dân các quyền của chủ thể dữ liệu theo "
            "Điều 9 Nghị định 13/2023/NĐ-CP.",
        )
        communes = list(Unit.objects.filter(parent=province).order_by("code"))
        services.campaign_assign(
            actor=actor,
            campaign=campaign,
            units=communes,
            deadline=today + dt.timedelta(days=3),
            task="Phổ biến trên hệ thống thông tin cơ sở; hướng dẫn người dân học trên điện thoại.",
        )
        for a in Assignment.objects.filter(campaign=campaign).select_related("unit"):
            fate = rng.random()
            if fate < 0.5:
                services.report_submit(
                    actor=actor,
                    assignment=a,
                    staff_count=rng.randint(20, 60),
                    staff_reached=rng.randint(15, 30),
                )
            elif fate < 0.75:
                services.assignment_acknowledge(actor=actor, assignment=a)
        created.append(campaign)
    return created
