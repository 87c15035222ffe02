"""Per-unit QR posters: an A4 PDF and a square PNG per unit, the QR code pointing at the
unit's study page (``<base URL>/hoc/<unit code>``).

Posters are rendered in batches (one Typst compile makes the square PNGs of a whole
batch) by a pool of processes, one per core: a province has thousands of communes.
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
import json
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import segno

from lantoa.core.kit.branding import Branding, unit_name_clean
from lantoa.core.kit.content import brand_data, pack_data
from lantoa.core.kit.engine import Engine
from lantoa.core.kit.errors import KitError
from lantoa.core.kit.render import (
    MANIFEST,
    KitFile,
    KitResult,
    _publish,
    _stage_dir,
    manifest_build,
)
from lantoa.core.packs import BUILTIN_DEFAULT, Pack
from lantoa.core.text import fold, nfc

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
MAX_UNITS = 20_000
MAX_CSV_BYTES = 10 * 1024 * 1024
BATCH = 40
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str


def ascii_slug(text: str, *, limit: int = 60) -> str:
    """``"Phường Mông Dương"`` → ``"phuong-mong-duong"``: safe in any file system and
    archive tool, still readable."""
    folded = fold(text).text
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:limit].rstrip("-")


def poster_stem(unit: Unit) -> str:
    """A poster's file name without extension: the unit's name as ASCII, then its code
    (unique), e.g. ``phuong-mong-duong-CP-MD``."""
    slug = ascii_slug(unit.name)
    return f"{slug}-{unit.code}" if slug else unit.code


def study_url(base_url: str, code: str, pack_id: str = BUILTIN_DEFAULT) -> str:
    """The unit's study page; for a pack other than the built-in default, with
    ``?goi=<pack id>`` so that the learner studies the campaign's pack."""
    url = f"{base_url.rstrip('/')}/hoc/{quote(code)}"
    return url if pack_id == BUILTIN_DEFAULT else f"{url}?goi={quote(pack_id)}"


def units_read_csv(path: str | Path) -> list[Unit]:
    """Units from a CSV file with the columns ``code,name`` (UTF-8, header row first)."""
    path = Path(path)
    if not path.is_file():
        raise KitError(f"không tìm thấy tệp {path} / file not found: {path}")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise KitError(f"tệp {path} quá lớn / file {path} is too large")
    try:
        text = nfc(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise KitError(f"tệp {path} không phải UTF-8 / file {path} is not UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"code", "name"} <= {f.strip() for f in reader.fieldnames}:
        raise KitError(
            f"{path}: cần các cột code,name / {path}: the columns code,name are required"
        )
    units: list[Unit] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "") for k, v in row.items()}
        code, name = row["code"].strip(), unit_name_clean(row["name"])
        if not _CODE.match(code):
            raise KitError(
                f"{path}:{line}: mã đơn vị không hợp lệ {code!r} (chữ, số, . _ -) / "
                f"invalid unit code {code!r} (letters, digits, . _ -)"
            )
        if not name:
            raise KitError(f"{path}:{line}: thiếu tên đơn vị / missing unit name")
        if code in seen:
            raise KitError(f"{path}:{line}: mã {code} bị trùng / duplicate code {code}")
        seen.add(code)
        units.append(Unit(code=code, name=name))
        if len(units) > MAX_UNITS:
            raise KitError(f"{path}: quá {MAX_UNITS} đơn vị / more than {MAX_UNITS} units")
    if not units:
        raise KitError(f"{path}: không có đơn vị nào / no units")
    return units


def qr_svg(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=10, border=4, xmldecl=False, light="#ffffff"
    )
    return out.getvalue().decode("utf-8")


def _unit_data(unit: Unit, base_url: str, pack_id: str = BUILTIN_DEFAULT) -> dict[str, str]:
    url = study_url(base_url, unit.code, pack_id)
    return {"code": unit.code, "name": unit.name, "url": url, "qr": qr_svg(url)}


