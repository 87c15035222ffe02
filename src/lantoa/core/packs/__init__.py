"""Content packs: the official points of a campaign as versioned, validated data."""

from lantoa.core.packs.loader import (
    BUILTIN_DEFAULT,
    PackError,
    PackProblem,
    builtin_pack,
    builtin_pack_paths,
    load_pack,
    pack_to_data,
    parse_pack,
    validate_pack_file,
)
from lantoa.core.packs.schema import SCHEMA_VERSION, Localized, Pack, Point, Side, Source

__all__ = [
    "BUILTIN_DEFAULT",
    "SCHEMA_VERSION",
    "Localized",
    "Pack",
    "PackError",
    "PackProblem",
    "Point",
    "Side",
    "Source",
    "builtin_pack",
    "builtin_pack_paths",
    "load_pack",
    "pack_to_data",
    "parse_pack",
    "validate_pack_file",
]
