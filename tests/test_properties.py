"""Property-based tests (issue 19, item 8): generated documents give a result or one of the
named errors (ExtractError, DocumentError), never an unhandled exception. Example counts are
kept small for CI; the parser's own random-text properties live in test_dispatch_parse."""

from __future__ import annotations

import io
import json
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.core.dispatch import dispatch_to_data, parse_dispatch
from lantoa.core.extract import ExtractError, Limits, extract_text
from lantoa.core.packs import builtin_pack
from lantoa.core.verify import verify_text
from lantoa.core.verify.io import DocumentError, document_text
from lantoa.site.jsonbody import json_problem

NO_OCR = Limits(ocr=False, seconds=10)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAGIC = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\xef\xbb\xbf"]


def _named(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ExtractError as exc:
        message = exc.message_vi  # a named problem with a Vietnamese message
    except DocumentError as exc:
        message = exc.vi
    assert message
    return None


@FAST
@given(
    st.sampled_from(MAGIC),
    st.binary(max_size=2000),
    st.sampled_from(["cv.pdf", "cv.docx", "cv.txt", "scan.png", "x", "cv.jpg"]),
)
def test_any_bytes_give_text_or_a_named_extraction_error(magic, tail, name):
    result = _named(extract_text, magic + tail, name, limits=NO_OCR)
    if result is not None:
        assert result.text.strip()


_PDF_OBJECT = st.sampled_from(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (Cong van) Tj ET\nendstream",
        b"<< /Length 999999 /Filter /FlateDecode >>\nstream\nxx\nendstream",
        b"[1 2 3",
        b"<< /Kids [3 0 R 3 0 R] /Count -1 >>",
    ]
)


@FAST
@given(st.lists(_PDF_OBJECT, min_size=1, max_size=6))
def test_pdf_like_structures_give_text_or_a_named_error(objects):
    body = b"%PDF-1.7\n" + b"".join(
        f"{n} 0 obj\n".encode() + obj + b"\nendobj\n" for n, obj in enumerate(objects, start=1)
    )
    body += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    _named(extract_text, body, "cv.pdf", limits=NO_OCR)


@FAST
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
    st.sampled_from(["word/document.xml", "word/other.xml"]),
)
def test_docx_like_zips_give_text_or_a_named_error(xml, entry):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(entry, xml)
    _named(extract_text, out.getvalue(), "cv.docx", limits=NO_OCR)


_TAG = st.sampled_from(["p", "div", "table", "tr", "td", "script", "style", "br", "b", "svg"])


@st.composite
def html_pages(draw):
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(_TAG)
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(st.text(max_size=30)).replace("\x00", ""))
    return "".join(parts)


@FAST
@given(html_pages(), st.sampled_from(["a.html", "a.txt", "stdin", "a.docx", "a.doc"]))
def test_generated_pages_give_text_or_a_named_document_error(page, name):
    result = _named(document_text, page.encode("utf-8"), name)
    if result is not None:
        assert isinstance(result, str)


_LINE = st.one_of(
    st.builds("Số: {}/{}".format, st.integers(-5, 10**6), st.text(max_size=12)),
    st.builds(
        "Hà Nội, ngày {} tháng {} năm {}".format,
        st.integers(-1, 40),
        st.integers(-1, 14),
        st.integers(0, 10**5),
    ),
    st.builds("V/v {}".format, st.text(max_size=60)),
    st.builds("Kính gửi: {}".format, st.text(max_size=60)),
    st.sampled_from(
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:", "-"]
    ),
    st.text(max_size=80),
)


@FAST
@given(st.lists(_LINE, max_size=25))
def test_dispatch_shaped_lines_with_impossible_dates_never_crash_the_parser(lines):
    d = parse_dispatch("\n".join(lines))
    json.dumps(dispatch_to_data(d))


PACK = builtin_pack("cds17")
_PACK_WORDS = sorted({w for p in PACK.points for w in p.title.vi.split()})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PACK_WORDS), st.text(max_size=12)), max_size=300))
def test_verify_gives_a_result_for_any_text(words):
    result = verify_text(" ".join(words), PACK)
    assert len(result.points) == len(PACK.points)
    for point in result.points:
        if point.span is not None:
            assert 0 <= point.span[0] <= point.span[1]


@FAST
@given(
    st.recursive(
        st.none() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=60,
    ),
    st.binary(max_size=40),
)
def test_the_json_guard_names_a_problem_or_accepts_never_raises(value, noise):
    good = json.dumps(value).encode()
    problem = json_problem(good)
    assert problem is None or problem.startswith("nested deeper")
    assert json_problem(good + noise) is None or isinstance(json_problem(good + noise), str)
