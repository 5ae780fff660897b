"""TX rules: counted trials, no adequate trial, the local treatment-resistance definition, and
the current medicines (pregnancy, sedative combinations, opioids)."""

import pytest

from tests.rules.builders import (
    BASELINE_LABS,
    all_ruled_out,
    codes,
    complete_workup,
    lab,
    medication,
    pending,
    red_flags,
    run,
    severity,
)
from workup.rules.catalogue import RULES_BY_CODE
from workup.rules.catalogue.treatments import OTHER_EXPLANATIONS, is_counted
from workup.rules.facts import ExclusionFinding, Hormones, Pain
from workup.rules.facts import TreatmentTrial as T
from workup.rules.vocab import MEDICATION_CLASSES

WPI_7 = ("left_upper_arm", "right_upper_arm", "left_upper_leg", "right_upper_leg", "neck",
         "upper_back", "lower_back")  # fmt: skip


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


# --- TX.NO_ADEQUATE_TRIAL: when another explanation or the criteria say not yet ------------------

NO_MARKER = (lab("hemoglobin", 13.5), lab("tsh", 1.8), lab("ck", 120))


def none_tried(**overrides):
    return complete_workup(treatments=(), **overrides)


def ruled_out_except(**status):
    base = {f.condition: f for f in all_ruled_out()}
    for condition, s in status.items():
        base[condition] = ExclusionFinding(condition, s)
    return tuple(base.values())


# Each workup fires exactly one of the listed EXCL flags (and nothing else from the list).
SUPPRESSED_BY = [
    pytest.param("EXCL.GCA_SYMPTOMS", {"red_flags": red_flags(new_headache=True)}, id="gca"),
    pytest.param("EXCL.RED_FLAGS", {"red_flags": red_flags(fever=True)}, id="red-flags"),
    pytest.param("EXCL.PMR_CHECK", {"labs": NO_MARKER}, id="pmr-check"),
    pytest.param(
        "EXCL.ALTERNATIVE_POSSIBLE", {"exclusions": ruled_out_except(sle="possible")}, id="possible"
    ),
    pytest.param(
        "EXCL.LAB_CONTRADICTS",
        {
            "exclusions": (*all_ruled_out(), ExclusionFinding("anaemia", "ruled_out")),
            "labs": (*BASELINE_LABS[1:], lab("hemoglobin", 11.9)),
        },
        id="lab-contradicts",
    ),
    pytest.param("EXCL.THYROID_LAB", {"labs": (*BASELINE_LABS, lab("free_t4", 1.8))}, id="thyroid"),
    pytest.param(
        "EXCL.INFLAMMATION_LAB",
        {"age": 45, "labs": (*BASELINE_LABS[:1], lab("crp", 6), *BASELINE_LABS[2:])},
        id="inflammation",
    ),
    pytest.param(
        "EXCL.AUTOIMMUNE_SEROLOGY",
        {
            "exclusions": ruled_out_except(rheumatoid_arthritis="unlikely"),
            "labs": (*BASELINE_LABS, lab("rf", 20)),
        },
        id="serology",
    ),
]


def test_no_adequate_trial_fires_when_nothing_suppresses_it():
    flag = run(none_tried()).flag("TX.NO_ADEQUATE_TRIAL")
    assert (flag.severity, flag.action) == ("moderate", "recommend")
    assert "ACR 2016 criteria are met" in flag.because


@pytest.mark.parametrize(("code", "overrides"), SUPPRESSED_BY)
def test_no_adequate_trial_is_suppressed_by_each_other_explanation(code, overrides):
    fired = codes(none_tried(**overrides))
    assert set(OTHER_EXPLANATIONS) & fired == {code}
    assert "TX.NO_ADEQUATE_TRIAL" not in fired


