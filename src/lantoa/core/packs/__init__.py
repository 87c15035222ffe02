"""Content packs: the official points of a campaign as versioned, validated data."""

from lantoa.core.packs.loader import (
    BUILTIN_DEFAULT,
    PackError,
    PackProblem,
    builtin_pack,
    builtin_pack_paths,
    load_pack,
    pack_from_data,
    pack_to_data,
    pack_to_yaml,
    parse_pack,
    validate_pack_file,
)
from lantoa.core.packs.migrate import migrate_pack_data
from lantoa.core.packs.schema import (
    KINDS,
    SCHEMA_VERSION,
    Kind,
    KindError,
    Localized,
    Pack,
    Point,
    Side,
    Source,
)

__all__ = [
    "BUILTIN_DEFAULT",
    "KINDS",
    "SCHEMA_VERSION",
    "Kind",
    "KindError",
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
    "migrate_pack_data",
    "pack_from_data",
    "pack_to_data",
    "pack_to_yaml",
    "parse_pack",
    "validate_pack_file",
]
