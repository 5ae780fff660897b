"""The summary of a fully recorded workup, as a clinician sees it on screen (phone and desktop)
and as it prints: each page of the downloaded PDF is rendered to an image beside the journey's
screenshots, for people to look at. The screen page passes axe-core like every other page."""

import subprocess

import pytest
from django.urls import reverse

from tests.e2e.conftest import SCREENSHOTS, authenticator
from tests.e2e.workup_forms import document
from workup.importing import workup_import

pytestmark = pytest.mark.e2e

FULL = "full_record_v2"


def test_the_summary_reads_on_screen_and_prints_page_by_page(visitor_factory, clinician, tmp_path):
    workup = workup_import(facts=document(FULL), clinician_username=clinician.username).workup
    visitor = visitor_factory("summary-pages")
    visitor.log_in(clinician.username, device=authenticator(clinician))
    summary = reverse("summaries:summary", args=[workup.patient_id, workup.pk])
    page = visitor.page
    for screen, width in (("phone", 390), ("desktop", 1280)):
        page.set_viewport_size({"width": width, "height": 900})
        visitor.goto(summary, state=screen)
        visitor.screenshot(f"summary-{screen}")
        assert page.get_by_role("heading", name="Lab results").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = tmp_path / "summary.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{visitor.journey}-pdf-page-*.png"):
        old.unlink()
    prefix = SCREENSHOTS / f"{visitor.journey}-pdf-page"
    subprocess.run(["pdftoppm", "-png", "-r", "72", str(pdf), str(prefix)], check=True)
    pages = sorted(SCREENSHOTS.glob(f"{visitor.journey}-pdf-page-*.png"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    assert len(pages) == count >= 2
