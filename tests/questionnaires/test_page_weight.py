"""The patient's first page (the date-of-birth page a link opens on) is light enough for a
phone on a poor connection: its HTML with every stylesheet, script and image it loads, each
compressed with gzip, is at most 300 KB."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.questionnaires.factories import link

pytestmark = pytest.mark.django_db

LIMIT = 300 * 1024
LOADED = re.compile(r'<(?:link|script)[^>]+(?:href|src)="(/static/[^"]+)"')


def compressed_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def first_page_weight(client, code) -> dict[str, int]:
    client.get(link(code))
    page = client.get(reverse("questionnaires:patient_confirm"))
    assert page.status_code == 200
    sizes = {"page": compressed_size(page.content)}
    for path in LOADED.findall(page.content.decode()):
        found = finders.find(path.removeprefix("/static/"))
        assert found, path
        with open(found, "rb") as asset:
            sizes[path] = compressed_size(asset.read())
    return sizes


def test_the_first_page_weighs_at_most_300_kb_compressed(client, code, capsys):
    sizes = first_page_weight(client, code)
    assert any("bootstrap" in path for path in sizes)
    total = sum(sizes.values())
    with capsys.disabled():
        print(f"\nfirst page, gzip: {total / 1024:.1f} KB {sizes}")
    assert total <= LIMIT
