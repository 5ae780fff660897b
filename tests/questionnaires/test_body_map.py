"""The pain areas page: the tick box list is the form (it works without scripts), and the body
diagram is added by a script of our own over it. The page with the diagram stays light for a
phone: its HTML with every stylesheet and script it loads, gzip-compressed, is at most 300 KB."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from tests.questionnaires.factories import open_and_confirm, part_url
from workup.rules import vocab

pytestmark = pytest.mark.django_db

SCRIPT = "/static/js/questionnaire-body-map.js"
LOADED = re.compile(r'<(?:link|script)[^>]+(?:href|src)="(/static/[^"]+)"')


def compressed_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


@pytest.fixture
def pain_page(browser, code, patient):
    open_and_confirm(browser, code, patient)
    page = browser.get(part_url("pain_areas"))
    assert page.status_code == 200
    return page.content.decode()


def test_the_list_stays_the_form_and_the_diagram_script_has_a_hidden_place_for_it(pain_page):
    assert f'<script src="{SCRIPT}" defer></script>' in pain_page
    assert '<div class="body-map mb-3" data-body-map hidden></div>' in pain_page
    assert "<svg" not in pain_page, "the drawing is the script's: without it, the list alone"
    assert finders.find(SCRIPT.removeprefix("/static/"))
    ticks = re.findall(r'<input type="checkbox"[^>]*name="areas"[^>]*value="([a-z_]+)"', pain_page)
    assert sorted(ticks) == sorted(vocab.WPI_AREAS), "every area is still a tick box of the form"


def test_the_page_with_the_diagram_weighs_at_most_300_kb_compressed(pain_page, capsys):
    sizes = {"page": compressed_size(pain_page.encode())}
    for path in LOADED.findall(pain_page):
        with open(finders.find(path.removeprefix("/static/")), "rb") as asset:
            sizes[path] = compressed_size(asset.read())
    assert SCRIPT in sizes and any("bootstrap" in path for path in sizes)
    total = sum(sizes.values())
    with capsys.disabled():
        print(f"\npain areas page with the body diagram, gzip: {total / 1024:.1f} KB {sizes}")
    assert total <= 300 * 1024
