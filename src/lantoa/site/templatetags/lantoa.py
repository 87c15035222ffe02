"""Template helpers for bilingual pack content."""

from django import template

register = template.Library()


@register.filter
def tr(value, lang: str = "vi"):
    """The text of a :class:`Localized` value in the page's language.

    ``{{ point.title|tr:lang }}``
    """
    return value.get(lang)
