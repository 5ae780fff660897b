"""The workup pages as a clinician uses them: starting a workup, saving sections (what was
typed comes back with the error beside it), lab readings, the running ACR result, change
history, clearing a section, the rules page; and pages that keep to the strict CSP."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from config.dates import show_date
from tests.rules import builders
from tests.workup.factories import make_workup
from tests.workup.formdata import labs_data, section_data
from tests.workup.helpers import page_version, section_url, url
from workup import adapters
from workup.models import Workup
from workup.rules import vocab
from workup.rules.catalogue import RULES
from workup.rules.facts import LabResult, Pain
from workup.sections import SECTION_NAMES

# --- Starting a workup ---------------------------------------------------------------------------


def test_a_new_workup_defaults_to_today_and_the_signed_in_clinician(clinician_client, patient):
    html = clinician_client.get(reverse("workup:create", args=[patient.pk])).content.decode()
    assert f'value="{show_date(timezone.localdate())}"' in html
    assert re.search(r'<option value="\d+" selected>Ines Rivera</option>', html)


def test_starting_a_workup_opens_the_pain_section_and_sets_the_last_visit(
    clinician_client, clinician, patient
):
    response = clinician_client.post(
        reverse("workup:create", args=[patient.pk]),
        {"visit_date": "2026-11-02", "clinician": str(clinician.pk)},
    )
    workup = Workup.objects.get(patient=patient)
    assert response["Location"] == section_url(workup, "pain")
    assert (workup.status, workup.clinician, workup.visit_date) == (
        "draft",
        clinician,
        datetime.date(2026, 11, 2),
    )
    patient.refresh_from_db()
    assert patient.last_visit_on == datetime.date(2026, 11, 2)


@pytest.mark.parametrize(
    "visit, message",
    [
        ("tomorrow", "The visit date cannot be in the future."),
        ("1978-04-01", "The visit date is before the patient&#x27;s date of birth."),
        ("20/13/2026", "Enter a date like 3 Dec 2026."),
    ],
)
def test_a_bad_visit_date_is_refused_beside_the_field(
    clinician_client, clinician, patient, visit, message
):
    if visit == "tomorrow":
        visit = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = clinician_client.post(
        reverse("workup:create", args=[patient.pk]),
        {"visit_date": visit, "clinician": str(clinician.pk)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{visit}"' in html, "what was typed is kept"
    assert 'aria-describedby="id_visit_date_helptext id_visit_date_error"' in html
    assert not Workup.objects.exists()


def test_an_archived_patient_gets_no_new_workup(clinician_client, clinician, patient):
    patient.is_active = False
    patient.save()
    response = clinician_client.post(
        reverse("workup:create", args=[patient.pk]),
        {"visit_date": "2026-11-02", "clinician": str(clinician.pk)},
    )
    assert "archived" in response.content.decode()
    assert not Workup.objects.exists()


@pytest.mark.parametrize(
    "visit, message",
    [
        ("tomorrow", "The visit date cannot be in the future."),
        ("1978-04-01", "The visit date is before the patient&#x27;s date of birth."),
    ],
)
def test_a_bad_visit_date_of_a_draft_is_refused_beside_the_field(
    clinician_client, clinician, draft, visit, message
):
    if visit == "tomorrow":
        visit = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    before = draft.visit_date
    response = clinician_client.post(
        url("details", draft), {"visit_date": visit, "clinician": str(clinician.pk)}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div id="id_visit_date_error" class="invalid-feedback">' in html
    assert message in html
    assert f'value="{visit}"' in html, "what was typed is kept"
    assert Workup.objects.get(pk=draft.pk).visit_date == before


def test_changing_the_visit_date_moves_the_last_visit(clinician_client, clinician, draft):
    response = clinician_client.post(
        url("details", draft), {"visit_date": "2026-10-01", "clinician": str(clinician.pk)}
    )
    assert response.status_code == 302
    draft.patient.refresh_from_db()
    assert draft.patient.last_visit_on == datetime.date(2026, 10, 1)


# --- Saving sections -----------------------------------------------------------------------------


def test_bad_input_comes_back_typed_with_the_error_beside_it(clinician_client, draft):
    page = clinician_client.get(section_url(draft, "pain"))
    data = section_data("pain", adapters.section_value(draft, "pain"), version=page_version(page))
    data.update({"pain_nrs": "eleven", "symptom_duration_months": "1201"})
    response = clinician_client.post(section_url(draft, "pain"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html
    assert 'value="eleven"' in html and 'value="1201"' in html
    assert 'class="textinput form-control is-invalid"' in html
    assert '<div id="id_pain_nrs_error" class="invalid-feedback">' in html
    assert "Enter a whole number from 0 to 10." in html
    assert "checked" in html and 'id="id_wpi_left_shoulder_girdle" checked' in html
    assert adapters.section_value(
        Workup.objects.get(pk=draft.pk), "pain"
    ) == adapters.section_value(draft, "pain")


def test_a_wrong_unit_is_refused_naming_the_accepted_units_and_kept(clinician_client, draft):
    page = clinician_client.get(section_url(draft, "labs"))
    lab = LabResult("ferritin", 22, "mg/dL", datetime.date(2026, 11, 1))
    data = labs_data([lab])
    data["version"] = str(page_version(page))
    html = clinician_client.post(section_url(draft, "labs"), data).content.decode()
    assert "mg/dL is not a unit of ferritin: use ng/mL or ug/L." in html
    assert '<option value="mg/dL" selected>' in html


def test_saved_lab_rows_show_the_value_as_entered_the_converted_one_and_the_marker(
    clinician_client, empty_draft
):
    labs = [
        LabResult("vitamin_d_25oh", 41.5, "nmol/L", datetime.date(2026, 11, 1)),
        LabResult("tsh", 2.1, "uIU/mL", datetime.date(2026, 11, 1)),
    ]
    data = labs_data(labs)
    data["version"] = "0"
    assert clinician_client.post(section_url(empty_draft, "labs"), data).status_code == 302
    html = clinician_client.get(section_url(empty_draft, "labs")).content.decode()
    assert "Saved: 41.5 nmol/L (16.6 ng/mL)" in html and "below range" in html
    assert "Saved: 2.1 uIU/mL (2.1 mIU/L)" in html and "in range" in html
    assert html.count("data-lab-row") == 2 + 3, "two results and three blank rows"


def test_save_and_next_goes_to_the_next_section_then_the_overview(clinician_client, empty_draft):
    data = {"version": "0", "reproductive_stage": "premenopausal", "save_next": "1"}
    response = clinician_client.post(section_url(empty_draft, "hormones"), data)
    assert response["Location"] == section_url(empty_draft, "mental")
    response = clinician_client.post(
        section_url(empty_draft, "mental"), {"version": "0", "save_next": "1"}
    )
    assert response["Location"] == empty_draft.get_absolute_url()


def test_the_pain_page_shows_the_running_acr_result(clinician_client, draft):
    html = clinician_client.get(section_url(draft, "pain")).content.decode()
    assert 'data-acr-field="wpi">4 of 19' in html
    assert 'aria-live="polite"' in html
    assert "/static/js/acr-preview.js" in html


def test_the_preview_scores_the_unsaved_form_with_the_rules(clinician_client, draft):
    areas = [
        "neck",
        "upper_back",
        "left_hip",
        "right_hip",
        "left_upper_arm",
        "right_upper_arm",
        "lower_back",
    ]
    data = {f"wpi_{a}": "on" for a in areas}
    data.update(
        fatigue="2",
        waking_unrefreshed="2",
        cognitive="1",
        headaches="no",
        lower_abdominal_pain="no",
        depression="no",
        symptom_duration_months="nope",
    )
    response = clinician_client.post(url("acr_preview", draft), data)
    result = response.json()
    assert response.status_code == 200
    assert result["fields"]["wpi"] == "7 of 19"
    assert result["fields"]["sss"] == "5 of 12"
    assert result["fields"]["fs"] == "12 (severe)"
    assert result["fields"]["regions"] == "5 of 5 (generalised pain)"
    assert result["fields"]["duration"] == "not recorded"
    assert result["status"] == "incomplete"
    assert adapters.section_value(Workup.objects.get(pk=draft.pk), "pain").wpi_areas == tuple(
        adapters.section_value(draft, "pain").wpi_areas
    ), "nothing saved"


# --- History and clearing ------------------------------------------------------------------------


def test_the_history_says_who_changed_which_field_from_what_to_what(clinician_client, draft):
    page = clinician_client.get(section_url(draft, "pain"))
    value = adapters.section_value(draft, "pain")
    changed = Pain(**{**{f: getattr(value, f) for f in value.__slots__}, "pain_nrs": 3})
    clinician_client.post(
        section_url(draft, "pain"), section_data("pain", changed, version=page_version(page))
    )
    html = clinician_client.get(section_url(draft, "pain")).content.decode()
    assert "by Ines Rivera" in html
    assert re.search(r"Pain now \(NRS 0-10\)</span>: 7 .*?changed to</span> 3", html, re.S)


def test_row_changes_are_listed_in_words(clinician_client, clinician, draft):
    from workup import services

    labs = adapters.section_value(draft, "labs")
    services.section_update(
        actor=clinician,
        workup=draft,
        name="labs",
        value=(LabResult("tsh", 3.3, "mIU/L", labs[0].collected_on), *labs[1:]),
        expected_version=draft.labs.version,
    )
    html = clinician_client.get(section_url(draft, "labs")).content.decode()
    assert "Lab result changed" in html
    assert "TSH 2.1 mIU/L, collected 1 Nov 2026" in html
    assert "TSH 3.3 mIU/L, collected 1 Nov 2026" in html


def test_clearing_a_section_asks_first_then_returns_it_to_not_assessed(clinician_client, draft):
    confirm = clinician_client.get(url("section_clear", draft, "mental"))
    assert confirm.status_code == 200
    version = page_version(confirm)
    response = clinician_client.post(url("section_clear", draft, "mental"), {"version": version})
    assert response.status_code == 302
    workup = Workup.objects.get(pk=draft.pk)
    assert adapters.section_value(workup, "mental") is None
    html = clinician_client.get(section_url(draft, "mental")).content.decode()
    assert "Cleared" in html and "cleared: not assessed" in html
    overview = clinician_client.get(draft.get_absolute_url()).content.decode()
    assert "MENTAL.NOT_ASSESSED" in overview


# --- The rules page ------------------------------------------------------------------------------


def test_the_rules_page_lists_every_rule_with_its_evidence(staff_client):
    html = staff_client.get(reverse("workup:rules")).content.decode()
    for rule in RULES:
        assert f"<code>{rule.code}</code>" in html
    assert "trials negative or absent in fibromyalgia" in html.lower()


def test_the_rules_page_names_rule_set_2027_1_and_gives_each_rule_its_action_label(staff_client):
    html = staff_client.get(reverse("workup:rules")).content.decode()
    assert "Rules of rule set 2027.1" in html
    assert '<th scope="col">Action</th>' in html
    for code, label in (
        ("MICRO.VITAMIN_D_DEFICIENT", "Recommendation"),
        ("LIFE.OSA_RISK", "Recommendation"),
        ("MICRO.ZINC_LOW", "To consider and discuss"),
        ("GUT.DYSBIOSIS", "To consider and discuss"),
    ):
        row = html[html.index(f"<code>{code}</code>") :]
        row = row[: row.index("</tr>")]
        assert f"<td>{label}</td>" in row, code


def test_the_rules_page_is_in_the_navigation(clinician_client):
    html = clinician_client.get(reverse("home")).content.decode()
    assert reverse("workup:rules") in html


# --- Page hygiene --------------------------------------------------------------------------------


class ControlCheck(HTMLParser):
    """Collects inline scripts and styles, event handlers, and form controls without a label."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.labels = set()
        self.controls = []
        self._script_open = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems += [f"{k} handler on <{tag}>" for k in attrs if k.startswith("on")]
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in attrs:
            self.problems.append("inline <script>")
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs.get("id"))