def test_no_adequate_trial_reads_exactly_the_listed_flags():
    assert set(RULES_BY_CODE["TX.NO_ADEQUATE_TRIAL"].reads) == {
        "EXCL.GCA_SYMPTOMS", "EXCL.RED_FLAGS", "EXCL.PMR_CHECK", "EXCL.ALTERNATIVE_POSSIBLE",
        "EXCL.LAB_CONTRADICTS", "EXCL.THYROID_LAB", "EXCL.INFLAMMATION_LAB",
        "EXCL.AUTOIMMUNE_SEROLOGY",
    }  # fmt: skip


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"exclusions": ()}, id="exclusions-incomplete"),
        pytest.param({"red_flags": None}, id="red-flags-not-asked"),
        pytest.param({"labs": BASELINE_LABS[:3]}, id="baseline-labs-missing"),
        pytest.param({"labs": (*BASELINE_LABS, pending("b12"))}, id="pending"),
        pytest.param({"exclusions": ruled_out_except(hiv="confirmed")}, id="comorbid-confirmed"),
        pytest.param({"labs": (*BASELINE_LABS, lab("ana", 80))}, id="ana-low-titre"),
        pytest.param(
            {
                "labs": (*BASELINE_LABS, lab("ck", 300, on="2026-11-05")),
                "exclusions": ruled_out_except(inflammatory_myopathy="unlikely"),
            },
            id="ck-high-below-3x-with-myopathy-unlikely",
        ),
        pytest.param({"age": 49, "red_flags": red_flags(new_headache=True)}, id="headache-at-49"),
    ],
)
def test_flags_outside_the_list_do_not_suppress_no_adequate_trial(overrides):
    assert severity(none_tried(**overrides), "TX.NO_ADEQUATE_TRIAL") == "moderate"


@pytest.mark.parametrize(
    ("age", "expected"), [(49, "moderate"), (50, None), (51, None)], ids=["49", "50", "51"]
)
def test_no_adequate_trial_and_the_age_of_the_gca_and_pmr_checks(age, expected):
    facts = none_tried(age=age, labs=NO_MARKER)  # girdle pain without ESR or CRP
    assert severity(facts, "TX.NO_ADEQUATE_TRIAL") == expected


NOT_MET_PAIN = Pain(
    wpi_areas=("neck", "upper_back", "lower_back"), fatigue=3, waking_unrefreshed=3, cognitive=3,
    headaches=True, lower_abdominal_pain=True, depression=True, symptom_duration_months=24,
)  # fmt: skip


@pytest.mark.parametrize(
    ("pain", "expected"),
    [
        pytest.param(NOT_MET_PAIN, None, id="criteria-not-met"),
        pytest.param(None, None, id="criteria-incomplete-no-pain-section"),
        pytest.param(Pain(wpi_areas=WPI_7, fatigue=3), None, id="criteria-incomplete-sss-missing"),
    ],
)
def test_no_adequate_trial_needs_the_criteria_met(pain, expected):
    assert severity(none_tried(pain=pain), "TX.NO_ADEQUATE_TRIAL") == expected


@pytest.mark.parametrize(
    ("hormones", "expected"),
    [
        pytest.param(Hormones("pregnant", "none", "none"), None, id="pregnant"),
        pytest.param(None, "moderate", id="hormones-absent"),
        pytest.param(Hormones(None), "moderate", id="stage-null"),
        pytest.param(Hormones("postpartum"), "moderate", id="postpartum"),
        pytest.param(Hormones("postmenopausal"), "moderate", id="postmenopausal"),
        pytest.param(Hormones("not_applicable"), "moderate", id="not-applicable"),
    ],
)
def test_no_adequate_trial_is_not_raised_in_pregnancy(hormones, expected):
    assert severity(none_tried(hormones=hormones), "TX.NO_ADEQUATE_TRIAL") == expected


def test_no_adequate_trial_names_first_line_options_and_never_an_opioid_first():
    text = run(none_tried()).flag("TX.NO_ADEQUATE_TRIAL").recommendation
    assert "low-dose amitriptyline, duloxetine or pregabalin" in text
    assert "exercise" in text
    first_drug = text.index("amitriptyline")
    for word in ("tramadol", "opioid", "milnacipran", "cyclobenzaprine", "gabapentin "):
        assert word not in text[:first_drug]
    assert "Do not start with tramadol or any other opioid" in text


