"""How a unit writes its name on a report, and to whom the report goes (Decree 30/2020).

A unit of the administrative tree (a province, a district, a commune) stands for its
People's Committee: it signs as "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" and its documents carry
the symbol "UBND". Such a committee has no governing body above it on the letterhead; an
agency (a department, a centre, a school) names the body it belongs to on the first line
("UBND TỈNH QUẢNG NINH" above "SỞ THÔNG TIN VÀ TRUYỀN THÔNG").

The report's number is given by the clerk when it is registered, so the number line
keeps room for it: "Số:      /BC-UBND". Where no abbreviation can be told from the name
the symbol is left as a line to fill in by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.text import slugify

from lantoa.core.text import fold
from lantoa.orgs.models import Unit, UnitKind

COMMITTEE_KINDS = {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.COMMITTEE}
ADMIN_KINDS = {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE}
COMMITTEE = "Ủy ban nhân dân"
# Where a place name starts inside an agency's name ("Sở Y tế tỉnh Quảng Ninh").
_PLACE = re.compile(
    r"\s(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s", re.IGNORECASE
)
_ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ0-9&]{1,11}$")
FILL = "……"  # a dotted blank, filled in by hand


def upper_vi(text: str) -> str:
    return text.upper()


def body_name(unit: Unit) -> str:
    """The name the unit signs with: "Ủy ban nhân dân tỉnh Quảng Ninh" for a province."""
    name = unit.name.strip()
    if unit.kind in ADMIN_KINDS:
        return f"{COMMITTEE} {name[:1].lower()}{name[1:]}"
    return name


def abbreviation(unit: Unit) -> str:
    """The unit's symbol in a document number ("UBND", "STTTT"), or "" when unknown."""
    if unit.kind in COMMITTEE_KINDS:
        return "UBND"
    short = (unit.short_name or "").strip()
    if _ACRONYM.match(short):
        return short
    name = _PLACE.split(f" {unit.name.strip()} ", maxsplit=1)[0]
    initials = [w[0].upper() for w in name.split() if w[0].isalpha() and w.lower() != "và"]
    letters = "".join(initials)
    return letters if 2 <= len(letters) <= 8 else ""


def parent_line(unit: Unit) -> str:
    """The governing body's line above the unit's name, or "" for a committee or a root."""
    parent = unit.parent
    if unit.kind in COMMITTEE_KINDS or parent is None or parent.kind == UnitKind.COUNTRY:
        return ""
    if parent.kind in ADMIN_KINDS:
        return upper_vi(f"UBND {parent.name[:1].lower()}{parent.name[1:]}")
    return upper_vi(body_name(parent))


def number_line(unit: Unit) -> str:
    symbol = abbreviation(unit)
    return f"Số:        /BC-{symbol}" if symbol else f"Số: {FILL}/BC-{FILL}"


@dataclass(frozen=True)
class Letterhead:
    parent: str
    name: str
    number: str


def letterhead(unit: Unit) -> Letterhead:
    return Letterhead(parent_line(unit), upper_vi(body_name(unit)), number_line(unit))


def recipient(
    *, unit: Unit, assigned_by: Unit | None, issuer: Unit, dispatch_issuer: str = ""
) -> str:
    """Whom the report goes to: the unit that assigned the task, else the campaign's issuer;
    the issuer itself reports to the dispatch's author or to its parent unit, never to
    itself. "" when nobody above is known (the line is then left to fill by hand)."""
    if assigned_by is not None and assigned_by.pk != unit.pk:
        return body_name(assigned_by)
    if issuer.pk != unit.pk:
        return body_name(issuer)
    if dispatch_issuer and fold(dispatch_issuer).text not in (
        fold(unit.name).text,
        fold(body_name(unit)).text,
    ):
        return dispatch_issuer
    parent = unit.parent
    if parent is not None and parent.kind != UnitKind.COUNTRY:
        return body_name(parent)
    return ""


def report_filename(
    *, unit: Unit, campaign_title: str, campaign_id: int, at: dt.datetime, ext: str
) -> str:
    """ "bao-cao_thanh-pho-cam-pha_pho-bien-17-diem-…-3_26-03-2023_09h15m07.docx": who,
    which campaign and when (Vietnam time, to the second), in ASCII for every mail client."""

    def slug(text: str, limit: int) -> str:
        full = slugify(fold(text).text)
        cut = full[: limit + 1]
        if len(full) > limit:  # end on a whole word
            cut = cut[: cut.rfind("-")] if "-" in cut else cut[:limit]
        return cut.strip("-")

    stamp = at.strftime("%d-%m-%Y_%Hh%Mm%S")
    return f"bao-cao_{slug(unit.name, 40)}_{slug(campaign_title, 40)}-{campaign_id}_{stamp}.{ext}"
