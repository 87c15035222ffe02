"""A small map of a unit's sub-units, coloured by progress, drawn as inline SVG.

No map tiles (nothing is fetched, it works offline): each sub-unit with coordinates is
a dot placed by longitude and latitude, so a province's communes or the country's
provinces draw their own shape. The table beside it carries the same figures for
screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lantoa.campaigns.selectors import Progress

WIDTH = 320
PAD = 14


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    colour: str
    label: str
    code: str


def _colour(p: Progress) -> str:
    if p.overdue:
        return "#d93025"
    if p.assigned and p.reported == p.assigned:
        return "#1e8e3e" if p.late == 0 else "#f9ab00"
    if p.reported:
        return "#7cb342"
    return "#9aa0a6"


def progress_map(branches: list[Progress]) -> tuple[list[Dot], float]:
    """Dots for the branches that have coordinates, and the drawing's height."""
    located = [b for b in branches if b.unit.latitude is not None and b.unit.longitude is not None]
    if len(located) < 2:
        return [], 0.0
    lats = [float(b.unit.latitude or 0) for b in located]
    lons = [float(b.unit.longitude or 0) for b in located]
    # Equirectangular with the longitude shrunk by cos(latitude): fine at a country's scale.
    k = math.cos(math.radians(sum(lats) / len(lats)))
    xs = [lon * k for lon in lons]
    span_x = max(max(xs) - min(xs), 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = (WIDTH - 2 * PAD) / max(span_x, span_y)
    height = span_y * scale + 2 * PAD
    largest = max(b.assigned for b in located) or 1
    dots = []
    for branch, x, lat in zip(located, xs, lats, strict=True):
        radius = 3 + 5 * math.sqrt(branch.assigned / largest)
        dots.append(
            Dot(
                x=round(PAD + (x - min(xs)) * scale, 1),
                y=round(PAD + (max(lats) - lat) * scale, 1),
                r=round(radius, 1),
                colour=_colour(branch),
                label=f"{branch.unit.name}: {branch.reported}/{branch.assigned}",
                code=branch.unit.code,
            )
        )
    return dots, round(height, 1)
