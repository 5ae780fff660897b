"""ACR 2016 criteria: WPI, regions, SSS, FS band and the three-valued status (spec section 1)."""

from dataclasses import replace

import pytest

from tests.rules.builders import codes, complete_workup, run, workup
from workup.rules.facts import Pain
from workup.rules.instruments import acr2016, count_regions, fs_band, symptom_severity_met
from workup.rules.vocab import REGION_OF_AREA, WPI_AREAS, WPI_ONLY_AREAS

ALL_SSS = {
    "fatigue": 3, "waking_unrefreshed": 3, "cognitive": 3, "headaches": True,
    "lower_abdominal_pain": True, "depression": True,
}  # fmt: skip
LIMB_AREAS = ("left_upper_arm", "right_upper_arm", "left_upper_leg", "right_upper_leg")


def sss_of(total: int) -> dict:
    """Six SSS parts adding up to `total` (0-12)."""
    parts = {"fatigue": 0, "waking_unrefreshed": 0, "cognitive": 0}
    left = total
    for name in parts:
        parts[name] = min(3, left)
        left -= parts[name]
    for name in ("headaches", "lower_abdominal_pain", "depression"):
        parts[name] = left > 0
        left -= left > 0
    assert left == 0
    return parts


def pain(areas=LIMB_AREAS, sss=12, months=6, **extra) -> Pain:
    parts = sss_of(sss) if isinstance(sss, int) else sss
    return Pain(wpi_areas=areas, symptom_duration_months=months, **parts, **extra)


def test_nineteen_areas_and_five_regions_with_jaw_chest_abdomen_counting_in_wpi_only():
    assert len(WPI_AREAS) == 19
    assert set(REGION_OF_AREA) | set(WPI_ONLY_AREAS) == set(WPI_AREAS)
    assert count_regions(WPI_ONLY_AREAS) == 0
    assert count_regions(WPI_AREAS) == 5


def test_all_nineteen_areas_and_full_sss_give_maximum_scores():
    r = acr2016(pain(areas=WPI_AREAS, sss=ALL_SSS))
    assert (r.wpi, r.sss, r.fs, r.fs_band, r.regions) == (19, 12, 31, "very_severe", 5)
    assert r.status == "met"


def test_wpi_3_with_sss_12_is_not_met():
    r = acr2016(pain(areas=LIMB_AREAS[:3], sss=12))
    assert r.wpi == 3 and r.sss == 12
    assert r.severity_ok is False
    assert r.status == "not_met"


def test_pain_only_in_jaw_chest_abdomen_and_one_limb_counts_one_region_and_is_not_met():
    areas = ("left_jaw", "right_jaw", "chest", "abdomen", "left_upper_leg")
    r = acr2016(pain(areas=areas, sss=12))
    assert r.wpi == 5
    assert r.regions == 1
    assert r.generalized_pain is False
    assert r.status == "not_met"


def test_duration_missing_with_otherwise_met_criteria_is_incomplete():
    r = acr2016(pain(areas=WPI_AREAS, sss=12, months=None))
    assert r.severity_ok is True and r.generalized_pain is True
    assert r.duration_ok is None
    assert r.status == "incomplete"


def test_wpi_2_with_duration_missing_is_not_met():
    r = acr2016(pain(areas=LIMB_AREAS[:2], sss=12, months=None))
    assert r.status == "not_met"


def test_absent_pain_section_is_incomplete_with_every_number_null():
    r = acr2016(None)
    assert r.as_dict() == {
        "status": "incomplete",
        "wpi": None,
        "sss": None,
        "fs": None,
        "fs_band": None,
        "regions": None,
        "generalized_pain": None,
        "duration_ok": None,
    }


def test_one_missing_sss_part_leaves_sss_and_fs_null_and_status_incomplete():
    parts = dict(ALL_SSS, cognitive=None)
    r = acr2016(pain(areas=WPI_AREAS, sss=parts))
    assert r.sss is None and r.fs is None and r.fs_band is None
    assert r.wpi == 19 and r.regions == 5
    assert r.status == "incomplete"
    assert "cognitive" in r.missing


def test_missing_areas_with_short_duration_is_not_met():
    r = acr2016(Pain(symptom_duration_months=2, **ALL_SSS))
    assert r.status == "not_met"
    assert r.wpi is None and r.regions is None


