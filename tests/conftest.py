"""Shared fixtures: the built-in pack, an installed pack, and system-tool gates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lantoa.core.packs import Pack, builtin_pack

SAMPLES = Path(__file__).parent / "samples"
SEEDS = SAMPLES / "seeds"
REQUIRE_ALL = os.environ.get("LANTOA_REQUIRE_ALL") == "1"


def require_tool(path_or_name: str, why: str) -> str:
    """Return the tool's path, or skip (fail under LANTOA_REQUIRE_ALL=1) when it is missing."""
    found = shutil.which(path_or_name) or (path_or_name if Path(path_or_name).exists() else None)
    if found:
        return found
    message = f"{path_or_name} is not installed: {why}"
    if REQUIRE_ALL:
        pytest.fail(message + " (LANTOA_REQUIRE_ALL=1)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return builtin_pack("cds17")


@pytest.fixture
def installed_pack(db, pack):
    from lantoa.content.services import pack_install

    row, _ = pack_install(pack=pack, builtin=True)
    return row


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")
