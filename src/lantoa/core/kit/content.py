"""The data every kit item is made from: the pack's points as plain JSON-ready values."""

from __future__ import annotations

from typing import Any

from lantoa.core.kit.branding import Branding
from lantoa.core.packs import Pack
from lantoa.core.packs.faces import label, pack_sections, point_faces


def pack_data(pack: Pack) -> dict[str, Any]:
    return {
        "id": pack.id,
        "kind": pack.kind,
        "version": pack.version,
        "title": pack.title.vi,
        "count": pack.count,
        # The section names every point has, in order ("it"/"dx" for a comparison pack).
        "sections": [{"key": key, "label": name} for key, name in pack_sections(pack)],
        "sides": (
            {"it": pack.sides.it.vi, "dx": pack.sides.dx.vi} if pack.kind == "comparison" else None
        ),
    }


def points_data(pack: Pack, numbers: list[int] | None = None) -> list[dict[str, Any]]:
    """Each point's card faces (:func:`~lantoa.core.packs.faces.point_faces`) as template data:
    ``sections`` holds the back's labelled sections, whatever the pack's kind."""
    out = []
    for p in sorted(pack.points, key=lambda p: p.number):
        if numbers is not None and p.number not in numbers:
            continue
        faces = point_faces(pack, p)
        out.append(
            {
                "number": p.number,
                "title": faces.title,
                "sections": [
                    {"key": s.key, "label": s.label, "full": s.full, "short": s.short}
                    for s in faces.back
                ],
            }
        )
    return out


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
        "labels": {"point": label(pack.kind)},
        "source": source_line(pack),
    }
