"""The data every kit item is made from: the pack's points as plain JSON-ready values."""

from __future__ import annotations

from typing import Any

from lantoa.core.kit.branding import Branding
from lantoa.core.packs import Pack


def pack_data(pack: Pack) -> dict[str, Any]:
    return {
        "id": pack.id,
        "version": pack.version,
        "title": pack.title.vi,
        "count": pack.count,
        "sides": {"it": pack.sides.it.vi, "dx": pack.sides.dx.vi},
    }


def points_data(pack: Pack, numbers: list[int] | None = None) -> list[dict[str, Any]]:
    return [
        {
            "number": p.number,
            "title": p.title.vi,
            "it_full": p.it.full.vi,
            "it_short": p.it.short.vi,
            "dx_full": p.dx.full.vi,
            "dx_short": p.dx.short.vi,
        }
        for p in sorted(pack.points, key=lambda p: p.number)
        if numbers is None or p.number in numbers
    ]


def brand_data(branding: Branding, logo_name: str | None) -> dict[str, Any]:
    return {
        "unit": branding.unit,
        "logo": logo_name,
        "primary": branding.primary,
        "accent": branding.accent,
    }


def source_line(pack: Pack) -> str:
    first = pack.sources[0] if pack.sources else None
    if first is None:
        return pack.title.vi
    kind = first.kind[:1].upper() + first.kind[1:]
    number = f"{kind} số {first.number} của " if first.number else ""
    return f"Nguồn: {number}{first.issuer}".strip()


def template_data(pack: Pack, branding: Branding, logo_name: str | None) -> dict[str, Any]:
    return {
        "pack": pack_data(pack),
        "brand": brand_data(branding, logo_name),
        "points": points_data(pack),
        "labels": {"point": "Điểm"},
        "source": source_line(pack),
    }
