"""The rule catalogue matches the clinical spec, and its texts are honest about the evidence."""

import pytest

from workup.rules.catalogue import RULE_SET, RULES, RULES_BY_CODE, rule_docs
from workup.rules.evidence import TIERS
from workup.rules.vocab import AREA_OF_PREFIX, AREAS

# clinical-spec.md section 5, row by row: code -> (severity, action). A severity function is
# written as the spec writes it ("low / moderate / high").
SPEC_RULES = {
    "MENTAL.SUICIDAL_IDEATION": ("urgent", "recommend"),
    "EXCL.GCA_SYMPTOMS": ("urgent / high", "recommend"),
    "DX.ACR2016_NOT_MET": ("moderate", "recommend"),
    "DX.ACR2016_INCOMPLETE": ("moderate", "recommend"),
    "EXCL.RED_FLAGS": ("high", "recommend"),
    "EXCL.RED_FLAGS_NOT_ASKED": ("moderate", "recommend"),
    "EXCL.PMR_CHECK": ("high", "recommend"),
    "EXCL.STATIN_CK": ("high", "recommend"),
    "EXCL.INCOMPLETE": ("high", "recommend"),
    "EXCL.ALTERNATIVE_POSSIBLE": ("high", "recommend"),
    "EXCL.LAB_CONTRADICTS": ("high", "recommend"),
    "EXCL.COMORBID_CONFIRMED": ("moderate", "recommend"),
    "EXCL.THYROID_LAB": ("high", "recommend"),
    "EXCL.INFLAMMATION_LAB": ("high", "recommend"),
    "EXCL.AUTOIMMUNE_SEROLOGY": ("high", "recommend"),
    "EXCL.ANA_LOW_TITRE": ("low", "recommend"),
    "EXCL.CK_HIGH": ("high", "recommend"),
    "EXCL.ANAEMIA": ("moderate", "recommend"),
    "EXCL.GLYCAEMIA": ("moderate", "recommend"),
    "EXCL.BASELINE_LABS_MISSING": ("moderate", "recommend"),
    "EXCL.PENDING": ("low", "recommend"),
    "TX.NOT_ASSESSED": ("low", "recommend"),
    "TX.PREGNANCY_REVIEW": ("high", "recommend"),
    "TX.SEDATIVE_COMBINATION": ("high", "recommend"),
    "TX.OPIOID_REVIEW": ("moderate", "recommend"),
    "TX.NO_ADEQUATE_TRIAL": ("moderate", "recommend"),
    "TX.TREATMENT_RESISTANT": ("info", "recommend"),
    "LIFE.NOT_ASSESSED": ("low", "recommend"),
    "LIFE.LOW_AEROBIC": ("moderate", "recommend"),
    "LIFE.NO_STRENGTH": ("moderate", "recommend"),
    "LIFE.POOR_SLEEP": ("moderate / low", "recommend"),
    "LIFE.SHORT_SLEEP": ("moderate", "recommend"),
    "LIFE.OSA_RISK": ("moderate / high", "recommend"),
    "LIFE.OBESITY": ("moderate", "recommend"),
    "LIFE.DIET_NOT_ADDRESSED": ("info", "consider"),
    "MICRO.NOT_TESTED": ("low", "consider"),
    "MICRO.MAGNESIUM_LOW": ("moderate", "recommend"),
    "MICRO.MAGNESIUM_LOW_NORMAL": ("low", "consider"),
    "MICRO.VITAMIN_D_DEFICIENT": ("moderate", "recommend"),
    "MICRO.VITAMIN_D_INSUFFICIENT": ("info", "consider"),
    "MICRO.B12_DEFICIENT": ("moderate", "recommend"),
    "MICRO.B12_BORDERLINE": ("low", "recommend"),
    "MICRO.FOLATE_LOW": ("moderate", "recommend"),
    "MICRO.IRON_LOW": ("moderate", "recommend"),
    "MICRO.ZINC_LOW": ("low", "consider"),
    "MICRO.ABSORPTION_CONCERN": ("low", "recommend"),
    "GUT.NOT_ASSESSED": ("low", "recommend"),
    "GUT.ALARM_FEATURES": ("high", "recommend"),
    "GUT.COELIAC_SEROLOGY": ("high", "recommend"),
    "GUT.COELIAC_NOT_TESTED": ("moderate", "recommend"),
    "GUT.IBS": ("moderate", "recommend"),
    "GUT.DYSBIOSIS": ("info", "consider"),
    "GUT.SIBO": ("moderate", "recommend"),
    "GUT.SYMPTOMS_UNEVALUATED": ("low", "recommend"),
    "HORM.NOT_ASSESSED": ("low", "recommend"),
    "HORM.CYCLE_FLARES": ("low", "consider"),
    "HORM.TRANSITION": ("moderate", "recommend"),
    "HORM.TESTOSTERONE_LOW": ("moderate", "recommend"),
    "HORM.CORTISOL_LOW": ("high", "recommend"),
    "MENTAL.NOT_ASSESSED": ("low", "recommend"),
    "MENTAL.DEPRESSION": ("low / moderate / high", "recommend"),
    "MENTAL.ANXIETY": ("low / moderate / high", "recommend"),
    "MENTAL.HIGH_STRESS": ("moderate", "recommend"),
    "MENTAL.TRAUMA": ("moderate", "recommend"),
}

