"""Template helpers for bilingual pack content."""

from django import template

register = template.Library()


@register.filter
def tr(value, lang: str = "vi"):
    """Pick the text of a :class:`Localized` value in the page's language: ``{{ p.title|tr:lang }}``."""
    return value.get(lang)
