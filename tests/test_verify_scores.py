"""On short texts the score says what the checklist says: swapped sides are flagged, a
distorted point or a title alone never scores 1,00."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lantoa.core.verify import verify_text

SWAPPED = {
    "a sentence": "Công nghệ thông tin thì {dx}, còn chuyển đổi số thì {it}.",
    "a table row under its header": "Công nghệ thông tin | Chuyển đổi số\n{dx} | {it}",
    "labelled lines": "{title}.\nCNTT: {dx}.\nCĐS: {it}.",
}
RIGHT = {
    "a sentence": "Công nghệ thông tin thì {it}, còn chuyển đổi số thì {dx}.",
    "a table row under its header": "Công nghệ thông tin | Chuyển đổi số\n{it} | {dx}",
    "labelled lines": "{title}.\nCNTT: {it}.\nCĐS: {dx}.",
}


def _short(template: str, point) -> str:
    return template.format(
        title=point.title.vi, it=point.it.short.vi.lower(), dx=point.dx.short.vi.lower()
    )


def _result(text, pack, number):
    return next(p for p in verify_text(text, pack).points if p.number == number)


@pytest.mark.parametrize("shape", list(SWAPPED))
@pytest.mark.parametrize("number", [1, 5, 9])
def test_a_short_text_with_the_two_sides_swapped_is_flagged(pack, shape, number):
    point = pack.point(number)
    swapped = _result(_short(SWAPPED[shape], point), pack, number)
    assert (swapped.status, swapped.how) == ("distorted", "sides-swapped")
    assert swapped.score <= 0.25
    right = _result(_short(RIGHT[shape], point), pack, number)
    assert right.status == "present"
    assert right.score >= 0.9


@pytest.mark.parametrize("number", range(1, 18))
def test_the_right_short_forms_in_one_sentence_are_never_called_swapped(pack, number):
    point = pack.point(number)
    assert _result(_short(RIGHT["a sentence"], point), pack, number).status == "present"


def test_a_distorted_point_does_not_score_one(pack):
    p1, p2 = pack.point(1), pack.point(2)
    text = (
        f"1. {p1.title.vi}. Công nghệ thông tin: {p1.it.full.vi} Chuyển đổi số: {p2.dx.full.vi}\n"
        f"2. {p2.title.vi}. Công nghệ thông tin: {p2.it.full.vi} Chuyển đổi số: {p1.dx.full.vi}"
    )
    result = verify_text(text, pack)
    distorted = [p for p in result.points if p.status == "distorted"]
    assert distorted
    assert all(p.score <= 0.5 for p in distorted)


def test_a_title_alone_scores_a_quarter_and_the_verdict_says_title_only(pack):
    titles = "\n".join(f"{p.number}. {p.title.vi}" for p in pack.points)
    result = verify_text(titles, pack)
    assert {p.how for p in result.points} == {"title-only"}
    assert all(p.score <= 0.25 for p in result.points)
    assert result.conveyed == 0
    assert result.coverage == 0.0
    assert "chỉ có tiêu đề 1, 2, 3" in result.verdict_vi
    assert "title only 1, 2, 3" in result.verdict_en
    assert not result.verdict_vi.startswith("Đủ")


def test_one_side_scores_at_most_a_half(pack):
    point = pack.point(3)
    result = _result(f"{point.title.vi}. {point.it.full.vi}", pack, 3)
    assert result.how == "partial"
    assert 0.25 < result.score <= 0.5


@pytest.mark.django_db
def test_the_check_page_shows_the_scores_the_checklist_means(client: Client, installed_pack, pack):
    titles = "\n".join(f"{p.number}. {p.title.vi}" for p in pack.points)
    html = client.post("/kiem-tra/", {"text": titles}).content.decode()
    assert '<strong id="coverage">0/17</strong>' in html
    assert "chỉ có tiêu đề" in html
    scores = re.findall(r"điểm số (\d+,\d\d)", html)
    assert len(scores) == 17
    assert all(float(s.replace(",", ".")) <= 0.25 for s in scores)
    assert "1,00" not in scores
    assert 'id="score-meaning"' in html
    assert html.count('<span class="badge badge-incomplete">chưa đủ</span>') == 17


def test_the_command_line_does_not_call_a_list_of_titles_complete(pack):
    from click.testing import CliRunner

    from lantoa.cli.main import cli

    titles = "\n".join(f"{p.number}. {p.title.vi}" for p in pack.points)
    result = CliRunner().invoke(cli, ["verify", "-"], input=titles, terminal_width=160)
    assert result.exit_code == 1
    assert "Độ phủ / Coverage: 0% (0/17)" in result.output
    assert "0.25" in result.output
    assert "1.00" not in result.output
