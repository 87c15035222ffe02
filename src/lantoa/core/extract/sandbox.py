"""Read an untrusted document in a separate process that is killed when it runs over time.

A budget checked between pages cannot stop one page that takes minutes, and a web worker
stuck in a reader serves nobody. :func:`run` starts ``python -m lantoa.core.extract.sandbox``
in its own process group, sends it the document on standard input, and waits at most
``limits.seconds``; past that the whole group (the reader and any ``tesseract`` or
``pdftoppm`` it started) gets SIGKILL and the caller gets ``ExtractError("too_slow")`` at
once. The child also caps its own address space and CPU time, so a decompression bomb that
slips past the budgets fails inside it, not in the web worker.

Two readers run here: ``extract`` (:func:`lantoa.core.extract.extract_text`, for the
dispatch ingest page) and ``document`` (:func:`lantoa.core.verify.io.document_text`, for
the check page, which also reads HTML).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from lantoa.core.extract.api import Extracted, ExtractError, Limits

MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the reading process
_SRC = str(Path(__file__).resolve().parents[3])  # the folder that holds the lantoa package


class SandboxDocumentError(ValueError):
    """The ``document`` reader refused the file: its Vietnamese and English reasons."""

    def __init__(self, vi: str, en: str) -> None:
        self.vi = vi
        self.en = en
        super().__init__(f"{vi} / {en}")


def run(data: bytes, filename: str, *, limits: Limits, reader: str = "extract") -> Any:
    """Run ``reader`` on ``data`` in a child process within ``limits``.

    Returns an :class:`Extracted` (reader ``extract``) or the text (reader ``document``);
    raises :class:`ExtractError` or :class:`SandboxDocumentError` as the reader would.
    """
    header = json.dumps(
        {"reader": reader, "filename": filename, "limits": dataclasses.asdict(limits)}
    ).encode()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_SRC, env.get("PYTHONPATH", "")]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "lantoa.core.extract.sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: one kill reaches its children
        env=env,
    )
    try:
        out, err = proc.communicate(header + b"\n" + data, timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ExtractError("too_slow", limit=_seconds(limits.seconds)) from None
    except BaseException:
        _kill_group(proc)
        raise
    _kill_group(proc)  # grandchildren it may have left behind
    return _answer(out, err, proc.returncode, limits)


def _seconds(value: float) -> str:
    return f"{value:g}"


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def _answer(out: bytes, err: bytes, returncode: int, limits: Limits) -> Any:
    try:
        reply = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        reply = None
    if not isinstance(reply, dict):
        # Killed by its own CPU or memory cap, or crashed: the document is the cause.
        if returncode in (-signal.SIGKILL, -signal.SIGXCPU) or b"MemoryError" in err:
            raise ExtractError("too_slow", limit=_seconds(limits.seconds))
        raise ExtractError("corrupt", what="document")
    if "extracted" in reply:
        fields = reply["extracted"]
        fields["warnings"] = tuple(fields["warnings"])
        fields["ocr_pages"] = tuple(fields["ocr_pages"])
        return Extracted(**fields)
    if "text" in reply:
        return reply["text"]
    if "document_error" in reply:
        raise SandboxDocumentError(reply["document_error"]["vi"], reply["document_error"]["en"])
    raise ExtractError(reply["error"]["code"], **reply["error"]["params"])


def _limit_self(seconds: float) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        cpu = int(seconds) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (ImportError, ValueError, OSError):  # not POSIX, or limits already lower
        pass


def _child() -> int:
    header = sys.stdin.buffer.readline()
    request = json.loads(header)
    limits = Limits(**request["limits"])
    _limit_self(limits.seconds)
    data = sys.stdin.buffer.read()
    reply: dict[str, Any]
    try:
        if request["reader"] == "document":
            from lantoa.core.verify.io import DocumentError, document_text

            try:
                reply = {"text": document_text(data, request["filename"], limits=limits)}
            except DocumentError as exc:
                reply = {"document_error": {"vi": exc.vi, "en": exc.en}}
        else:
            from lantoa.core.extract.api import extract_text

            extracted = extract_text(data, request["filename"], limits=limits)
            reply = {"extracted": dataclasses.asdict(extracted)}
    except ExtractError as exc:
        reply = {"error": {"code": exc.code, "params": exc.params}}
    sys.stdout.write(json.dumps(reply, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child())