def test_empty_area_list_means_no_pain_areas_not_missing():
    r = acr2016(pain(areas=(), sss=12))
    assert r.wpi == 0 and r.regions == 0
    assert r.status == "not_met"


@pytest.mark.parametrize(
    ("wpi", "sss", "met"),
    [
        (7, 4, False), (7, 5, True), (8, 5, True), (19, 5, True),
        (6, 8, False), (6, 9, True), (4, 9, True), (4, 8, False),
        (3, 12, False), (5, 9, True), (6, 5, False),
    ],
)  # fmt: skip
def test_symptom_severity_condition_at_its_thresholds(wpi, sss, met):
    assert symptom_severity_met(wpi, sss) is met


@pytest.mark.parametrize(
    ("regions_areas", "regions", "generalized"),
    [
        (("left_upper_arm", "right_upper_arm", "left_hip"), 3, False),
        (("left_upper_arm", "right_upper_arm", "left_hip", "right_hip"), 4, True),
        (("left_upper_arm", "right_upper_arm", "left_hip", "neck", "chest"), 4, True),
        (("left_shoulder_girdle", "left_upper_arm", "left_lower_arm", "left_jaw"), 1, False),
    ],
)
def test_generalized_pain_needs_four_of_five_regions(regions_areas, regions, generalized):
    r = acr2016(pain(areas=regions_areas))
    assert r.regions == regions
    assert r.generalized_pain is generalized


@pytest.mark.parametrize(("months", "ok"), [(2, False), (3, True), (4, True), (0, False)])
def test_duration_needs_three_months(months, ok):
    assert acr2016(pain(areas=WPI_AREAS, months=months)).duration_ok is ok


@pytest.mark.parametrize(
    ("fs", "band"),
    [
        (0, "none"), (3, "none"), (4, "mild"), (7, "mild"), (8, "moderate"), (11, "moderate"),
        (12, "severe"), (19, "severe"), (20, "very_severe"), (31, "very_severe"), (None, None),
    ],
)  # fmt: skip
def test_fs_bands_at_each_boundary(fs, band):
    assert fs_band(fs) == band


def test_sss_counts_each_true_yes_no_part_as_one():
    parts = {"fatigue": 1, "waking_unrefreshed": 0, "cognitive": 2, "headaches": True,
             "lower_abdominal_pain": False, "depression": True}  # fmt: skip
    assert acr2016(pain(sss=parts)).sss == 5


def test_met_criteria_raise_no_dx_flag():
    assert not {c for c in codes(complete_workup()) if c.startswith("DX.")}


def test_not_met_flag_names_the_failed_condition_with_its_numbers():
    facts = complete_workup(pain=pain(areas=LIMB_AREAS[:3], sss=12))
    flag = run(facts).flag("DX.ACR2016_NOT_MET")
    assert flag.severity == "moderate" and flag.area == "pain"
    assert "WPI 3 with SSS 12" in flag.because
    assert "DX.ACR2016_INCOMPLETE" not in codes(facts)


def test_incomplete_flag_names_what_is_missing():
    facts = complete_workup(pain=pain(areas=WPI_AREAS, months=None))
    flag = run(facts).flag("DX.ACR2016_INCOMPLETE")
    assert flag.severity == "moderate"
    assert "symptom duration" in flag.because
    assert "DX.ACR2016_NOT_MET" not in codes(facts)


def test_absent_pain_section_raises_incomplete_flag():
    assert "DX.ACR2016_INCOMPLETE" in codes(workup())


def test_nrs_and_fiqr_do_not_change_the_criteria():
    base = pain(areas=WPI_AREAS)
    assert acr2016(base) == acr2016(replace(base, pain_nrs=10, fiqr_total=100))


@pytest.mark.parametrize(
    ("pain", "code"),
    [
        (
            Pain(wpi_areas=LIMB_AREAS[:3], symptom_duration_months=6, **ALL_SSS),
            "DX.ACR2016_NOT_MET",
        ),
        (None, "DX.ACR2016_INCOMPLETE"),
    ],
)
def test_dx_flags_are_moderate_recommendations_in_the_pain_area(pain, code):
    flag = run(workup(pain=pain)).flag(code)
    assert (flag.severity, flag.action, flag.area) == ("moderate", "recommend", "pain")