def check(html: str) -> list[str]:
    parser = ControlCheck()
    parser.feed(html)
    unlabeled = [c for c in parser.controls if c is None or c not in parser.labels]
    return parser.problems + [f"no label for {c}" for c in unlabeled]


@pytest.mark.parametrize("section", SECTION_NAMES)
def test_section_pages_keep_to_the_csp_and_label_every_control(clinician_client, draft, section):
    assert check(clinician_client.get(section_url(draft, section)).content.decode()) == []


@pytest.mark.parametrize("name", ["overview", "sign", "details"])
def test_workflow_pages_keep_to_the_csp_and_label_every_control(clinician_client, draft, name):
    address = draft.get_absolute_url() if name == "overview" else url(name, draft)
    assert check(clinician_client.get(address).content.decode()) == []


def test_read_only_pages_keep_to_the_csp(staff_client, draft):
    for section in SECTION_NAMES:
        assert check(staff_client.get(section_url(draft, section)).content.decode()) == []


@pytest.mark.parametrize("section", [None, *SECTION_NAMES])
def test_pages_take_a_bounded_number_of_queries(
    clinician_client, draft, section, django_assert_max_num_queries
):
    address = draft.get_absolute_url() if section is None else section_url(draft, section)
    clinician_client.get(address)
    with django_assert_max_num_queries(20):
        assert clinician_client.get(address).status_code == 200


