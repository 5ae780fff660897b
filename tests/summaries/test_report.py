"""The summary HTML says everything the evaluation says, marks drafts, and decides nothing in
the template: every assertion here reads the print HTML (no PDF is made)."""

import datetime
import re

import pytest

from summaries import pdf, services
from summaries.report import texts
from tests.rules import builders
from tests.summaries.conftest import draft_from, patient_of, sign
from tests.workup.factories import document_facts, load_document, make_workup
from workup.rules.evaluate import evaluate

pytestmark = pytest.mark.django_db


def html_of(workup, user_name="Ines Rivera") -> str:
    return pdf.render_html(services.summary_report(workup, generated_by=user_name))


@pytest.mark.parametrize(
    "name",
    [
        "treatment_resistant_woman",
        "older_man_inflammatory",
        "spec_example",
        "young_woman_safety_alert",
        "first_visit_minimal",
    ],
)
def test_every_flag_of_the_evaluation_is_in_the_summary(clinician, name):
    workup = draft_from(name, clinician=clinician)
    html = html_of(workup)
    codes = [flag.code for flag in evaluate(document_facts(load_document(name))).flags]
    assert codes
    for code in codes:
        assert f"Rule {code}" in html


def test_patient_identifiers_and_visit_are_in_the_summary(clinician, resistant_draft):
    html = html_of(resistant_draft)
    for text in ("Kowalska, Marta", "B2044", "15 Jun 1971", "5 Oct 2026", "Ines Rivera"):
        assert text in html
    assert '<html lang="en-GB">' in html
    assert "<title>Fibromyalgia workup summary: MRN B2044, visit 5 Oct 2026</title>" in html


def test_a_draft_is_marked_draft_and_a_signed_summary_is_not(clinician, resistant_draft):
    draft_html = html_of(resistant_draft)
    assert texts.DRAFT_LABEL in draft_html
    assert 'class="summary summary-draft"' in draft_html

    signed = sign(resistant_draft, clinician)
    signed_html = html_of(signed)
    assert "DRAFT" not in signed_html
    assert 'class="summary summary-signed"' in signed_html
    assert "Signed " in signed_html


def test_the_urgent_box_appears_only_with_an_urgent_flag(clinician):
    urgent = html_of(draft_from("young_woman_safety_alert", clinician=clinician))
    assert 'class="urgent-box' in urgent
    assert "Urgent: act before the patient leaves" in urgent

    calm = html_of(draft_from("older_man_inflammatory", clinician=clinician))
    assert "urgent-box" not in calm


def test_phq9_item_9_is_a_safety_line_in_the_scores(clinician):
    html = html_of(draft_from("young_woman_safety_alert", clinician=clinician))
    assert re.search(r"Item 9 scored [123] \([a-z ]+\): safety alert", html)


def test_the_acr_box_states_the_diagnosis_stands_irrespective_of_other_diagnoses(
    clinician, resistant_draft
):
    html = html_of(resistant_draft)
    assert "valid irrespective of other" in html
    assert "Criteria met" in html
    for figure in ("13 / 19", "10 / 12", "23 / 31", "very severe", "5 / 5", "60 months"):
        assert figure in html


def test_the_exclusion_grid_lists_every_condition_and_marks_open_required_ones(clinician):
    html = html_of(draft_from("first_visit_minimal", clinician=clinician))
    from workup.rules import vocab

    for _, (_, _, label) in vocab.CONDITIONS.items():
        assert label.replace("'", "&#x27;") in html
    assert html.count("required</span>") == len(vocab.REQUIRED_CONDITIONS)
    assert "(open)" in html
    assert "Open (required, no disposition yet):" in html


def test_areas_not_assessed_come_from_completeness(clinician):
    html = html_of(draft_from("first_visit_minimal", clinician=clinician))
    assert "Areas not assessed" in html
    assert texts.NOT_ASSESSED_WHAT["mental"] in html
    full = html_of(draft_from("treatment_resistant_woman", clinician=clinician))
    assert texts.NOT_ASSESSED_WHAT["mental"] not in full


def test_the_label_follows_the_action_even_with_tier_d_or_e_evidence_only(clinician):
    facts = builders.workup(labs=(builders.lab("vitamin_d_25oh", 15), builders.lab("zinc", 40)))
    workup = make_workup(
        patient=patient_of(load_document("spec_example")), clinician=clinician, facts=facts
    )
    html = html_of(workup)
    vitamin_d = article_of(html, "MICRO.VITAMIN_D_DEFICIENT")  # recommend; its evidence: tier E
    assert "tier E" in vitamin_d
    assert '<span class="label">Recommendation:</span>' in vitamin_d
    assert "To consider" not in vitamin_d
    zinc = article_of(html, "MICRO.ZINC_LOW")  # consider
    assert '<span class="label">To consider and discuss:</span>' in zinc


def test_the_acr_statement_quotes_both_halves(clinician, resistant_draft):
    html = html_of(resistant_draft).replace("\u201c", '"').replace("\u201d", '"')
    assert '"is valid irrespective of other diagnoses"' in html
    assert '"does not exclude the presence of other clinically important illnesses"' in html


def test_the_summary_names_the_rule_set_of_its_evaluation(clinician, resistant_draft):
    assert "Rule set 2027.1" in html_of(resistant_draft)


def article_of(html: str, code: str) -> str:
    """The flag's <article>, from its opening tag to its rule code."""
    end = html.index(f"Rule {code}")
    return html[html.rindex("<article", 0, end) : end]


def test_references_list_each_cited_source_once(clinician, resistant_draft):
    html = html_of(resistant_draft)
    references = html[html.index('class="reference-table"') :]
    assert references.count("Kroenke 2001") == 1
    assert "Wolfe 2016" in references


