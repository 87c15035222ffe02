"""Vietnam's administrative units, read from the dataset of ``vietnamadminunits``.

Two trees matter to a campaign: the current one (since 1 July 2025: 34 provinces and
3,321 communes, wards and special zones, no district level) and the legacy one
(63 provinces, about 700 districts and 10,040 communes) that documents written before
the reorganisation — such as the seeds — refer to.

The package ships its data as an SQLite database; we read that file directly and never
import the package, whose address parser needs GPL-licensed dependencies we don't install
(see docs/decisions/0003-administrative-units-data.md). Codes are the General Statistics
Office codes the dataset carries; legacy codes are prefixed so both trees can coexist.
"""

from __future__ import annotations

import functools
import importlib.util
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lantoa.core.text import nfc

LEGACY_PREFIX = "cu-"
ROOT_CODE = "VN"


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """One unit of an administrative tree, parents before children when listed."""

    code: str
    name: str
    short_name: str
    kind: str  # "province", "district" or "commune"
    type_label: str  # as written in Vietnamese: "Tỉnh", "Thành phố", "Huyện", "Xã", "Phường", …
    parent_code: str | None
    latitude: float | None
    longitude: float | None


class AdminDataMissingError(RuntimeError):
    pass


def dataset_path() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise AdminDataMissingError("the vietnamadminunits package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    if not path.exists():
        raise AdminDataMissingError(f"administrative data not found at {path}")
    return path


def _connect() -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{dataset_path()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    return connection


def _province_type(full_name: str) -> str:
    return "Thành phố" if full_name.startswith("Thành phố") else "Tỉnh"


def _type_of(full_name: str, short_name: str) -> str:
    return full_name[: len(full_name) - len(short_name)].strip() or full_name


def current_units(provinces: set[str] | None = None) -> Iterator[AdminUnit]:
    """The 2025 tree: provinces, then their communes (``provinces`` filters by code)."""
    with _connect() as db:
        rows = db.execute(
            "SELECT DISTINCT province, provinceShort, provinceCode, provinceLat, provinceLon "
            "FROM admin_units ORDER BY provinceCode"
        ).fetchall()
        for row in rows:
            if provinces and row["provinceCode"] not in provinces:
                continue
            yield AdminUnit(
                code=row["provinceCode"],
                name=nfc(row["province"]),
                short_name=nfc(row["provinceShort"]),
                kind="province",
                type_label=_province_type(row["province"]),
                parent_code=ROOT_CODE,
                latitude=row["provinceLat"],
                longitude=row["provinceLon"],
            )
        rows = db.execute(
            "SELECT ward, wardShort, wardType, wardCode, wardLat, wardLon, provinceCode "
            "FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
        for row in rows:
            if provinces and row["provinceCode"] not in provinces:
                continue
            yield AdminUnit(
                code=row["wardCode"],
                name=nfc(row["ward"]),
                short_name=nfc(row["wardShort"]),
                kind="commune",
                type_label=nfc(row["wardType"]),
                parent_code=row["provinceCode"],
                latitude=row["wardLat"],
                longitude=row["wardLon"],
            )


def legacy_units(provinces: set[str] | None = None) -> Iterator[AdminUnit]:
    """The tree before 1 July 2025: provinces, districts, communes (codes prefixed ``cu-``)."""
    p = LEGACY_PREFIX
    with _connect() as db:
        seen: set[str] = set()
        rows = db.execute(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, "
            "district, districtShort, districtType, districtCode, districtLat, districtLon, "
            "ward, wardShort, wardType, wardCode, wardLat, wardLon "
            "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
        wanted = [r for r in rows if not provinces or r["provinceCode"] in provinces]
        for row in wanted:
            if row["provinceCode"] not in seen:
                seen.add(row["provinceCode"])
                yield AdminUnit(
                    code=p + row["provinceCode"],
                    name=nfc(row["province"]),
                    short_name=nfc(row["provinceShort"]),
                    kind="province",
                    type_label=_province_type(row["province"]),
                    parent_code=ROOT_CODE,
                    latitude=row["provinceLat"],
                    longitude=row["provinceLon"],
                )
        for row in wanted:
            key = "d" + row["districtCode"]
            if row["districtCode"] and key not in seen:
                seen.add(key)
                yield AdminUnit(
                    code=p + row["districtCode"],
                    name=nfc(row["district"]),
                    short_name=nfc(row["districtShort"]),
                    kind="district",
                    type_label=nfc(row["districtType"]),
                    parent_code=p + row["provinceCode"],
                    latitude=row["districtLat"],
                    longitude=row["districtLon"],
                )
        for row in wanted:
            if not row["wardCode"] or not row["ward"]:
                continue  # a handful of island districts have no commune level
            yield AdminUnit(
                code=p + row["wardCode"],
                name=nfc(row["ward"]),
                short_name=nfc(row["wardShort"]),
                kind="commune",
                type_label=nfc(row["wardType"]),
                parent_code=p + row["districtCode"],
                latitude=row["wardLat"],
                longitude=row["wardLon"],
            )


# ---------------------------------------------------------------------------
# Place names, for checking and restoring the places written in documents

# Level of a unit, most important first: a name shared by a province and a commune
# (Hà Giang, Cẩm Phả) means the province or city when a document names it alone.
_RANK = {"province": 0, "district": 1, "commune": 2}


@dataclass(frozen=True, slots=True)
class PlaceName:
    """A unit's short name with its type and level (``kind``) and the tree it comes from."""

    name: str  # as the dataset writes it: "Cẩm Phả"
    type_label: str  # "Thành phố", "Huyện", "Xã", …
    kind: str  # "province" | "district" | "commune"
    legacy: bool


def _fold_name(text: str) -> str:
    from lantoa.core.text import fold_key

    return fold_key(text)


@functools.cache
def place_index() -> dict[str, tuple[PlaceName, ...]]:
    """Every unit's short name, current and legacy trees, keyed by its folded form.

    The candidates of a key are sorted by level (province first), current before legacy.
    Empty when the dataset is not installed: callers then keep places as written.
    """
    try:
        connection = _connect()
    except AdminDataMissingError:
        return {}
    found: dict[str, dict[tuple[str, str], PlaceName]] = {}

    def add(name: str | None, type_label: str, kind: str, legacy: bool) -> None:
        if not name:
            return
        name = nfc(name)
        slot = found.setdefault(_fold_name(name), {})
        key = (name, kind)
        if key not in slot or (slot[key].legacy and not legacy):
            slot[key] = PlaceName(name, nfc(type_label), kind, legacy)

    with connection as db:
        for row in db.execute("SELECT DISTINCT province, provinceShort FROM admin_units"):
            add(row["provinceShort"], _province_type(row["province"]), "province", False)
        for row in db.execute("SELECT DISTINCT wardShort, wardType FROM admin_units"):
            add(row["wardShort"], row["wardType"], "commune", False)
        for row in db.execute("SELECT DISTINCT province, provinceShort FROM admin_units_legacy"):
            add(row["provinceShort"], _province_type(row["province"]), "province", True)
        for row in db.execute(
            "SELECT DISTINCT districtShort, districtType FROM admin_units_legacy"
        ):
            add(row["districtShort"], row["districtType"] or "", "district", True)
        for row in db.execute("SELECT DISTINCT wardShort, wardType FROM admin_units_legacy"):
            add(row["wardShort"], row["wardType"] or "", "commune", True)
    connection.close()
    return {
        key: tuple(sorted(slot.values(), key=lambda p: (_RANK[p.kind], p.legacy, p.name)))
        for key, slot in found.items()
    }


def match_place(written: str, *, level: str | None = None) -> PlaceName | None:
    """The unit a place name written in a document stands for, or None.

    ``written`` may lack its diacritics ("Cam Pha") or carry OCR damage in them
    ("Quéang Ninh"): the name is matched on its folded form, then (when that fails)
    against the province and district names within a small edit distance.
    ``level`` ("tỉnh", "huyện", "xã", …) as written before the name narrows the choice.
    """
    index = place_index()
    key = _fold_name(written)
    if not index or not key:
        return None
    candidates = index.get(key)
    if candidates is None:
        candidates = _near(key)
    if not candidates:
        return None
    if level:
        wanted = _fold_name(level)
        typed = [c for c in candidates if _fold_name(c.type_label) == wanted]
        if typed:
            candidates = tuple(typed)
    marked = [c for c in candidates if c.name == nfc(written)]
    return marked[0] if marked else candidates[0]


@functools.cache
def _major_keys() -> tuple[str, ...]:
    return tuple(
        key
        for key, names in place_index().items()
        if any(n.kind in ("province", "district") for n in names)
    )


def _near(key: str) -> tuple[PlaceName, ...]:
    import difflib

    if len(key) < 5:
        return ()
    close = difflib.get_close_matches(key, _major_keys(), n=2, cutoff=0.86)
    if len(close) != 1:  # none, or two names as close: don't guess
        return ()
    return tuple(n for n in place_index()[close[0]] if n.kind != "commune")