def test_the_pages_state_the_rules_numbers_and_lists_from_the_rules(
    clinician_client, draft, monkeypatch
):
    treatments = clinician_client.get(section_url(draft, "treatments")).content.decode()
    assert (
        "taken for 4 weeks or more, or stopped for adverse effects; NSAIDs and SSRIs are "
        "recorded but do not count." in treatments
    )
    overview = clinician_client.get(draft.get_absolute_url()).content.decode()
    assert (
        "at least one micronutrient (25-OH vitamin D, vitamin B12, ferritin, serum magnesium "
        "or RBC magnesium) is recorded." in overview
    )
    monkeypatch.setattr(vocab, "MIN_TRIAL_WEEKS", 6)
    treatments = clinician_client.get(section_url(draft, "treatments")).content.decode()
    assert "taken for 6 weeks or more" in treatments


@pytest.mark.parametrize("section", [None, *SECTION_NAMES])
def test_a_draft_page_builds_the_facts_once(clinician_client, draft, section, monkeypatch):
    """The evaluation and the section list share one build of the facts; the only section
    value read besides is the one the section page shows (change history aside)."""
    facts, values = [], []
    build, value_of = adapters.workup_facts, adapters.section_value_of

    def counted_facts(workup):
        facts.append(workup.pk)
        return build(workup)

    def counted_value_of(row, name):
        if not type(row).__name__.startswith("Historical"):
            values.append(name)
        return value_of(row, name)

    monkeypatch.setattr(adapters, "workup_facts", counted_facts)
    monkeypatch.setattr(adapters, "section_value_of", counted_value_of)
    address = draft.get_absolute_url() if section is None else section_url(draft, section)
    assert clinician_client.get(address).status_code == 200
    assert facts == [draft.pk]
    assert values == ([] if section is None else [section])


