"""Bad input gets empty fields with a reason, never a crash and never invented fields."""

from __future__ import annotations

import pytest

from lantoa.core.dispatch import dispatch_to_data, parse_dispatch

EMPTY = {"code": None, "date": None, "place": None, "issuer": None, "subject": None}


def _fields(text: str) -> tuple[dict, list[str]]:
    data = dispatch_to_data(parse_dispatch(text))
    return {key: data[key] for key in EMPTY}, data["warnings"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the text is empty"),
        ("  \n\n\t ", "the text is empty"),
        (
            "Hôm nay trời đẹp. Tôi đi chợ mua rau, cá và thịt. Chiều về nấu cơm cho cả nhà.",
            "not a dispatch: no letterhead, number, date or subject was found",
        ),
        (
            "Minutes of the meeting held on 3 May 2024 in London. No: 12/ABC-DEF. "
            "The committee agreed to publish the report.",
            "the text does not look like Vietnamese",
        ),
        (
            "关于2020年部分节假日安排的通知 市人民政府办公厅",
            "the text does not look like Vietnamese",
        ),
        ("ngày " * 200_000, "the text repeats the same word over and over"),
    ],
    ids=["empty", "blank", "not-a-dispatch", "english", "chinese", "one-syllable-1MB"],
)
def test_bad_input_gets_a_reason_and_no_invented_fields(text, reason):
    fields, warnings = _fields(text)
    assert fields == EMPTY
    assert reason in warnings


def test_the_cli_prints_the_reason_for_a_text_in_another_language(tmp_path):
    from click.testing import CliRunner

    from lantoa.cli.main import cli

    english = tmp_path / "minutes.txt"
    english.write_text("The committee agreed to publish the report next week.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(english)])
    assert result.exit_code == 0
    assert "the text does not look like Vietnamese" in result.output
    assert "không rõ / unknown" in result.output
