"""The communication kit: flashcards, infographic, slides, Anki deck, web page, captions,
radio script and per-unit QR posters, rendered from a pack (see docs/kit.md).

No Django here: the command line, the web task and the tests all call these functions.
"""

from lantoa.core.kit.branding import Branding, Logo, branding_make, logo_from_bytes
from lantoa.core.kit.errors import KitError, TextOverflowError
from lantoa.core.kit.posters import Unit, posters_render, study_url, units_read_csv
from lantoa.core.kit.render import (
    ITEMS,
    MANIFEST,
    KitFile,
    KitResult,
    kit_render,
    only_parse,
    pack_load_file,
)

__all__ = [
    "ITEMS",
    "MANIFEST",
    "Branding",
    "KitError",
    "KitFile",
    "KitResult",
    "Logo",
    "TextOverflowError",
    "Unit",
    "branding_make",
    "kit_render",
    "logo_from_bytes",
    "only_parse",
    "pack_load_file",
    "posters_render",
    "study_url",
    "units_read_csv",
]
