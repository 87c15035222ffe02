"""Compile one Typst template in a fresh Python process.

Typst's compiler starts a pool of threads the first time it runs. A process that forks after
that (gunicorn's master, after ``lantoa demo`` rendered the public kit in it) hands its
workers a pool whose threads do not exist there, and their first compile waits forever.
A certificate, rendered on a learner's request inside a web worker, therefore compiles in
a child started as a new interpreter running ``typst_child.py`` (never forked from a
worker's state). The child imports only ``typst``, so the cost is about 0.15 s per
certificate, which the view's rate limit bounds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from lantoa.core.kit.errors import KitError

SECONDS = 60.0
CHILD = Path(__file__).with_name("typst_child.py")  # run as a script: imports no lantoa


def compile_pdf_fresh(template: str, data: dict[str, Any], *, item: str) -> bytes:
    """The PDF of ``template`` with ``data``, compiled by a new process."""
    return compile_fresh(template, data, item=item)


def compile_fresh(
    template: str, data: dict[str, Any], *, item: str, fmt: str = "pdf", ppi: float | None = None
) -> bytes:
    """The PDF (or single-page PNG) of ``template`` with ``data``, compiled by a new process."""
    from lantoa.core.kit.engine import TEMPLATES, font_dir

    request = json.dumps(
        {
            "templates": str(TEMPLATES),
            "fonts": str(font_dir()),
            "template": template,
            "data": data,
            "format": fmt,
            "ppi": ppi,
        }
    ).encode()
    try:
        done = subprocess.run(
            [sys.executable, str(CHILD)],
            input=request,
            capture_output=True,
            timeout=SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise KitError(f"{item}: quá {SECONDS:g} giây / took over {SECONDS:g} s") from None
    magic = b"%PDF" if fmt == "pdf" else b"\x89PNG"
    if done.returncode != 0 or not done.stdout.startswith(magic):
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise KitError(f"{item}: không dựng được / could not render: {reason[0]}")
    return done.stdout
