"""Verify on real republications of the 17 differences: precision 1.0, recall ≥ 0.97.

The set (tests/republications.py) holds real full and condensed republications, the
same tables in pipes, tabs and HTML and without diacritics, and negatives: texts
about other subjects, the IT and DX sides swapped, sides under the wrong title.
"""

from __future__ import annotations

from lantoa.core.packs import builtin_pack
from lantoa.core.verify import verify_text
from tests.republications import REPUBLISHED, cases, measure, pipes


def test_precision_is_one_and_recall_at_least_097_on_real_republications():
    m = measure()
    print(f"precision {m.precision:.3f}, recall {m.recall:.3f} (tp {m.tp}, fp {m.fp}, fn {m.fn})")
    for failure in m.failures:
        print("  ", failure)
    assert m.tp >= 200
    assert m.precision == 1.0
    assert m.recall >= 0.97


def test_every_negative_is_read_as_distorted_not_as_conveyed():
    m = measure([c for c in cases() if c.distorted])
    assert m.failures == []


def test_a_row_of_two_short_phrases_is_a_condensed_point():
    pack = builtin_pack("cds17")
    text = pipes((REPUBLISHED / "r01_sonhoa_phuyen_table.txt").read_text(encoding="utf-8"))
    result = verify_text(text, pack)
    nine = result.points[8]
    assert (nine.status, nine.how) == ("present", "condensed")
    assert nine.span is not None
    assert text[nine.span[0] : nine.span[1]].startswith("09 | Mua sản phẩm | Sử dụng dịch vụ")


def test_rows_count_only_in_a_table_of_the_pack():
    from lantoa.core.verify.profile import profile_for
    from lantoa.core.verify.rows import match_rows

    pack = builtin_pack("cds17")
    two = "1 | Mua sản phẩm | Sử dụng dịch vụ\n2 | Giá bán lẻ | 120.000 đồng\n"
    assert match_rows(two, pack, profile_for(pack)) == []
    three = two + "3 | Máy tính riêng lẻ | Điện toán đám mây\n4 | Đầu tư | Thuê\n"
    assert [m.point + 1 for m in match_rows(three, pack, profile_for(pack))] == [9, 7, 8]
