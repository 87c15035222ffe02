"""Untrusted documents: what the hostile files of tests/hostile.py cost with and without the
reading budgets, and what reading in a separate process adds to an ordinary upload."""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from tests.hostile import many_elements_html, many_paragraphs_docx, shared_stream_pdf

from lantoa.core.extract import DEFAULT, ExtractError, extract_text
from lantoa.core.extract.sandbox import run
from lantoa.core.verify.io import DocumentError, document_text

HUGE = 10**12
LIFTED = dataclasses.replace(
    DEFAULT,
    max_chars=HUGE,
    max_page_chars=HUGE,
    max_decoded_bytes=HUGE,
    max_page_decoded_bytes=HUGE,
    max_elements=HUGE,
    ocr=False,
)


def timed(call) -> float:
    start = time.perf_counter()
    with contextlib.suppress(ExtractError, DocumentError):
        call()
    return time.perf_counter() - start


def main() -> None:
    pdf_one_page = shared_stream_pdf(pages=1)
    pdf, docx, html = shared_stream_pdf(), many_paragraphs_docx(), many_elements_html()
    print("| document | size | budgets lifted | with the budgets |")
    print("|---|---|---|---|")
    one = timed(lambda: extract_text(pdf_one_page, "a.pdf", limits=LIFTED))
    print(
        f"| PDF, 1 page of 1.3 M chars | {len(pdf_one_page) // 1024} KB | {one:.1f} s |"
        f" {timed(lambda: extract_text(pdf_one_page, 'a.pdf')):.2f} s |"
    )
    print(
        f"| PDF, 40 such pages (estimated from one) | {len(pdf) // 1024} KB | ~{40 * one:.0f} s |"
        f" {timed(lambda: extract_text(pdf, 'a.pdf')):.2f} s |"
    )
    print(
        f"| DOCX, 17 MB of XML | {len(docx) // 1024} KB |"
        f" {timed(lambda: extract_text(docx, 'a.docx', limits=LIFTED)):.1f} s |"
        f" {timed(lambda: extract_text(docx, 'a.docx')):.2f} s |"
    )
    print(
        f"| HTML, 200,000 cells | {len(html) // 1024} KB |"
        f" {timed(lambda: document_text(html, 'a.html', limits=LIFTED)):.1f} s |"
        f" {timed(lambda: document_text(html, 'a.html')):.2f} s |"
    )
    text = "CÔNG VĂN\nVề việc chuyển đổi số\n".encode() * 50
    inproc = [timed(lambda: extract_text(text, "a.txt")) for _ in range(5)]
    sandboxed = [timed(lambda: run(text, "a.txt", limits=DEFAULT)) for _ in range(5)]
    print(
        f"\nA small text upload: in process median {statistics.median(inproc) * 1000:.1f} ms,"
        f" in a separate process median {statistics.median(sandboxed) * 1000:.0f} ms."
    )


if __name__ == "__main__":
    main()
