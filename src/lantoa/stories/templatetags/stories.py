from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def for_point(grouped: dict[int, list[Any]] | None, number: int) -> list[Any]:
    """``{{ point_stories|for_point:point.number }}``: that point's stories, or none."""
    return (grouped or {}).get(number, [])
