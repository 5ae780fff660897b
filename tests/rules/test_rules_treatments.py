"""TX rules: counted trials, no adequate trial, and the local treatment-resistance definition."""

import pytest

from tests.rules.builders import complete_workup, run, severity
from workup.rules.catalogue.treatments import is_counted
from workup.rules.facts import TreatmentTrial as T


def test_absent_treatments_section_is_not_assessed():
    facts = complete_workup(treatments=None)
    assert severity(facts, "TX.NOT_ASSESSED") == "low"
    assert severity(facts, "TX.NO_ADEQUATE_TRIAL") is None
    assert run(facts).completeness.treatments is False


def test_empty_treatment_list_says_none_tried_and_has_no_adequate_trial():
    facts = complete_workup(treatments=())
    assert severity(facts, "TX.NOT_ASSESSED") is None
    assert severity(facts, "TX.NO_ADEQUATE_TRIAL") == "moderate"
    assert run(facts).completeness.treatments is True


@pytest.mark.parametrize(
    ("trial", "counted"),
    [
        (T("duloxetine", 3, "none"), False),
        (T("duloxetine", 4, "none"), True),
        (T("duloxetine", 5, "good"), True),
        (T("pregabalin", 1, "none", stopped_for_adverse_effects=True), True),
        (T("pregabalin", 0, "good", stopped_for_adverse_effects=True), True),
        (T("nsaid", 52, "none"), False),
        (T("ssri", 52, "none"), False),
        (T("other", 52, "none"), False),
        (T("nsaid", 2, "none", stopped_for_adverse_effects=True), False),
    ]
    + [
        (T(d, 4, "partial"), True)
        for d in ("milnacipran", "gabapentin", "amitriptyline", "cyclobenzaprine", "tramadol")
    ],
)
def test_counted_trial_is_a_listed_drug_for_4_weeks_or_stopped_for_adverse_effects(trial, counted):
    assert is_counted(trial) is counted
    facts = complete_workup(treatments=(trial,))
    assert (severity(facts, "TX.NO_ADEQUATE_TRIAL") is None) is counted


def test_no_adequate_trial_names_what_was_tried():
    facts = complete_workup(treatments=(T("pregabalin", 3, "none"), T("nsaid", 20, "minimal")))
    because = run(facts).flag("TX.NO_ADEQUATE_TRIAL").because
    assert "pregabalin 3 weeks" in because and "NSAID 20 weeks" in because


RESISTANT = [
    pytest.param(
        (T("duloxetine", 12, "none"), T("pregabalin", 8, "minimal")), "info", id="two-failed"
    ),
    pytest.param((T("duloxetine", 12, "none"),), None, id="one-failed"),
    pytest.param(
        (T("duloxetine", 12, "none"), T("duloxetine", 20, "minimal")), None, id="same-drug-twice"
    ),
    pytest.param(
        (T("duloxetine", 12, "none"), T("pregabalin", 2, "good", stopped_for_adverse_effects=True)),
        "info",
        id="adverse-effects-count-as-failure",
    ),
    pytest.param(
        (T("duloxetine", 12, "none"), T("pregabalin", 3, "none")), None, id="second-too-short"
    ),
    pytest.param(
        (T("duloxetine", 12, "none"), T("pregabalin", 8, "partial")), None, id="partial-response"
    ),
    pytest.param(
        (T("duloxetine", 12, "none"), T("ssri", 30, "none"), T("nsaid", 30, "none")),
        None,
        id="nsaid-and-ssri-do-not-count",
    ),
    pytest.param(
        (T("amitriptyline", 4, "minimal"), T("tramadol", 4, "none"), T("milnacipran", 9, "good")),
        "info",
        id="two-failed-one-helped",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("trials", "expected"), RESISTANT)
def test_treatment_resistant_needs_two_failed_counted_trials_of_different_drugs(trials, expected):
    assert severity(complete_workup(treatments=trials), "TX.TREATMENT_RESISTANT") == expected


def test_treatment_resistant_is_labelled_a_local_working_definition():
    facts = complete_workup(treatments=(T("duloxetine", 12, "none"), T("pregabalin", 8, "none")))
    flag = run(facts).flag("TX.TREATMENT_RESISTANT")
    assert flag.area == "treatments"
    assert "local working definition" in flag.title.lower()
    assert "no consensus definition" in flag.because
    assert "duloxetine 12 weeks" in flag.because and "pregabalin 8 weeks" in flag.because
    assert severity(facts, "TX.NO_ADEQUATE_TRIAL") is None


def test_treatment_resistant_mentions_any_drug_that_helped():
    trials = (T("amitriptyline", 6, "none"), T("tramadol", 6, "none"), T("duloxetine", 9, "good"))
    because = run(complete_workup(treatments=trials)).flag("TX.TREATMENT_RESISTANT").because
    assert "duloxetine 9 weeks, response good" in because
