"""Template helpers for bilingual pack content."""

from django import template

register = template.Library()


@register.filter
def tr(value, lang: str = "vi"):
    """The text of a :class:`Localized` value in the page's language.

    ``{{ point.title|tr:lang }}``
    """
    return value.get(lang)


@register.filter
def number(value):
    """A count the way the page's language writes it: ``1.397`` in Vietnamese, ``1,397``
    in English. Only for numbers shown to people (never in a URL or a form value)."""
    from django.utils.formats import number_format

    if value is None or value == "":
        return value
    try:
        return number_format(value, force_grouping=True)
    except (TypeError, ValueError):
        return value