def _poster_data(
    units: list[dict[str, str]],
    *,
    pack: Pack,
    branding: Branding,
    logo: str | None,
    fmt: str,
) -> dict[str, Any]:
    return {
        "format": fmt,
        "pack": pack_data(pack),
        "brand": brand_data(branding, logo),
        "heading": pack.title.vi,
        "call": "Quét mã để học và làm bài kiểm tra",
        "units": units,
    }


# One engine per branding in each process (a worker renders many batches).
_engines: dict[str, Engine] = {}


def _engine_for(branding: Branding) -> Engine:
    if branding.digest not in _engines:
        scratch = Path(tempfile.mkdtemp(prefix="lantoa-posters-"))
        atexit.register(shutil.rmtree, scratch, True)
        _engines[branding.digest] = Engine(scratch, branding)
    return _engines[branding.digest]


def _render_batch(args: tuple[list[Unit], Pack, Branding, str, str]) -> list[KitFile]:
    """Render a batch in a worker: square PNGs in one compile, one PDF per unit."""
    units, pack, branding, base_url, stage = args
    engine = _engine_for(branding)
    files: list[KitFile] = []

    def write(rel: str, kind: str, data: bytes) -> None:
        path = Path(stage) / rel
        path.write_bytes(data)
        files.append(KitFile(rel, kind, len(data), hashlib.sha256(data).hexdigest()))

    prepared = [_unit_data(unit, base_url, pack.id) for unit in units]  # each QR made once

    def data(batch: list[dict[str, str]], fmt: str) -> dict[str, Any]:
        return _poster_data(batch, pack=pack, branding=branding, logo=engine.logo_name, fmt=fmt)

    pngs = engine.compile("poster.typ", data(prepared, "square"), fmt="png", ppi=72, item="poster")
    for unit, png in zip(units, pngs, strict=True):
        write(f"posters/{poster_stem(unit)}.png", "poster-png", png)
    for unit, one in zip(units, prepared, strict=True):
        (pdf,) = engine.compile("poster.typ", data([one], "a4"), fmt="pdf", item="poster")
        write(f"posters/{poster_stem(unit)}.pdf", "poster-pdf", pdf)
    return files


def posters_render(
    units: list[Unit],
    *,
    pack: Pack,
    out: str | Path,
    branding: Branding | None = None,
    base_url: str = DEFAULT_BASE_URL,
    processes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> KitResult:
    """Render a poster (A4 PDF and square PNG) per unit into ``out``, with a manifest."""
    if not re.match(r"^https?://[^\s/]+", base_url):
        raise KitError(f"địa chỉ gốc không hợp lệ: {base_url!r} / invalid base URL: {base_url!r}")
    out = Path(out)
    branding = branding or Branding()
    stage = _stage_dir(out)
    (stage / "kit" / "posters").mkdir(parents=True)
    batches = [units[i : i + BATCH] for i in range(0, len(units), BATCH)]
    jobs = [(b, pack, branding, base_url, str(stage / "kit")) for b in batches]
    files: list[KitFile] = []
    processes = processes or min(os.cpu_count() or 1, max(1, len(batches)))
    try:
        if processes == 1:
            results = map(_render_batch, jobs)
            for done, result in enumerate(results, start=1):
                files += result
                if progress:
                    progress(min(done * BATCH, len(units)), len(units))
        else:
            # Not "fork": Typst keeps threads, and a forked child of a threaded process can hang.
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(processes) as pool:
                for done, result in enumerate(pool.imap(_render_batch, jobs), start=1):
                    files += result
                    if progress:
                        progress(min(done * BATCH, len(units)), len(units))
        manifest = manifest_build(pack, branding, files, what="posters")
        manifest["base_url"] = base_url
        (stage / "kit" / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        _publish(stage / "kit", out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return KitResult(out=out, files=files, manifest=manifest)
