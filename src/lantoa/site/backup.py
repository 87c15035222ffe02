"""A consistent snapshot of the site: the database and every stored file, and its restore.

``backup_create`` copies the database first (SQLite's online backup API, or ``pg_dump``
in its custom format) and the stored files after. Stored files are only ever added under
new random names and referenced from the database, so files copied after the database
snapshot are a superset of what it references: the pair is consistent without stopping
the site. A manifest lists every file with its SHA-256; ``backup_restore`` checks them all
before it changes anything, then replaces the database and the stored files. Restore with
the site stopped.

Stored files are the local folders of Django's default storage (the data folder, or
``LANTOA_STORAGE_URL=file:///…``); a bucket of an S3-compatible store
(``LANTOA_STORAGE_URL=s3://…``) is backed up with the store's own tools (docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
# Under the data folder but not stored content: the live SQLite files, collected static
# files (rebuilt at start), and the demo secret.
_SKIP_NAMES = frozenset({"static", "demo-secret-key"})


class BackupError(RuntimeError):
    """A backup that cannot be made or restored, with the reason."""


def stored_roots() -> dict[str, Path]:
    """Named folders of stored files (the kits folder may live outside the data folder)."""
    roots = {"data": Path(settings.DATA_DIR)}
    location = settings.STORAGES["default"].get("OPTIONS", {}).get("location")
    if location and not Path(location).resolve().is_relative_to(Path(settings.DATA_DIR).resolve()):
        roots["files"] = Path(location)
    return roots


def _database_files() -> set[Path]:
    name = settings.DATABASES["default"].get("NAME")
    if connection.vendor == "sqlite" and name:
        base = Path(str(name)).resolve()
        return {
            base,
            Path(f"{base}-wal"),
            Path(f"{base}-shm"),
            Path(f"{base}-journal"),
            Path(f"{base}.writers"),  # the writers' lock file (lantoa/config/sqlite)
        }
    return set()


def stored_files() -> Iterator[tuple[str, Path]]:
    """Every stored file as (name in the backup, path), each file once."""
    roots = stored_roots()
    files = roots["files"].resolve() if "files" in roots else None
    skip = _database_files()
    for label, root in roots.items():
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            if label == "data":
                dirnames[:] = [
                    d
                    for d in dirnames
                    if not (here == root and d in _SKIP_NAMES) and (here / d).resolve() != files
                ]
            for filename in sorted(filenames):
                path = here / filename
                if (here == root and filename in _SKIP_NAMES) or path.resolve() in skip:
                    continue
                if path.is_symlink():
                    continue
                yield f"{label}/{path.relative_to(root).as_posix()}", path


def stored_file_put(name: str, source: Path) -> None:
    """Write the backup's file ``name`` back to its place under :func:`stored_roots`."""
    label, _, rel = name.partition("/")
    root = stored_roots()[label].resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(root):
        raise BackupError(f"refused: {name} points outside its folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    config = connection.settings_dict
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    args = [
        "--host",
        str(config.get("HOST") or "127.0.0.1"),
        "--port",
        str(config.get("PORT") or 5432),
        "--username",
        str(config.get("USER") or "postgres"),
        "--dbname",
        str(config["NAME"]),
    ]
    return args, env


def _database_dump(target: Path) -> str:
    if _engine() == "sqlite":
        connection.ensure_connection()
        out = target / "database.sqlite3"
        with sqlite3.connect(out) as copy:
            connection.connection.backup(copy)  # a consistent online copy
        copy.close()
        return out.name
    out = target / "database.pgdump"
    args, env = _pg_env()
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(out), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return out.name


def backup_create(*, out: Path) -> Path:
    """Write a snapshot into a new folder under ``out``; return that folder."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(out) / f"lantoa-backup-{stamp}"
    suffix = 1
    while target.exists():
        suffix += 1
        target = Path(out) / f"lantoa-backup-{stamp}-{suffix}"
    (target / "files").mkdir(parents=True)
    database = _database_dump(target)
    files: dict[str, str] = {}
    for name, path in stored_files():
        copy = target / "files" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        files[name] = _sha256(copy)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "engine": _engine(),
        "database": {"file": database, "sha256": _sha256(target / database)},
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return target


def _read_manifest(source: Path) -> dict[str, object]:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} is not a Lan Tỏa backup (no readable {MANIFEST})") from exc
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise BackupError(
            f"backup schema {version!r} is not {SCHEMA_VERSION}: use a matching lantoa"
        )
    if manifest.get("engine") != _engine():
        raise BackupError(
            f"the backup holds a {manifest.get('engine')} database; this site uses {_engine()}"
        )
    database = manifest["database"]
    if _sha256(source / database["file"]) != database["sha256"]:
        raise BackupError(f"{database['file']} does not match its checksum")
    for name, digest in manifest["files"].items():
        path = source / "files" / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{name} is missing or does not match its checksum")
    return manifest


def backup_restore(*, source: Path) -> dict[str, int]:
    """Replace the database and the stored files with the backup in ``source``."""
    source = Path(source)
    manifest = _read_manifest(source)
    database = source / manifest["database"]["file"]  # type: ignore[index]
    if _engine() == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(database) as snapshot:
            snapshot.backup(connection.connection)
        snapshot.close()
    else:
        args, env = _pg_env()
        connection.close()
        done = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(database),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    names = set(manifest["files"])  # type: ignore[arg-type]
    for name, path in list(stored_files()):
        if name not in names:
            path.unlink()  # a file made after the snapshot: not part of the restored site
    for name in sorted(names):
        stored_file_put(name, source / "files" / name)
    return {"files": len(names)}
