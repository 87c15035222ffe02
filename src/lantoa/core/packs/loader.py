"""Load and validate pack files, naming the file, line and field of every problem.

The YAML is composed once into nodes (to know where each value sits in the file)
and then checked in four passes: the schema version first (a newer version is a
clear error, not a guess; an older one is migrated), then the point numbering (missing,
duplicated, more or fewer than the pack declares), then what the pack's kind asks of each
point (its fields, unique ids and titles), then the typed schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from lantoa.core.packs.migrate import migrate_pack_data
from lantoa.core.packs.schema import KIND_FIELDS, KINDS, SCHEMA_VERSION, Pack
from lantoa.core.text import fold_key

MAX_PACK_BYTES = 2 * 1024 * 1024
BUILTIN_DEFAULT = "cds17"

Path_ = tuple[str | int, ...]
# libyaml's loader when PyYAML was built with it (several times faster), same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class PackProblem:
    """One thing wrong with a pack file, with where it is."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field or '(pack)'}: {self.message}"


class PackError(Exception):
    """A pack file could not be loaded; ``problems`` says every reason."""

    def __init__(self, problems: list[PackProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _field_name(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Positions:
    """Where each value of the YAML document starts, keyed by its path."""

    def __init__(self) -> None:
        self.at: dict[Path_, tuple[int, int]] = {}
        self.duplicates: list[tuple[Path_, tuple[int, int]]] = []

    def walk(self, node: yaml.Node, path: Path_ = (), key: yaml.Node | None = None) -> None:
        # A mapping entry is located at its key ("title:"), which reads better than
        # the first line of a nested block below it.
        mark = (key or node).start_mark
        self.at[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(key.value)
                if name in seen:
                    self.duplicates.append(
                        ((*path, name), (key.start_mark.line + 1, key.start_mark.column + 1))
                    )
                seen.add(name)
                self.walk(value, (*path, name), key)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index))

    def find(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor present in the file."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.at:
                return self.at[path[:cut]]
        return (1, 1)


def _parse(text: str, name: str) -> tuple[Any, _Positions]:
    positions = _Positions()
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise PackError(
            [PackProblem(name, line, col, "", f"YAML không hợp lệ / invalid YAML: {exc}")]
        ) from None
    if node is not None:
        positions.walk(node)
    return data, positions


def _check_numbering(data: dict[str, Any], where: _Positions, name: str) -> list[PackProblem]:
    problems: list[PackProblem] = []
    points = data.get("points")
    if not isinstance(points, list):
        return problems
    count = data.get("count")
    seen: dict[int, int] = {}
    for index, point in enumerate(points):
        number = point.get("number") if isinstance(point, dict) else None
        if not isinstance(number, int):
            continue
        if number in seen:
            line, col = where.find(("points", index, "number"))
            problems.append(
                PackProblem(
                    name,
                    line,
                    col,
                    _field_name(("points", index, "number")),
                    f"số thứ tự {number} bị trùng với points[{seen[number]}] / "
                    f"duplicate point number {number} (also points[{seen[number]}])",
                )
            )
        else:
            seen[number] = index
    if isinstance(count, int) and count >= 1:
        line, col = where.find(("points",))
        missing = [n for n in range(1, count + 1) if n not in seen]
        extra = sorted(n for n in seen if not 1 <= n <= count)
        if missing:
            listed = ", ".join(map(str, missing))
            problems.append(
                PackProblem(
                    name,
                    line,
                    col,
                    "points",
                    f"thiếu điểm {listed} (gói khai báo {count} điểm, có {len(points)}) / "
                    f"missing point {listed} (the pack declares {count}, has {len(points)})",
                )
            )
        for n in extra:
            problems.append(
                PackProblem(
                    name,
                    line,
                    col,
                    "points",
                    f"điểm {n} nằm ngoài 1..{count} / point {n} is outside 1..{count}",
                )
            )
    return problems


def _problem(name: str, where: _Positions, path: Path_, message: str) -> PackProblem:
    line, col = where.find(path)
    return PackProblem(name, line, col, _field_name(path), message)


def _check_kind(data: dict[str, Any], where: _Positions, name: str) -> list[PackProblem]:
    """The fields the pack's kind asks of each point, unique point ids and unique titles."""
    kind = data.get("kind")
    points = data.get("points")
    if kind not in KINDS or not isinstance(points, list):
        return []  # the schema pass names a missing or unknown kind
    problems: list[PackProblem] = []
    if kind == "comparison" and "sides" not in data:
        problems.append(
            _problem(
                name,
                where,
                ("kind",),
                "gói so sánh cần 'sides' (tên hai vế) / a comparison pack needs 'sides'",
            )
        )
    if kind != "comparison" and "sides" in data:
        problems.append(
            _problem(
                name,
                where,
                ("sides",),
                f"gói loại '{kind}' không có 'sides' / a '{kind}' pack has no 'sides'",
            )
        )
    need, forbid = KIND_FIELDS[str(kind)]
    ids: dict[str, int] = {}
    titles: dict[str, int] = {}
    for index, point in enumerate(points):
        if not isinstance(point, dict):
            continue
        for field in need:
            if field not in point:
                problems.append(
                    _problem(
                        name,
                        where,
                        ("points", index),
                        f"thiếu '{field}', bắt buộc với gói loại '{kind}' / "
                        f"'{field}' is required in a '{kind}' pack",
                    )
                )
        for field in forbid:
            if field in point:
                problems.append(
                    _problem(
                        name,
                        where,
                        ("points", index, field),
                        f"gói loại '{kind}' không có '{field}' / a '{kind}' pack has no '{field}'",
                    )
                )
        pid = point.get("id")
        if isinstance(pid, str):
            if pid in ids:
                problems.append(
                    _problem(
                        name,
                        where,
                        ("points", index, "id"),
                        f"mã điểm '{pid}' trùng với points[{ids[pid]}] / "
                        f"duplicate point id '{pid}' (also points[{ids[pid]}])",
                    )
                )
            ids.setdefault(pid, index)
        title = point.get("title")
        vi = title.get("vi") if isinstance(title, dict) else None
        if isinstance(vi, str) and vi.strip():
            key = fold_key(vi)
            if key in titles:
                problems.append(
                    _problem(
                        name,
                        where,
                        ("points", index, "title", "vi"),
                        f"tiêu đề trùng với points[{titles[key]}] / "
                        f"duplicate title (also points[{titles[key]}])",
                    )
                )
            titles.setdefault(key, index)
    return problems


def _schema_problems(exc: ValidationError, where: _Positions, name: str) -> list[PackProblem]:
    problems = []
    for error in exc.errors():
        loc: Path_ = tuple(error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "thiếu trường bắt buộc / required field is missing"
        elif error["type"] == "extra_forbidden":
            message = "trường không được biết đến / unknown field"
        line, col = where.find(loc)
        problems.append(PackProblem(name, line, col, _field_name(loc), message))
    return problems


def parse_pack(text: str, *, name: str = "<pack>") -> Pack:
    """Validate pack YAML ``text``; raise :class:`PackError` listing every problem."""
    if len(text.encode("utf-8")) > MAX_PACK_BYTES:
        raise PackError(
            [
                PackProblem(
                    name,
                    1,
                    1,
                    "",
                    f"tệp quá lớn (tối đa {MAX_PACK_BYTES // 1024} KB) / "
                    f"file too large (max {MAX_PACK_BYTES // 1024} KB)",
                )
            ]
        )
    data, where = _parse(text, name)
    if not isinstance(data, dict):
        raise PackError(
            [PackProblem(name, 1, 1, "", "gói phải là một ánh xạ YAML / a pack is a YAML mapping")]
        )
    problems = [
        PackProblem(name, *pos, _field_name(path), "khóa bị trùng / duplicate key")
        for path, pos in where.duplicates
    ]
    version = data.get("schema")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        line, col = where.find(("schema",))
        problems.append(
            PackProblem(
                name,
                line,
                col,
                "schema",
                f"phiên bản lược đồ {version} mới hơn phiên bản phần mềm hỗ trợ "
                f"({SCHEMA_VERSION}); "
                f"hãy nâng cấp Lan Tỏa / schema version {version} is newer than this Lan Tỏa "
                f"understands ({SCHEMA_VERSION}); upgrade Lan Tỏa",
            )
        )
        raise PackError(problems)
    data = migrate_pack_data(data)
    numbering = _check_numbering(data, where, name) + _check_kind(data, where, name)
    problems += numbering
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        schema = _schema_problems(exc, where, name)
        if numbering:  # the model's own checks repeat what we said with lines
            schema = [p for p in schema if p.field != ""]
        problems += schema
    if problems:
        raise PackError(sorted(problems, key=lambda p: (p.line, p.column)))
    return pack


def load_pack(path: str | Path) -> Pack:
    """Load and validate the pack file at ``path``."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(
            [PackProblem(name, 1, 1, "", f"không đọc được tệp / cannot read: {exc.strerror}")]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(
            [
                PackProblem(
                    name, 1, 1, "", f"tệp không phải UTF-8 / file is not UTF-8 (byte {exc.start})"
                )
            ]
        ) from None
    return parse_pack(text, name=name)


def validate_pack_file(path: str | Path) -> list[PackProblem]:
    """Every problem of the pack file at ``path`` (empty when it is valid)."""
    try:
        load_pack(path)
    except PackError as exc:
        return exc.problems
    return []


def _builtin_dir() -> Path:
    return Path(str(resources.files("lantoa.core.packs") / "data"))


def builtin_pack_paths() -> dict[str, Path]:
    """The packs shipped with Lan Tỏa, by id (file name without ``.yaml``)."""
    return {p.stem: p for p in sorted(_builtin_dir().glob("*.yaml"))}


def builtin_pack(pack_id: str = BUILTIN_DEFAULT) -> Pack:
    paths = builtin_pack_paths()
    if pack_id not in paths:
        known = ", ".join(paths) or "-"
        raise PackError(
            [
                PackProblem(
                    pack_id,
                    1,
                    1,
                    "id",
                    f"không có gói '{pack_id}' (có: {known}) / "
                    f"no pack '{pack_id}' (known: {known})",
                )
            ]
        )
    return load_pack(paths[pack_id])


def pack_to_data(pack: Pack) -> dict[str, Any]:
    """The pack as JSON-ready data, with the same keys as its YAML file (absent optional
    fields left out)."""
    data: dict[str, Any] = json.loads(pack.model_dump_json(by_alias=True, exclude_none=True))
    return data


def pack_from_data(data: dict[str, Any]) -> Pack:
    """A pack from stored JSON data of any known schema (older ones are migrated)."""
    return Pack.model_validate(migrate_pack_data(data))


def pack_to_yaml(data: dict[str, Any]) -> str:
    """Pack data as a YAML document in the key order of the data (for files people edit)."""
    text: str = yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return text


def problems_as_dicts(problems: list[PackProblem]) -> list[dict[str, Any]]:
    return [asdict(p) for p in problems]
