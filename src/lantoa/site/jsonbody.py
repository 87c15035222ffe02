"""JSON request bodies checked before any view parses them: well-formed, and not nested
deeper than :data:`MAX_DEPTH` (Python's parser recurses, so a body of 100,000 ``[`` is a
RecursionError, a 500, in any view that calls ``json.loads`` on it)."""

from __future__ import annotations

import json

MAX_DEPTH = 32


def json_problem(body: bytes, *, max_depth: int = MAX_DEPTH) -> str | None:
    """None for an acceptable JSON body, else a short English name of the problem."""
    depth = 0
    in_string = False
    escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > max_depth:
                return f"nested deeper than {max_depth} levels"
        elif byte in (0x5D, 0x7D):
            depth -= 1
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    try:
        json.loads(text)
    except ValueError as exc:
        return f"malformed JSON ({str(exc).split(':')[0]})"
    except RecursionError:  # pragma: no cover - the depth scan comes first
        return f"nested deeper than {max_depth} levels"
    return None