# --- TX.TREATMENT_RESISTANT texts -----------------------------------------------------------------


def test_treatment_resistant_lists_each_trial_once_under_its_reason():
    trials = (
        T("duloxetine", 12, "none"),
        T("pregabalin", 8, "minimal"),
        T("amitriptyline", 2, "none", stopped_for_adverse_effects=True),
        T("milnacipran", 10, "good"),
    )
    flag = run(complete_workup(treatments=trials)).flag("TX.TREATMENT_RESISTANT")
    assert flag.title == "Refractory or intolerant by the local working definition"
    because = flag.because
    assert "No response: duloxetine 12 weeks." in because
    assert "Minimal response: pregabalin 8 weeks." in because
    assert "Stopped for adverse effects: amitriptyline 2 weeks." in because
    for drug in ("duloxetine 12 weeks", "pregabalin 8 weeks", "amitriptyline 2 weeks"):
        assert because.count(drug) == 1
    assert "milnacipran 10 weeks, response good" in because


def test_treatment_resistant_groups_several_trials_under_one_reason():
    trials = (T("duloxetine", 12, "none"), T("gabapentin", 6, "none"))
    because = run(complete_workup(treatments=trials)).flag("TX.TREATMENT_RESISTANT").because
    assert "No response: duloxetine 12 weeks; gabapentin 6 weeks." in because
    assert "Minimal response" not in because and "Stopped for adverse effects" not in because


# --- Current medicines: pregnancy, sedatives, opioids ---------------------------------------------

REVIEW_IN_PREGNANCY = {
    "tricyclic": "amitriptyline", "snri": "duloxetine", "ssri": "sertraline",
    "gabapentinoid": "pregabalin", "opioid": "tramadol", "benzodiazepine": "diazepam",
    "z_drug": "zopiclone", "muscle_relaxant": "cyclobenzaprine", "nsaid": "ibuprofen",
    "thyroid_hormone": "levothyroxine",
}  # fmt: skip
PREGNANT = Hormones("pregnant", "none", "none")


@pytest.mark.parametrize("drug_class", MEDICATION_CLASSES)
def test_pregnancy_review_by_medicine_class(drug_class):
    name = REVIEW_IN_PREGNANCY.get(drug_class, "a medicine")
    facts = complete_workup(hormones=PREGNANT, medications=(medication(name, drug_class),))
    expected = "high" if drug_class in REVIEW_IN_PREGNANCY else None
    assert severity(facts, "TX.PREGNANCY_REVIEW") == expected


@pytest.mark.parametrize(
    ("hormones", "medications"),
    [
        pytest.param(Hormones("postpartum"), (medication("sertraline", "ssri"),), id="postpartum"),
        pytest.param(None, (medication("sertraline", "ssri"),), id="hormones-absent"),
        pytest.param(Hormones(None), (medication("sertraline", "ssri"),), id="stage-null"),
        pytest.param(PREGNANT, None, id="medications-not-recorded"),
        pytest.param(PREGNANT, (), id="no-medicines"),
    ],
)
def test_pregnancy_review_needs_pregnancy_and_a_listed_medicine(hormones, medications):
    facts = complete_workup(hormones=hormones, medications=medications)
    assert severity(facts, "TX.PREGNANCY_REVIEW") is None


def test_pregnancy_review_names_each_medicine_and_says_what_to_do():
    medications = (
        medication("sertraline", "ssri", "50 mg"),
        medication("ibuprofen", "nsaid"),
        medication("atorvastatin", "statin"),
    )
    flag = run(complete_workup(hormones=PREGNANT, medications=medications)).flag(
        "TX.PREGNANCY_REVIEW"
    )
    assert flag.action == "recommend"
    assert "sertraline 50 mg (SSRI)" in flag.because and "ibuprofen (NSAID)" in flag.because
    assert "atorvastatin" not in flag.because
    assert (
        "review each named medicine with the prescriber and the obstetric team; do not stop "
        "antidepressants, sedatives, gabapentinoids or opioids abruptly; avoid NSAIDs from 20 "
        "weeks; thyroid hormone doses usually need adjusting in pregnancy"
    ) in flag.recommendation
    for phrase in (
        "review each named medicine",
        "with the prescriber and the obstetric team",
        "do not stop antidepressants, sedatives, gabapentinoids or opioids abruptly",
        "avoid NSAIDs from 20 weeks",
        "thyroid hormone doses usually need adjusting in pregnancy",
    ):
        assert phrase in flag.recommendation
    assert "sertraline" in flag.recommendation and "ibuprofen" in flag.recommendation


