"""``{% learn_asset "learning/learn.js" %}``: the content-hashed, immutable URL of a file."""

from django import template

from lantoa.learning.shell import asset_url

register = template.Library()


@register.simple_tag
def learn_asset(name: str) -> str:
    return asset_url(name)
