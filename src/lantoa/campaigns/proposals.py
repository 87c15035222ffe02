"""Propose assignees from a dispatch's tasks.

A dispatch names its assignees in phrases ("Các Sở, ban, ngành", "UBND các huyện, thị xã,
thành phố", "Trung tâm Truyền thông tỉnh"). Group phrases map to every unit of a kind
below the issuing unit; other phrases match one unit by name (accent-folded, so an OCR
copy still matches). The officer confirms or corrects the proposal before anything is
assigned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lantoa.core.text import fold_key
from lantoa.orgs.models import Unit, UnitKind

# Folded fragments of group phrases and the kinds of unit they mean.
GROUPS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (
        ("so, ban, nganh", "cac so", "so ban nganh", "co quan, don vi thuoc ubnd tinh"),
        (UnitKind.DEPARTMENT,),
    ),
    (
        ("huyen, thi xa, thanh pho", "ubnd cac huyen", "huyen, thanh pho", "cap huyen"),
        (UnitKind.DISTRICT,),
    ),
    (("xa, phuong", "ubnd cac xa", "cap xa"), (UnitKind.COMMUNE,)),
    (("tram y te",), (UnitKind.HEALTH_STATION,)),
    (("trung tam y te",), (UnitKind.HEALTH_CENTRE,)),
    (("to cong nghe so cong dong",), (UnitKind.COMMUNITY_TEAM,)),
    (("truong", "co so giao duc"), (UnitKind.SCHOOL,)),
]


@dataclass
class Proposal:
    phrase: str
    action: str
    deadline: dt.date | None
    units: list[Unit] = field(default_factory=list)


def _match_group(folded: str) -> tuple[str, ...] | None:
    for fragments, kinds in GROUPS:
        if any(f in folded for f in fragments):
            return kinds
    return None


def propose_assignments(*, tasks: list[dict[str, Any]], issuer: Unit) -> list[Proposal]:
    below = list(
        Unit.objects.filter(path__startswith=issuer.path, merged_into__isnull=True).exclude(
            pk=issuer.pk
        )
    )
    by_name = [(fold_key(u.name), u) for u in below]
    proposals = []
    for task in tasks:
        deadline = None
        if task.get("deadline"):
            try:
                deadline = dt.date.fromisoformat(str(task["deadline"])[:10])
            except ValueError:
                deadline = None
        for phrase in task.get("assignees") or []:
            folded = fold_key(phrase)
            proposal = Proposal(
                phrase=phrase, action=str(task.get("action", "")), deadline=deadline
            )
            kinds = _match_group(folded)
            if kinds is not None:
                proposal.units = [u for u in below if u.kind in kinds]
            else:
                # One named unit: the shortest name contained in the phrase, or containing it.
                hits = [
                    u
                    for name, u in by_name
                    if len(name) >= 8 and (name in folded or folded in name)
                ]
                proposal.units = sorted(hits, key=lambda u: len(u.name))[:1]
            proposals.append(proposal)
    return proposals
