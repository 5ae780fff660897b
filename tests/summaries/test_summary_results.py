"""The summary stands on its own: every lab row in the unit it was entered (the canonical value
beside it), pending and not-done tests listed, and what each section recorded, on screen and in
the PDF alike; a section never recorded says so."""

import re

import pytest
from django.urls import reverse

from summaries import pdf, services
from tests.summaries.conftest import draft_from, pdf_text, sign
from workup.section_words import section_lines

pytestmark = pytest.mark.django_db

FULL = "full_record_v2"

# Each resulted row: analyte, value as entered, canonical value when the unit differs.
LAB_VALUES = [
    ("TSH", "2.7 uIU/mL", "(2.7 mIU/L)"),
    ("TSH", "3.2 mIU/L", ""),
    ("free T4", "15.4 pmol/L", "(1.2 ng/dL)"),
    ("ESR", "18 mm/h", ""),
    ("CRP", "0.3 mg/dL", "(3 mg/L)"),
    ("ANA", "negative (0)", ""),
    ("RF", "9 kIU/L", "(9 IU/mL)"),
    ("anti-CCP", "4 U/mL", ""),
    ("haemoglobin", "131 g/L", "(13.1 g/dL)"),
    ("HbA1c", "36 mmol/mol", "(5.44 %)"),
    ("25-OH vitamin D", "28 nmol/L", "(11.2 ng/mL)"),
    ("vitamin B12", "245 pmol/L", "(332 pg/mL)"),
    ("ferritin", "41 ug/L", "(41 ng/mL)"),
    ("serum magnesium", "0.82 mmol/L", ""),
]
NOT_RESULTED = [("CK", "pending"), ("tTG-IgA", "pending"), ("folate", "not done")]
# The findings the rules would never print unless a flag fired.
RECORDED = [
    "bloating, abdominal pain, diarrhoea",
    "Rome IV IBS criteria met",
    "dysbiosis",
    "SIBO breath test",
    "Probiotic trial",
    "partial",
    "postmenopausal",
    "HRT",
    "45 minutes a week",
    "1 session a week",
    "5.5 hours a night",
    "simvastatin: statin, dose 40 mg at night",
    "ibuprofen: NSAID",
    "Jaw claudication",
    "not asked",
    "2, 1, 3, 3, 1, 1, 2, 0, 0",
    "1, 2, 1, 2, 0, 1, 1",
    "38 months",
]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def printed_text(data: bytes, tmp_path) -> str:
    """The PDF's text in reading order, on one line; a line the printout broke after a hyphen
    or a slash is joined up again."""
    return joined(one_line(" ".join(pdf_text(data, tmp_path, layout=False))))


def joined(text: str) -> str:
    return re.sub(r"(?<=[-/]) ", "", text)


@pytest.fixture
def full_pdf_text(clinician, tmp_path):
    """The text of the issued PDF of the fully recorded workup, in reading order (signed: a
    draft's watermark would read in the middle of the text)."""
    workup = sign(draft_from(FULL, clinician=clinician), clinician)
    return printed_text(services.signed_summary_bytes(workup=workup), tmp_path)


def test_every_lab_row_is_printed_in_the_unit_it_was_entered(full_pdf_text):
    for analyte, entered, canonical in LAB_VALUES:
        row = f"{analyte} {entered} {canonical}".strip()
        if analyte == "TSH" and entered == "3.2 mIU/L":
            row = f"TSH (earlier) {entered}"
        assert row in full_pdf_text, row


def test_a_converted_value_never_stands_alone(full_pdf_text):
    for canonical in ("11.2 ng/mL", "13.1 g/dL", "5.44 %"):
        for found in re.finditer(re.escape(canonical), full_pdf_text):
            before = full_pdf_text[max(0, found.start() - 20) : found.start()]
            assert re.search(r"(nmol/L|g/L|mmol/mol) \($", before), before


def test_pending_and_not_done_tests_are_listed(full_pdf_text):
    for analyte, status in NOT_RESULTED:
        assert f"{analyte} {status}" in full_pdf_text


