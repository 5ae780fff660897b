"""Property-based tests: every valid document evaluates; every mutated one names its field."""

import json

from hypothesis import HealthCheck, given, settings

from tests.rules.strategies import TODAY, documents, invalid_documents
from workup.document import DocumentError, document_from_facts, facts_from_document
from workup.rules.catalogue import RULE_SET, RULES_BY_CODE
from workup.rules.evaluate import evaluate
from workup.rules.vocab import AREAS, SEVERITIES

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents())
def test_every_valid_document_evaluates_to_well_formed_json(doc):
    facts = facts_from_document(doc, today=TODAY)
    out = evaluate(facts).as_dict()
    assert json.loads(json.dumps(out)) == out
    codes = [f["code"] for f in out["flags"]]
    assert len(codes) == len(set(codes))
    keys = [
        (SEVERITIES.index(f["severity"]), AREAS.index(f["area"]), f["code"]) for f in out["flags"]
    ]
    assert keys == sorted(keys)
    assert out["criteria"]["acr2016"]["status"] in ("met", "not_met", "incomplete")
    assert out["completeness"]["pain"] is (out["criteria"]["acr2016"]["status"] != "incomplete")
    assert out["rule_set"] == RULE_SET == "2027.1"
    for flag in out["flags"]:
        assert flag["because"] and flag["recommendation"] and flag["evidence"]
        assert flag["action"] == RULES_BY_CODE[flag["code"]].action
    assert not {"LIFE.POOR_SLEEP", "LIFE.SHORT_SLEEP"} <= set(codes)
    assert not {"MICRO.MAGNESIUM_LOW", "MICRO.MAGNESIUM_LOW_NORMAL"} <= set(codes)


@SETTINGS
@given(documents())
def test_pending_and_not_done_rows_never_change_a_lab_reading_rule(doc):
    """Dropping the rows without a result changes only the rules about missing or pending
    tests, never one that reads a value."""
    facts = facts_from_document(doc, today=TODAY)
    resulted_only = dict(
        doc, labs=[r for r in doc.get("labs") or [] if "value" in r and r.get("value") is not None]
    )
    if doc.get("labs") is None:
        resulted_only.pop("labs")
    about_absence = {
        "EXCL.BASELINE_LABS_MISSING", "EXCL.PENDING", "EXCL.PMR_CHECK", "EXCL.STATIN_CK",
        "GUT.COELIAC_NOT_TESTED", "TX.NO_ADEQUATE_TRIAL",
    }  # fmt: skip
    with_rows = {f.code: f for f in evaluate(facts).flags if f.code not in about_absence}
    without = evaluate(facts_from_document(resulted_only, today=TODAY))
    assert with_rows == {f.code: f for f in without.flags if f.code not in about_absence}


@SETTINGS
@given(documents())
def test_export_then_import_gives_the_same_facts_and_the_same_document(doc):
    facts = facts_from_document(doc, today=TODAY)
    exported = document_from_facts(facts)
    again = facts_from_document(json.loads(json.dumps(exported)), today=TODAY)
    assert again == facts
    assert document_from_facts(again) == exported
    assert evaluate(again) == evaluate(facts)


@SETTINGS
@given(invalid_documents())
def test_every_mutated_document_is_rejected_naming_the_mutated_field(case):
    doc, path = case
    try:
        facts_from_document(doc, today=TODAY)
    except DocumentError as error:
        assert error.path == path, str(error)
        assert str(error).startswith(f"{path}: ")
        assert "\n" not in str(error)
    else:
        raise AssertionError(f"accepted a document with a bad {path}")
