"""Instrument scoring and the `scores` output (spec sections 2 and 5b)."""

import pytest

from tests.rules.builders import complete_workup, items, run, workup
from workup.rules import instruments
from workup.rules.facts import Lifestyle, Mental, Pain


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
        (14, "moderate"), (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"),
        (27, "severe"),
    ],
)  # fmt: skip
def test_phq9_bands(total, band):
    score = instruments.phq9(items(total, 9))
    assert (score.total, score.band) == (total, band)


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
     (14, "moderate"), (15, "severe"), (21, "severe")],
)  # fmt: skip
def test_gad7_bands(total, band):
    assert instruments.gad7(items(total, 7)).band == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "none"), (7, "none"), (8, "subthreshold"), (14, "subthreshold"), (15, "moderate"),
     (21, "moderate"), (22, "severe"), (28, "severe")],
)  # fmt: skip
def test_isi_bands(total, band):
    assert instruments.isi(total).band == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "low"), (2, "low"), (3, "intermediate"), (4, "intermediate"), (5, "high"), (8, "high")],
)
def test_stop_bang_bands(total, band):
    assert instruments.stop_bang(total).band == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "low"), (13, "low"), (14, "moderate"), (26, "moderate"), (27, "high"), (40, "high")],
)
def test_pss10_bands(total, band):
    assert instruments.pss10(total).band == band


@pytest.mark.parametrize(("total", "poor"), [(5, False), (6, True), (0, False), (21, True)])
def test_psqi_above_5_is_poor_sleep(total, poor):
    assert instruments.psqi_poor_sleep(total) is poor


@pytest.mark.parametrize(("total", "high"), [(3, False), (4, True)])
def test_ace_4_or_more_is_high_exposure(total, high):
    assert instruments.ace_high_exposure(total) is high


@pytest.mark.parametrize(("total", "positive"), [(2, False), (3, True)])
def test_pc_ptsd5_3_or_more_is_positive(total, positive):
    assert instruments.pc_ptsd5_positive(total) is positive


def test_unrecorded_instruments_score_none():
    assert instruments.phq9(None) is None
    assert instruments.gad7(None) is None
    assert instruments.isi(None) is None
    assert instruments.bmi(None, 70) is None
    assert instruments.bmi(170, None) is None


@pytest.mark.parametrize(
    ("height", "weight", "value"),
    [(160, 76.8, 30.0), (165, 82, 30.119375573921026), (200, 100, 25.0)],
)
def test_bmi_is_weight_over_height_in_metres_squared(height, weight, value):
    assert instruments.bmi(height, weight) == pytest.approx(value, abs=1e-9)


def test_bmi_exactly_30_is_not_lost_to_floating_point():
    assert instruments.bmi(160, 76.8) == 30.0


@pytest.mark.parametrize(
    ("value", "rounded"), [(24.25, 24.3), (22.45, 22.5), (24.24999, 24.2), (29.96, 30.0)]
)
def test_one_decimal_rounds_halves_up_as_a_clinician_would(value, rounded):
    assert instruments.one_decimal(value) == rounded


def test_scores_hold_only_recorded_instruments():
    assert run(workup()).as_dict()["scores"] == {}
    facts = workup(mental=Mental(phq9_items=items(12, 9)))
    assert run(facts).as_dict()["scores"] == {"phq9": {"total": 12, "band": "moderate"}}


def test_scores_names_and_shapes():
    facts = complete_workup(
        pain=Pain(fiqr_total=62.5),
        lifestyle=Lifestyle(psqi_global=6, isi_total=15, stop_bang=3, height_cm=165, weight_kg=82),
        mental=Mental(
            phq9_items=items(10, 9),
            gad7_items=items(15, 7),
            pss10_total=27,
            ace_score=4,
            pc_ptsd5=3,
        ),
    )
    assert run(facts).as_dict()["scores"] == {
        "fiqr": {"total": 62.5},
        "psqi": {"total": 6, "poor_sleep": True},
        "isi": {"total": 15, "band": "moderate"},
        "stop_bang": {"total": 3, "band": "intermediate"},
        "bmi": {"value": 30.1},
        "phq9": {"total": 10, "band": "moderate"},
        "gad7": {"total": 15, "band": "severe"},
        "pss10": {"total": 27, "band": "high"},
        "ace": {"total": 4},
        "pc_ptsd5": {"total": 3},
    }


def test_integral_fiqr_is_shown_as_an_integer():
    facts = workup(pain=Pain(fiqr_total=50.0))
    assert run(facts).as_dict()["scores"]["fiqr"] == {"total": 50}


@pytest.mark.parametrize("total", [0, 4, 5, 9, 10, 14, 15, 19, 20, 27])
def test_phq9_scores_the_same_from_items_or_the_entered_total(total):
    item9 = max(min(total, 1), total - 24)  # the other 8 items hold at most 24
    from_items = instruments.phq9_of(Mental(phq9_items=(*items(total - item9, 8), item9)))
    from_total = instruments.phq9_of(Mental(phq9_total=total, phq9_item9=item9))
    assert from_items == from_total == instruments.phq9(items(total, 9))


@pytest.mark.parametrize("total", [0, 4, 5, 9, 10, 14, 15, 21])
def test_gad7_scores_the_same_from_items_or_the_entered_total(total):
    from_items = instruments.gad7_of(Mental(gad7_items=items(total, 7)))
    assert from_items == instruments.gad7_of(Mental(gad7_total=total))


@pytest.mark.parametrize(
    ("mental", "item9"),
    [
        (Mental(phq9_items=(0, 0, 0, 0, 0, 0, 0, 0, 2)), 2),
        (Mental(phq9_items=(3, 3, 3, 3, 3, 3, 3, 3, 0)), 0),
        (Mental(phq9_total=12, phq9_item9=1), 1),
        (Mental(phq9_total=12, phq9_item9=0), 0),
        (Mental(gad7_total=12), None),
        (Mental(), None),
        (None, None),
    ],
)
def test_phq9_item9_is_read_from_the_items_or_beside_the_total(mental, item9):
    assert instruments.phq9_item9_of(mental) == item9


def test_unrecorded_phq9_and_gad7_score_none_from_either_entry():
    assert instruments.phq9_of(None) is None
    assert instruments.phq9_of(Mental()) is None
    assert instruments.gad7_of(None) is None
    assert instruments.gad7_of(Mental(phq9_total=3, phq9_item9=0)) is None


def test_scores_output_is_the_same_for_items_and_totals():
    by_items = workup(mental=Mental(phq9_items=items(16, 9), gad7_items=items(11, 7)))
    by_totals = workup(mental=Mental(phq9_total=16, phq9_item9=3, gad7_total=11))
    assert (
        run(by_items).as_dict()["scores"]
        == run(by_totals).as_dict()["scores"]
        == {
            "phq9": {"total": 16, "band": "moderately_severe"},
            "gad7": {"total": 11, "band": "moderate"},
        }
    )
