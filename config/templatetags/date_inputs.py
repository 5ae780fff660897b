"""``{% load date_inputs %}``: ``{% date_example %}``, how a date in the practice format reads
("3 Dec 2026"), for the heading of a column of date boxes (see config.forms)."""

from django import template

from config import dates

register = template.Library()


@register.simple_tag
def date_example() -> str:
    return dates.example()
