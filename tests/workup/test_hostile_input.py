"""Hostile and random input to every section form: never a server error, nothing stored
unescaped, and the stored section unchanged unless the input was valid."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workup.formdata import section_data
from tests.workup.helpers import section_url, url
from workup import adapters
from workup.models import Workup
from workup.sections import SECTION_NAMES

HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "'; DROP TABLE workup_workup; --",
            "<script>alert(1)</script>",
            "\x00",
            "9" * 400,
            "1e999",
            "NaN",
            "-0",
            "\uff12",  # a full-width digit two
            "0000-00-00",
            "../../etc/passwd",
        ]
    ),
)
FIELDS = {
    "pain": ["fatigue", "headaches", "pain_nrs", "fiqr_total", "wpi_neck", "version"],
    "exclusions": [
        "exclusions-0-status",
        "exclusions-3-condition",
        "exclusions-1-note",
        "exclusions-TOTAL_FORMS",
    ],
    "labs": [
        "labs-0-analyte",
        "labs-0-value",
        "labs-0-unit",
        "labs-0-collected_on",
        "labs-1-ref_high",
        "labs-TOTAL_FORMS",
        "labs-0-DELETE",
    ],
    "treatments": ["trials-0-drug", "trials-0-weeks", "trials-0-dose", "none_tried"],
    "lifestyle": ["sleep_hours", "diets_tried", "diet_pattern", "height_cm"],
    "gut": ["symptoms", "rome_iv_ibs", "microbiome_test"],
    "hormones": ["reproductive_stage", "hormone_therapy"],
    "mental": ["phq9_1", "gad7_7", "pss10_total"],
}


@pytest.mark.parametrize("section", SECTION_NAMES)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_never_break_a_section_page(clinician_client, draft, section, data):
    workup = Workup.objects.get(pk=draft.pk)
    before = adapters.section_value(workup, section)
    version = getattr(workup, section).version
    post = section_data(section, before, version=version)
    field = data.draw(st.sampled_from(FIELDS[section]))
    value = data.draw(HOSTILE)
    post[field] = value
    response = clinician_client.post(section_url(workup, section), post)
    assert response.status_code in (200, 302, 409)
    html = response.content.decode() if response.status_code != 302 else ""
    assert "<script>alert(1)</script>" not in html
    after = adapters.section_value(Workup.objects.get(pk=draft.pk), section)
    if response.status_code != 302:
        assert after == before, "a refused submission changes nothing"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=HOSTILE)
def test_hostile_values_never_break_the_preview_or_workflow_pages(clinician_client, draft, value):
    assert clinician_client.post(url("acr_preview", draft), {"pain_nrs": value}).status_code == 200
    assert (
        clinician_client.post(
            url("details", draft), {"visit_date": value, "clinician": value}
        ).status_code
        == 200
    )
    assert clinician_client.post(
        url("section_clear", draft, "gut"), {"version": value}
    ).status_code in (
        200,
        302,
    )