@pytest.mark.parametrize(
    ("medications", "expected"),
    [
        pytest.param(("opioid", "benzodiazepine"), "high", id="opioid-benzodiazepine"),
        pytest.param(("opioid", "z_drug"), "high", id="opioid-z-drug"),
        pytest.param(("opioid", "gabapentinoid"), "high", id="opioid-gabapentinoid"),
        pytest.param(("opioid",), None, id="opioid-alone"),
        pytest.param(("benzodiazepine", "gabapentinoid", "z_drug"), None, id="no-opioid"),
        pytest.param(("opioid", "muscle_relaxant", "ssri"), None, id="opioid-other-classes"),
    ],
)
def test_sedative_combination(medications, expected):
    meds = tuple(medication(f"drug {i}", c) for i, c in enumerate(medications))
    assert severity(complete_workup(medications=meds), "TX.SEDATIVE_COMBINATION") == expected


def test_sedative_combination_names_the_medicines_and_the_fda_warning():
    meds = (medication("oxycodone", "opioid", "10 mg"), medication("pregabalin", "gabapentinoid"))
    flag = run(complete_workup(medications=meds)).flag("TX.SEDATIVE_COMBINATION")
    assert "oxycodone 10 mg (opioid)" in flag.because
    assert "pregabalin (gabapentinoid)" in flag.because
    assert "respiratory depression" in flag.because
    assert "oxycodone and pregabalin" in flag.recommendation
    assert flag.evidence[0].source.startswith("FDA drug safety communications 2016")


@pytest.mark.parametrize("other", [None, "snri", "ssri", "tricyclic", "gabapentinoid", "nsaid"])
def test_opioid_review_names_serotonergic_medicines(other):
    meds = [medication("tramadol", "opioid", "50 mg")]
    if other is not None:
        meds.append(medication(f"an {other}", other))
    flag = run(complete_workup(medications=tuple(meds))).flag("TX.OPIOID_REVIEW")
    assert (flag.severity, flag.action) == ("moderate", "recommend")
    assert "tramadol 50 mg (opioid)" in flag.because
    serotonergic = other in ("snri", "ssri", "tricyclic")
    assert ("serotonin toxicity" in flag.because) is serotonergic
    assert (f"an {other}" in flag.because) is serotonergic
    assert "strong opioids are not recommended" in flag.recommendation
    assert "EULAR 2016" in flag.recommendation


@pytest.mark.parametrize("medications", [None, (), (medication("sertraline", "ssri"),)])
def test_opioid_review_needs_an_opioid(medications):
    assert severity(complete_workup(medications=medications), "TX.OPIOID_REVIEW") is None


def test_every_treatment_rule_recommends_with_its_contract_severity():
    expected = {
        "TX.NOT_ASSESSED": "low",
        "TX.PREGNANCY_REVIEW": "high",
        "TX.SEDATIVE_COMBINATION": "high",
        "TX.OPIOID_REVIEW": "moderate",
        "TX.NO_ADEQUATE_TRIAL": "moderate",
        "TX.TREATMENT_RESISTANT": "info",
    }
    actual = {c: r for c, r in RULES_BY_CODE.items() if c.startswith("TX.")}
    assert set(actual) == set(expected)
    for code, r in actual.items():
        assert (r.severity_text, r.action, r.area) == (expected[code], "recommend", "treatments")
        assert r.fires_when and r.evidence