def test_every_recorded_finding_is_printed(full_pdf_text):
    for text in RECORDED:
        assert text in full_pdf_text, text


def test_each_section_prints_every_field_in_the_words_of_the_section_pages(clinician, tmp_path):
    workup = sign(draft_from(FULL, clinician=clinician), clinician)
    text = squeezed(printed_text(services.signed_summary_bytes(workup=workup), tmp_path))
    facts = services.sources.facts_and_evaluation(workup)[0]
    for name in ("red_flags", "medications", "pain", "lifestyle", "gut", "hormones"):
        for line in section_lines(name, getattr(facts, name)):
            assert squeezed(line.label) in text, line.label
            assert squeezed(line.text) in text, (line.label, line.text)


def squeezed(text: str) -> str:
    """Without spaces and hyphens: a cell's words wrap, and a word broken at its hyphen is
    read back joined ("gluten-free" as "glutenfree")."""
    return re.sub(r"[\s-]", "", text)


def test_a_section_never_recorded_says_so_on_screen(clinician):
    def drop(document):
        for name in ("gut", "hormones", "medications", "red_flags"):
            document.pop(name)
        document["labs"] = []

    workup = draft_from(FULL, clinician=clinician, edit=drop)
    html = pdf.render_html(services.summary_report(workup, generated_by="Ines Rivera"))
    for key in ("gut", "hormones", "medications", "red-flags"):
        block = html[html.index(f'id="findings-{key}"') :]
        block = block[: block.index("</div>")]
        assert "Not recorded." in block, key
    assert "No lab result recorded." in html


def test_no_current_medicine_is_not_the_same_as_not_recorded(clinician):
    def none_taken(document):
        document["medications"] = []

    workup = draft_from(FULL, clinician=clinician, edit=none_taken)
    html = pdf.render_html(services.summary_report(workup, generated_by="Ines Rivera"))
    block = html[html.index('id="findings-medications"') :]
    assert "no current medication" in block[: block.index("</div>")]


def test_the_generated_line_is_the_same_on_screen_and_in_the_pdf(
    clinician, clinician_client, staff, tmp_path
):
    workup = sign(draft_from(FULL, clinician=clinician), clinician)
    url = reverse(
        "summaries:summary", kwargs={"patient_id": workup.patient_id, "workup_id": workup.pk}
    )
    screen = clinician_client.get(url).content.decode()
    printed = printed_text(services.signed_summary_bytes(workup=workup), tmp_path)
    line = re.search(r"Issued [^<·]* by Ines Rivera, at signing", screen)
    assert line is not None
    assert line.group(0) in printed
    # Whoever looks later, the signed summary names who issued it and when, not the reader.
    later = services.summary_report(workup, generated_by=str(staff))
    assert later.footer.generated == line.group(0)


def test_a_draft_says_who_generated_it_and_when(clinician):
    workup = draft_from(FULL, clinician=clinician)
    report = services.summary_report(workup, generated_by="Ines Rivera")
    assert re.fullmatch(
        r"Draft generated \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d by Ines Rivera",
        report.footer.generated,
    )


@pytest.mark.parametrize(
    ("units", "heading", "row"),
    [
        ("entered", "Value as entered (canonical)", "28 nmol/L (11.2 ng/mL)"),
        ("si", "Value in SI units (as entered)", "2.7 mIU/L (2.7 uIU/mL)"),
        ("conventional", "Value in conventional units (as entered)", "11.2 ng/mL (28 nmol/L)"),
    ],
)
def test_the_lab_table_follows_the_practices_preferred_units(
    clinician, settings, units, heading, row
):
    settings.PRACTICE_LAB_UNITS = units
    workup = draft_from(FULL, clinician=clinician)
    html = pdf.render_html(services.summary_report(workup, generated_by="Ines Rivera"))
    table = one_line(re.sub(r"<[^>]+>", " ", html[html.index('id="labs-heading"') :]))
    assert heading in table
    assert row in table