# --- Where the rules lead: labels, open look-alikes, pending tests ------------------------------


def flag_card(html: str, code: str) -> str:
    end = html.index(f"· {code}</summary>")
    return html[html.rindex('<li class="card', 0, end) : end]


def test_the_label_on_screen_follows_the_action_not_the_evidence(
    clinician_client, clinician, patient
):
    facts = builders.workup(labs=(builders.lab("vitamin_d_25oh", 15), builders.lab("zinc", 40)))
    draft = make_workup(patient=patient, clinician=clinician, facts=facts)
    html = clinician_client.get(draft.get_absolute_url()).content.decode()
    vitamin_d = flag_card(html, "MICRO.VITAMIN_D_DEFICIENT")  # recommend, tier E evidence only
    assert "<strong>Recommendation:</strong>" in vitamin_d
    assert "To consider and discuss" not in vitamin_d
    zinc = flag_card(html, "MICRO.ZINC_LOW")  # consider
    assert "<strong>To consider and discuss:</strong>" in zinc
    assert "Evaluated under rule set 2027.1" in html


def test_the_overview_acr_box_counts_the_required_look_alikes_still_open(
    clinician_client, clinician, patient
):
    findings = tuple(f for f in builders.all_ruled_out() if f.condition != "hypothyroidism")
    draft = make_workup(
        patient=patient, clinician=clinician, facts=builders.workup(exclusions=findings)
    )
    html = clinician_client.get(draft.get_absolute_url()).content.decode()
    assert "1 of 14 required look-alike conditions still open" in html
    assert "still open</a>: hypothyroidism." in html


def test_a_pending_test_is_listed_on_the_overview_and_the_sign_page(
    clinician_client, clinician, patient
):
    labs = (builders.pending("ttg_iga", on="2026-11-12"), builders.lab("crp", 2))
    draft = make_workup(patient=patient, clinician=clinician, facts=builders.workup(labs=labs))
    for address in (draft.get_absolute_url(), url("sign", draft)):
        html = clinician_client.get(address).content.decode()
        pending_list = html[html.index("Tests still pending") :]
        pending_list = pending_list[: pending_list.index("</section>")]
        assert "tTG-IgA, ordered 12 Nov 2026" in pending_list
        assert "CRP" not in pending_list
