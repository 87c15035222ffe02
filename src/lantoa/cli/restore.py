"""``lantoa restore``: put the diacritics back into a Vietnamese text that lost them."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import click

MAX_BYTES = 2 * 1024 * 1024


class InputError(Exception):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def _read(file: str) -> str:
    """The text of FILE ('-': standard input), decoded, or an :class:`InputError`."""
    from lantoa.core.extract.api import ExtractError
    from lantoa.core.extract.plain import decode

    if file == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        path = Path(file)
        if not path.is_file():
            raise InputError(f"không tìm thấy tệp {file}", f"no such file: {file}")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(
            f"văn bản quá lớn (tối đa {MAX_BYTES // 1024 // 1024} MB)",
            f"the text is too large (at most {MAX_BYTES // 1024 // 1024} MB)",
        )
    if not data.strip():
        raise InputError("văn bản rỗng, không có gì để khôi phục", "the text is empty")
    try:
        text, _ = decode(data)
    except ExtractError:
        text = ""
    controls = sum(
        1 for c in text if unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in "\n\r\t\f"
    )
    if not text or controls > 0.01 * len(text) or text.count("\ufffd") > max(10, len(text) // 50):
        raise InputError(
            "đây không phải văn bản (tệp nhị phân?); hãy dùng tệp .txt hoặc .md",
            "this is not text (a binary file?); give a .txt or .md file",
        )
    return text


@click.command()
@click.argument("file", type=str)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print JSON: the restored text and each changed word with its position and confidence.",
)
def restore(file: str, as_json: bool) -> None:
    """Restore the diacritics of a Vietnamese text FILE ('-' reads standard input).

    Khôi phục dấu tiếng Việt cho văn bản bị mất dấu ("Cam Pha, ngay 19 thang 10" →
    "Cẩm Phả, ngày 19 tháng 10"). Words that already carry marks, numbers, codes such as
    4231/UBND-VHTT, punctuation and line breaks are kept as they were. Exit status: 0 when
    the text was read, 2 when it could not be (empty, binary, too large).
    """
    from lantoa.core.diacritics import restore as restore_text

    try:
        text = _read(file)
    except InputError as exc:
        click.echo(f"✗ {file}: {exc.vi} / {exc.en}", err=True)
        sys.exit(2)
    restored = restore_text(text, limit=MAX_BYTES, confidence=as_json)
    if not restored.vietnamese:
        click.echo(
            f"! {file}: văn bản không phải tiếng Việt, giữ nguyên / "
            "the text does not read as Vietnamese, left as it was",
            err=True,
        )
    if not as_json:
        click.echo(restored.text, nl=False)
        return
    line_starts = [0] + [i + 1 for i, c in enumerate(restored.text) if c == "\n"]
    changes = []
    for token in restored.changes:
        line = _line_of(line_starts, token.start)
        changes.append(
            {
                "start": token.start,
                "end": token.end,
                "line": line + 1,
                "column": token.start - line_starts[line] + 1,
                "original": token.original,
                "restored": token.restored,
                "confidence": round(token.confidence, 3),
            }
        )
    words = sum(1 for t in restored.tokens if t.original.isalpha())
    payload = {
        "file": file,
        "vietnamese": restored.vietnamese,
        "words": words,
        "changed": len(changes),
        "text": restored.text,
        "changes": changes,
    }
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _line_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset) - 1
