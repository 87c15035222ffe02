"""Bring a pack's data written in an older schema up to the current one.

Schema 1 (2023–2026) knew one kind of pack, two sides compared, and numbered its points
without ids. Schema 2 adds ``kind`` and a stable ``id`` per point, so a point keeps its
identity (and a learner's progress on it) when a later version renumbers or rewords it.
Migration is a pure function of the data: the same schema-1 file always gives the same
schema-2 pack, so content installed under schema 1 is recognised as unchanged after it.
"""

from __future__ import annotations

from typing import Any

from lantoa.core.packs.schema import SCHEMA_VERSION


def point_id_for(number: int) -> str:
    """The id a migrated point gets: ``p<number>`` (its number when it had no id)."""
    return f"p{number}"


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "schema":
            out["schema"] = 2
            continue
        out[key] = value
        if key == "id":
            out["kind"] = "comparison"
    out.setdefault("kind", "comparison")
    points = data.get("points")
    if isinstance(points, list):
        migrated = []
        for point in points:
            if isinstance(point, dict) and "id" not in point:
                new: dict[str, Any] = {}
                for key, value in point.items():
                    new[key] = value
                    if key == "number" and isinstance(value, int):
                        new["id"] = point_id_for(value)
                point = new
            migrated.append(point)
        out["points"] = migrated
    return out


_STEPS = {1: _v1_to_v2}


def migrate_pack_data(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` in the current schema (a new dict; ``data`` is not changed).

    Data with no or an unknown schema number, or a newer one, is returned as it is: the
    validation that follows says what is wrong with it.
    """
    version = data.get("schema")
    while isinstance(version, int) and not isinstance(version, bool) and version in _STEPS:
        data = _STEPS[version](data)
        version = data.get("schema")
    return data


def needs_migration(data: dict[str, Any]) -> bool:
    version = data.get("schema")
    return isinstance(version, int) and not isinstance(version, bool) and version < SCHEMA_VERSION
