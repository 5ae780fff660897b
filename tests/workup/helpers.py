"""Small helpers for driving the workup pages in tests."""

import re

from django.urls import reverse

from tests.workup.formdata import section_data

VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)"')


def section_url(workup, name: str) -> str:
    return reverse("workup:section", args=[workup.patient_id, workup.pk, name])


def url(name: str, workup, *extra) -> str:
    return reverse(f"workup:{name}", args=[workup.patient_id, workup.pk, *extra])


def page_version(response) -> int:
    """The version the section form on this page started from."""
    match = VERSION.search(response.content.decode())
    assert match, "the page has no section form"
    return int(match.group(1))


def fill_section(client, workup, name: str, value, **post_extra):
    """Open the section page as a clinician would, then save it with `value`."""
    page = client.get(section_url(workup, name))
    assert page.status_code == 200
    data = section_data(name, value, version=page_version(page))
    data.update(post_extra)
    return client.post(section_url(workup, name), data)
