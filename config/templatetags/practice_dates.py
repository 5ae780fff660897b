"""``{% load practice_dates %}``: ``{{ day|practice_date }}`` and
``{{ moment|practice_datetime }}`` in the practice's one date format (see config.dates)."""

from django import template

from config import dates

register = template.Library()


@register.filter
def practice_date(value):
    return dates.show_date(value)


@register.filter
def practice_datetime(value):
    return dates.show_datetime(value)


@register.filter
def practice_dates_in(text):
    """A rule's text with its ISO dates in the practice format."""
    return dates.iso_dates_shown(text)
