"""Red flags: each question worded as the contract words the finding, answered yes, no or not
asked; at 50 and over the giant cell arteritis questions come first."""

import datetime
from dataclasses import replace
from html import unescape

import pytest

from tests.workup.editing import CONTEXT, editor, errors_of, value_of
from tests.workup.helpers import fill_section, section_url
from workup import adapters, selectors
from workup.forms import EDITORS
from workup.models import Workup
from workup.rules import vocab
from workup.rules.facts import RedFlags

ALL_NO = RedFlags(**dict.fromkeys(vocab.RED_FLAGS, False))


def test_yes_no_and_not_asked_become_true_false_and_null():
    data = {"fever": "yes", "weight_loss": "no"}
    assert value_of("red_flags", data) == RedFlags(fever=True, weight_loss=False)


def test_nothing_chosen_records_every_question_as_not_asked():
    assert value_of("red_flags", {}) == RedFlags()


def test_an_answer_other_than_yes_no_or_not_asked_is_refused_at_its_question():
    errors = errors_of(editor("red_flags", {"fever": "maybe"}))
    assert errors == {"fever": ["Choose yes, no or not asked."]}


def test_each_question_is_labelled_with_the_contracts_wording_of_the_finding():
    form = EDITORS["red_flags"](None, value=None, version=0, context=CONTEXT).form
    labels = {q: form.fields[q].label for q in vocab.RED_FLAGS}
    assert labels == vocab.RED_FLAG_QUESTIONS
    assert "not explained by menopause or medicines" in labels["night_sweats"]
    assert "not jaw-joint pain" in labels["jaw_claudication"]


def test_the_answers_are_offered_as_yes_no_not_asked():
    form = EDITORS["red_flags"](None, value=None, version=0, context=CONTEXT).form
    assert [label for _, label in form.fields["fever"].choices] == ["Yes", "No", "Not asked"]


@pytest.mark.parametrize(
    "born, gca_first",
    [
        (datetime.date(1976, 11, 21), False),  # 49 the day before the 50th birthday
        (datetime.date(1976, 11, 20), True),  # 50 on the visit date
        (datetime.date(1976, 11, 19), True),
    ],
)
def test_at_50_and_over_the_giant_cell_arteritis_questions_come_first(born, gca_first):
    context = replace(CONTEXT, date_of_birth=born)
    ed = EDITORS["red_flags"](None, value=None, version=0, context=context)
    order = [field.name for field, _ in ed.questions()]
    marked = [field.name for field, gca in ed.questions() if gca]
    if gca_first:
        assert order[:4] == list(vocab.GCA_QUESTIONS) and marked == list(vocab.GCA_QUESTIONS)
    else:
        assert order == list(vocab.RED_FLAGS) and marked == []


def test_stored_answers_come_back_checked():
    ed = EDITORS["red_flags"](None, value=RedFlags(fever=True), version=1, context=CONTEXT)
    assert ed.form["fever"].value() == "yes"
    assert ed.form["weight_loss"].value() == ""


# --- Through the pages --------------------------------------------------------------------------


def test_the_page_asks_every_question_in_full(clinician_client, empty_draft):
    html = unescape(clinician_client.get(section_url(empty_draft, "red_flags")).content.decode())
    for wording in vocab.RED_FLAG_QUESTIONS.values():
        assert wording in html


def summary_of(workup, name):
    workup = selectors.workup_with_sections().get(pk=workup.pk)
    summaries = selectors.section_summaries(workup, selectors.workup_evaluation(workup))
    return next(s for s in summaries if s.name == name)


def test_saved_answers_are_stored_and_complete_once_every_question_is_answered(
    clinician_client, draft
):
    response = fill_section(clinician_client, draft, "red_flags", replace(ALL_NO, fever=None))
    assert response.status_code == 302
    stored = Workup.objects.get(pk=draft.pk)
    assert adapters.section_value(stored, "red_flags") == replace(ALL_NO, fever=None)
    summary = summary_of(draft, "red_flags")
    assert (summary.recorded, summary.complete) == (True, False)

    fill_section(clinician_client, draft, "red_flags", ALL_NO)
    summary = summary_of(draft, "red_flags")
    assert (summary.recorded, summary.complete) == (True, True)


def test_red_flags_never_saved_are_not_assessed(empty_draft):
    summary = summary_of(empty_draft, "red_flags")
    assert (summary.recorded, summary.complete) == (False, False)


def test_staff_read_the_answers(staff_client, draft):
    html = unescape(staff_client.get(section_url(draft, "red_flags")).content.decode())
    assert vocab.RED_FLAG_QUESTIONS["jaw_claudication"] in html
    assert "not asked" in html
    assert 'type="radio"' not in html
