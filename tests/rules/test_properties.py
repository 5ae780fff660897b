"""Property-based tests: every valid document evaluates; every mutated one names its field."""

import json

from hypothesis import HealthCheck, given, settings

from tests.rules.strategies import TODAY, documents, invalid_documents
from workup.document import DocumentError, document_from_facts, facts_from_document
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
    for flag in out["flags"]:
        assert flag["because"] and flag["recommendation"] and flag["evidence"]


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