# clinical-spec.md "What changed from rule set 2026.1", point 2: the new safety rules.
NEW_IN_2027_1 = (
    "EXCL.GCA_SYMPTOMS", "EXCL.PMR_CHECK", "EXCL.STATIN_CK", "EXCL.BASELINE_LABS_MISSING",
    "EXCL.LAB_CONTRADICTS", "EXCL.RED_FLAGS", "EXCL.RED_FLAGS_NOT_ASKED", "EXCL.PENDING",
    "GUT.ALARM_FEATURES", "GUT.COELIAC_NOT_TESTED", "GUT.COELIAC_SEROLOGY",
    "TX.PREGNANCY_REVIEW", "TX.SEDATIVE_COMBINATION", "TX.OPIOID_REVIEW",
)  # fmt: skip


def test_rule_set_version():
    assert RULE_SET == "2027.1"


def test_catalogue_has_exactly_the_spec_codes():
    assert sorted(r.code for r in RULES) == sorted(SPEC_RULES)


@pytest.mark.parametrize("code", NEW_IN_2027_1)
def test_every_rule_new_in_2027_1_is_in_the_catalogue_and_the_spec_table(code):
    assert code in SPEC_RULES
    assert code in RULES_BY_CODE


@pytest.mark.parametrize("code", sorted(SPEC_RULES))
def test_each_rule_has_the_severity_and_action_of_the_spec(code):
    assert code in RULES_BY_CODE, f"{code} is missing from the catalogue"
    rule = RULES_BY_CODE[code]
    assert (rule.severity_text, rule.action) == SPEC_RULES[code]


def test_each_code_is_defined_once():
    assert len(RULES) == len(RULES_BY_CODE)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_area_follows_the_code_prefix(rule):
    assert rule.area == AREA_OF_PREFIX[rule.code.split(".")[0]]
    assert rule.area in AREAS


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_cites_evidence_with_a_known_tier(rule):
    assert rule.evidence
    for e in rule.evidence:
        assert e.tier in TIERS
        assert e.source and e.summary


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_documents_when_it_fires(rule):
    assert rule.fires_when.endswith(".")
    assert len(rule.fires_when) > 20


WEAK = {"D", "E"}
HEDGES = ("consider", "discuss", "option", "own merits", "standard indications")


@pytest.mark.parametrize(
    "rule",
    [r for r in RULES if {e.tier for e in r.evidence if e.tier != "-"} <= WEAK
     and any(e.tier in WEAK for e in r.evidence)],
    ids=lambda r: r.code,
)  # fmt: skip
def test_rules_resting_on_tier_d_or_e_only_present_options_to_discuss(rule):
    texts = [rule.recommendation] if isinstance(rule.recommendation, str) else []
    for text in texts:
        assert any(h in text.lower() for h in HEDGES), text
        assert "recommended" not in text.lower()


@pytest.mark.parametrize("rule", [r for r in RULES if r.action == "consider"], ids=lambda r: r.code)
def test_a_consider_rule_never_reads_as_a_recommendation_to_treat(rule):
    if isinstance(rule.recommendation, str):
        assert any(h in rule.recommendation.lower() for h in HEDGES), rule.recommendation
        assert "recommended" not in rule.recommendation.lower()


def test_treatment_resistance_is_labelled_a_local_working_definition_everywhere():
    rule = RULES_BY_CODE["TX.TREATMENT_RESISTANT"]
    assert "local working definition" in rule.title.lower()
    assert "no consensus definition" in rule.fires_when.lower()
    assert any("no consensus" in e.summary.lower() for e in rule.evidence)


def test_rules_page_rows_come_from_the_catalogue_in_area_order():
    docs = rule_docs()
    assert {d.code for d in docs} == {r.code for r in RULES}
    assert all(d.action == RULES_BY_CODE[d.code].action for d in docs)
    ranks = [(AREAS.index(d.area), d.code) for d in docs]
    assert ranks == sorted(ranks)
    depression = next(d for d in docs if d.code == "MENTAL.DEPRESSION")
    assert depression.severity == "low / moderate / high"
    assert "PHQ-9" in depression.fires_when
    assert depression.evidence[0].tier == "-"