def test_free_text_is_escaped(clinician):
    hostile = "<script>alert(1)</script></div><b>x</b>"

    def edit(document):
        document["exclusions"][0]["note"] = hostile
        document["treatments"][0]["dose"] = "</td></tr></table>10 mg"

    html = html_of(draft_from("treatment_resistant_woman", clinician=clinician, edit=edit))
    assert hostile not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/div&gt;&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;10 mg" in html
    assert "<script" not in html


def test_trends_use_each_earlier_signed_workup_frozen_and_mark_this_visit(clinician):
    first = sign(
        draft_from(
            "treatment_resistant_woman", clinician=clinician, visit_date=datetime.date(2026, 3, 2)
        ),
        clinician,
    )
    current = draft_from("treatment_resistant_woman", clinician=clinician, patient=first.patient)
    html = html_of(current)
    assert "2 Mar 2026" in html and "5 Oct 2026" in html
    assert "this visit (draft)" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart"') == 3


def test_trends_of_a_signed_workup_never_gain_later_workups(clinician):
    early = sign(
        draft_from(
            "treatment_resistant_woman", clinician=clinician, visit_date=datetime.date(2026, 3, 2)
        ),
        clinician,
    )
    before = html_of(early)
    later = draft_from("treatment_resistant_woman", clinician=clinician, patient=early.patient)
    sign(later, clinician)
    after = html_of(early)
    strip = re.compile(r"Generated [^<]*")
    assert strip.sub("", before) == strip.sub("", after)
    assert "Trends appear once the patient has two or more workups" in after


def test_a_workup_replaced_by_a_signed_amendment_leaves_the_trend(clinician):
    original = sign(
        draft_from(
            "treatment_resistant_woman", clinician=clinician, visit_date=datetime.date(2026, 3, 2)
        ),
        clinician,
    )
    amendment = workup_services_amend(original, clinician)
    sign(amendment, clinician)
    current = draft_from("treatment_resistant_woman", clinician=clinician, patient=original.patient)
    html = html_of(current)
    table = html[html.index('class="trend-table') :]
    assert table.count("2 Mar 2026") == 1


def workup_services_amend(workup, actor):
    from workup import services as workup_services

    return workup_services.workup_amend(workup=workup, actor=actor, reason="typo in a lab value")


# --- Built straight from facts (no database) ---------------------------------------------------


def report_of(facts):
    from summaries.report import SummaryInput, build_report

    data = SummaryInput(
        workup_id=1,
        facts=facts,
        evaluation=evaluate(facts).as_dict(),
        clinician_name="Ines Rivera",
        is_signed=False,
        practice_name="Test practice",
        generated_at=datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC),
        generated_by="Ines Rivera",
    )
    return build_report(data)


def with_weight(weight_kg, height_cm=160):
    from dataclasses import replace

    from tests.rules.builders import complete_workup

    facts = complete_workup()
    return replace(
        facts, lifestyle=replace(facts.lifestyle, height_cm=height_cm, weight_kg=weight_kg)
    )


def bmi_row(report):
    (row,) = [r for r in report.scores if r.instrument == "Body mass index"]
    return row


def test_the_bmi_shows_obesity_only_when_the_obesity_flag_fired():
    # 76.7 kg at 160 cm: BMI 29.96, shown rounded as 30, but below 30: no flag, no band.
    below = report_of(with_weight(76.7))
    assert "LIFE.OBESITY" not in below.flag_codes
    assert (bmi_row(below).total, bmi_row(below).band) == ("30 kg/m²", "")
    assert "obesity" not in pdf.render_html(below)
    # 76.8 kg at 160 cm: BMI 30.0 exactly.
    at = report_of(with_weight(76.8))
    assert "LIFE.OBESITY" in at.flag_codes
    assert (bmi_row(at).total, bmi_row(at).band) == ("30 kg/m²", "obesity")


def test_the_counted_trial_note_states_the_minimum_weeks_of_the_rules(monkeypatch):
    from tests.rules.builders import complete_workup
    from workup.rules import vocab

    report = report_of(complete_workup())
    assert report.min_trial_weeks == vocab.MIN_TRIAL_WEEKS == 4
    assert "drug taken for at least 4 weeks or stopped" in pdf.render_html(report)
    monkeypatch.setattr(vocab, "MIN_TRIAL_WEEKS", 6)
    assert "drug taken for at least 6 weeks or stopped" in pdf.render_html(
        report_of(complete_workup())
    )


def test_the_treatment_table_gives_the_response_and_whether_the_trial_counts():
    from tests.rules.builders import complete_workup
    from workup.rules.facts import TreatmentTrial

    trials = (
        TreatmentTrial("duloxetine", 12, "partial"),
        TreatmentTrial("pregabalin", 2, "none", stopped_for_adverse_effects=True),
        TreatmentTrial("amitriptyline", 3, "minimal"),
        TreatmentTrial("nsaid", 20, "good"),
    )
    rows = report_of(complete_workup(treatments=trials)).treatments
    assert [(r.drug, r.response, r.stopped, r.counted) for r in rows] == [
        ("duloxetine", "partial", "no", "yes"),
        ("pregabalin", "none", "yes", "yes"),
        ("amitriptyline", "minimal", "no", "no"),
        ("NSAID", "good", "no", "no"),
    ]


def test_the_header_gives_the_age_at_the_visit():
    from dataclasses import replace

    from tests.rules.builders import complete_workup

    facts = complete_workup()
    day_before = replace(facts, visit_date=datetime.date(2026, 10, 19))
    assert report_of(facts).header.age == "56 years at the visit"
    assert report_of(day_before).header.age == "55 years at the visit"
