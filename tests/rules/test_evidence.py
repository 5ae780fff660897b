"""The evidence list (clinical spec section 6): each source, its tier, and honest summaries."""

import pytest

from workup.rules import evidence as ev
from workup.rules.catalogue import RULES
from workup.rules.evidence import TIERS, Evidence

# Every constant and its tier, as section 6 gives it (sources the table does not list keep the
# tier their own kind of evidence earns: "-" for an instrument, criterion or definition).
SPEC_TIERS = {
    # diagnosis and exclusions
    "WOLFE_2016": "-",
    "CANADIAN_2012_WORKUP": "A",
    "TAN_1997": "D",
    "ADA_DIAGNOSIS": "A",
    "WHO_ANAEMIA": "-",
    # treatments
    "EULAR_2016_DRUGS": "B",
    "NO_CONSENSUS_RESISTANCE": "-",
    # exercise: EULAR A, Cochrane B, a narrative review "-"
    "EULAR_2016_EXERCISE": "A",
    "BIDONDE_2017": "B",
    "BUSCH_2013": "B",
    "BUSCH_2011": "-",
    # sleep: D for fibromyalgia benefit, A for CBT-I and for testing suspected apnoea
    "CHOY_2015": "D",
    "ACP_2016_INSOMNIA": "A",
    "AASM_2017_OSA": "A",
    # diet
    "SENNA_2012": "C",
    "SILVA_2019": "D",
    # micronutrients
    "ANAND_2000": "D",
    "BOULIS_2021": "D",
    "ALI_2009": "E",
    "CANADIAN_2012_VITAMIN_D": "E",
    "IOM_2011_VITAMIN_D": "E",
    "DEVALIA_2014": "B",
    "WHO_2020_FERRITIN": "B",
    "ORTANCIL_2010": "D",
    "SENDUR_2008": "D",
    # gut
    "MINERBI_2019": "D",
    "ROMAN_2018": "E",
    "PIMENTEL_2004": "D",
    "ROME_IV": "-",
    # hormones: named studies D; the Bhasin 2018 guideline B
    "ALONSO_2004": "D",
    "SCHERTZINGER_2018": "D",
    "PAMUK_2009": "D",
    "BHASIN_2018": "B",
    "BORNSTEIN_2016": "A",
    # screening instruments
    "KROENKE_2001": "-",
    "SPITZER_2006": "-",
    "BUYSSE_1989": "-",
    "ISI_MORIN": "-",
    "CHUNG_2008": "-",
    "COHEN_1983": "-",
    "FELITTI_1998": "-",
    "PRINS_2016": "-",
    # mental-emotional
    "HAUSER_2011": "D",
    "EULAR_2016_PSYCH": "B",
    # safety: guidelines A; consensus statements and safety communications B
    "BSR_2020_GCA": "A",
    "EULAR_ACR_2015_PMR": "A",
    "NLA_2014_STATIN": "B",
    "EAS_2015_STATIN": "B",
    "BSG_2021_IBS": "A",
    "NICE_NG100": "A",
    "FDA_2016_2019_SEDATIVES": "B",
    "ZALSMAN_2016": "B",
    "NICE_NG222": "A",
    "CANADIAN_2012_BASELINE": "A",
    # Medicines in pregnancy and strong opioids: guidelines A, safety communications B.
    "NICE_CG192": "A",
    "FDA_2020_NSAID_PREGNANCY": "B",
    "ATA_2017_THYROID_PREGNANCY": "A",
    "EULAR_2016_OPIOIDS": "A",
}

CONSTANTS = {name: value for name, value in vars(ev).items() if isinstance(value, Evidence)}


def test_every_evidence_constant_has_its_spec_tier():
    assert {name: e.tier for name, e in CONSTANTS.items()} == SPEC_TIERS


PLACEHOLDERS = ("small cohort studies", "placeholder", "various studies", "tbd", "todo")
CITED = sorted({e for r in RULES for e in r.evidence} | set(CONSTANTS.values()), key=str)


@pytest.mark.parametrize("e", CITED, ids=lambda e: e.source[:40])
def test_no_source_is_a_placeholder_and_every_tier_is_known(e):
    assert e.tier in TIERS
    for word in PLACEHOLDERS:
        assert word not in e.source.lower()
        assert word not in e.summary.lower()


def test_hormone_evidence_names_real_studies_not_a_placeholder():
    assert not hasattr(ev, "HORMONE_COHORTS")
    for e in (ev.ALONSO_2004, ev.SCHERTZINGER_2018, ev.PAMUK_2009):
        assert e.tier == "D"
        assert "(" in e.source  # the journal is named


def test_anand_2000_is_cited_only_as_a_commentary_on_magnesium_in_pain_generally():
    assert "commentary" in ev.ANAND_2000.source
    assert "not a fibromyalgia study" in ev.ANAND_2000.source
    assert "no fibromyalgia data" in ev.ANAND_2000.summary


def test_busch_2011_is_a_narrative_review():
    assert "narrative review" in ev.BUSCH_2011.source
    assert ev.BUSCH_2011.tier == "-"


@pytest.mark.parametrize(
    ("constant", "phrases"),
    [
        (ev.EULAR_2016_EXERCISE, ("only strong recommendation", "modest")),
        (ev.BUSCH_2011, ("best-supported", "modest", "start low")),
        (ev.CHOY_2015, ("higher pain sensitivity", "own merits")),
        (ev.ACP_2016_INSOMNIA, ("CBT-I", "first-line")),
        (ev.AASM_2017_OSA, ("questionnaire alone does not diagnose", "arrange testing")),
        (ev.SENNA_2012, ("one small randomised trial",)),
        (ev.SILVA_2019, ("only uncontrolled studies", "gluten-free, additive elimination")),
        (ev.BOULIS_2021, ("inconsistent", "small or negative", "standard care")),
        (ev.ALI_2009, ("no better than a placebo",)),
        (ev.CANADIAN_2012_VITAMIN_D, ("bone health", "does not change fibromyalgia pain")),
        (ev.IOM_2011_VITAMIN_D, ("20 ng/mL", "not a prompt to supplement")),
        (ev.MINERBI_2019, ("one cross-sectional", "no validated test or treatment")),
        (ev.ROMAN_2018, ("No trials",)),
        (ev.BHASIN_2018, ("repeat", "untreated severe sleep apnoea")),
        (ev.HAUSER_2011, ("more common", "trauma-informed")),
    ],
    ids=lambda x: x.source.split(" ")[0] if isinstance(x, Evidence) else None,
)
def test_summaries_give_the_honest_summary_of_section_6(constant, phrases):
    for phrase in phrases:
        assert phrase in constant.summary, phrase
