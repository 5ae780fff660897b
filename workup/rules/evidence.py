"""The evidence cited by flags (clinical spec section 6), one constant per source and claim.

Tiers: A strong guideline or consistent meta-analyses; B weaker guideline or low-certainty
meta-analyses; C one small RCT; D observational or uncontrolled only; E trials negative or absent
in fibromyalgia; "-" a validated instrument, criterion or definition (not a treatment claim).
"""

from __future__ import annotations

from dataclasses import dataclass

TIERS = ("A", "B", "C", "D", "E", "-")
TIER_MEANINGS = {
    "A": "strong guideline or consistent meta-analyses",
    "B": "weaker guideline or low-certainty meta-analyses",
    "C": "one small randomised trial",
    "D": "observational or uncontrolled studies only",
    "E": "trials negative or absent in fibromyalgia",
    "-": "validated instrument, criterion or definition",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    source: str
    tier: str
    summary: str

    def as_dict(self) -> dict:
        return {"source": self.source, "tier": self.tier, "summary": self.summary}


E = Evidence

# --- Diagnosis and exclusions ------------------------------------------------------------------
WOLFE_2016 = E(
    "Wolfe 2016 (Semin Arthritis Rheum), ACR 2016 revised criteria",
    "-",
    "WPI and SSS thresholds, pain in at least 4 of 5 regions, symptoms for at least 3 months; "
    "the diagnosis is valid irrespective of other diagnoses.",
)
CANADIAN_2012_WORKUP = E(
    "Canadian 2012 guideline (Fitzcharles 2013, Pain Res Manag)",
    "A",
    "Fibromyalgia is not a diagnosis of exclusion; a few basic laboratory tests, and further "
    "tests only when the history or examination points to another condition.",
)
TAN_1997 = E(
    "Tan 1997 (Arthritis Rheum)",
    "D",
    "In healthy people ANA was positive at 1:80 in about 13% and at 1:160 in about 5%.",
)
ADA_DIAGNOSIS = E(
    "American Diabetes Association, Standards of Care: classification and diagnosis",
    "A",
    "HbA1c of 6.5% or more is in the diabetes range; without clear hyperglycaemia, confirm "
    "with a repeat test.",
)
WHO_ANAEMIA = E(
    "WHO 2011, haemoglobin concentrations for the diagnosis of anaemia",
    "-",
    "Anaemia below 12 g/dL in non-pregnant women and 13 g/dL in men.",
)

# --- Treatments --------------------------------------------------------------------------------
EULAR_2016_DRUGS = E(
    "EULAR 2016 (Macfarlane, Ann Rheum Dis 2017)",
    "B",
    "Weak recommendations for low-dose amitriptyline, duloxetine or milnacipran, pregabalin, "
    "cyclobenzaprine and tramadol; NSAIDs and SSRIs are not recommended for fibromyalgia pain.",
)
NO_CONSENSUS_RESISTANCE = E(
    "Local working definition",
    "-",
    "There is no consensus definition of treatment-resistant fibromyalgia; this one is local.",
)

# --- Exercise, sleep, diet ---------------------------------------------------------------------
EULAR_2016_EXERCISE = E(
    "EULAR 2016 (Macfarlane, Ann Rheum Dis 2017)",
    "A",
    "Exercise is the only strong recommendation: the best-supported treatment, with modest "
    "gains in pain and function.",
)
BIDONDE_2017 = E(
    "Bidonde 2017, Cochrane review of aerobic exercise training",
    "B",
    "Aerobic exercise probably improves pain, function and quality of life a little "
    "(low-to-moderate certainty evidence).",
)
BUSCH_2013 = E(
    "Busch 2013, Cochrane review of resistance exercise training",
    "B",
    "Moderate-intensity resistance training improves pain and function (low-certainty evidence "
    "from few small trials).",
)
BUSCH_2011 = E(
    "Busch 2011 (Curr Pain Headache Rep), narrative review",
    "-",
    "A narrative review of exercise in fibromyalgia: the best-supported non-drug treatment, with "
    "modest gains; start low and progress slowly.",
)
CHOY_2015 = E(
    "Choy 2015 (Nat Rev Rheumatol)",
    "D",
    "Poor sleep is linked to higher pain sensitivity; that better sleep lowers fibromyalgia pain "
    "is not established. Insomnia and sleep apnoea are treated on their own merits.",
)
ACP_2016_INSOMNIA = E(
    "ACP 2016 insomnia guideline (Qaseem, Ann Intern Med 2016)",
    "A",
    "Cognitive behavioural therapy for insomnia (CBT-I) is the first-line treatment of chronic "
    "insomnia in adults.",
)
SENNA_2012 = E(
    "Senna 2012 (Clin Rheumatol), randomised trial",
    "C",
    "In one small randomised trial, weight loss in people with obesity improved fibromyalgia "
    "symptoms.",
)
SILVA_2019 = E(
    "Silva 2019 (Ann Med), review",
    "D",
    "Low-FODMAP and plant-based diets have only uncontrolled studies in fibromyalgia; a few small "
    "trials of other diets (gluten-free, additive elimination) found no difference.",
)

# --- Micronutrients ----------------------------------------------------------------------------
ANAND_2000 = E(
    "Anand 2000, a short commentary on magnesium in pain (not a fibromyalgia study)",
    "D",
    "A commentary on magnesium in pain generally; it reports no fibromyalgia data.",
)
BOULIS_2021 = E(
    "Boulis 2021, review",
    "D",
    "Magnesium status findings in fibromyalgia are inconsistent; supplement trials are small or "
    "negative. True hypomagnesaemia is corrected as standard care.",
)
ALI_2009 = E(
    "Ali 2009 (J Altern Complement Med), pilot RCT",
    "E",
    "Intravenous micronutrient infusions were no better than a placebo infusion.",
)
CANADIAN_2012_VITAMIN_D = E(
    "Canadian 2012 guideline (Fitzcharles 2013, Pain Res Manag)",
    "E",
    "Treat vitamin D deficiency for bone health; it does not change fibromyalgia pain.",
)
IOM_2011_VITAMIN_D = E(
    "IOM 2011 dietary reference intakes for calcium and vitamin D",
    "E",
    "A 25-OH vitamin D of 20 ng/mL meets the needs of most people, so 20-29 ng/mL is adequate: "
    "information, not a prompt to supplement. Not a fibromyalgia study.",
)
DEVALIA_2014 = E(
    "Devalia 2014 (Br J Haematol), BSH cobalamin and folate guideline",
    "B",
    "Diagnosis and treatment of B12 and folate deficiency on standard indications; methylmalonic "
    "acid helps when B12 is indeterminate. Not studied as a fibromyalgia treatment.",
)
WHO_2020_FERRITIN = E(
    "WHO 2020 guideline on ferritin concentrations",
    "B",
    "Iron deficiency below 15 ug/L in healthy adults and below 70 ug/L with infection or "
    "inflammation, which raises ferritin; clinical practice often uses 30.",
)
ORTANCIL_2010 = E(
    "Ortancil 2010 (Eur J Clin Nutr)",
    "D",
    "Low ferritin was associated with fibromyalgia in one case-control study; iron has not been "
    "shown to change fibromyalgia symptoms.",
)
SENDUR_2008 = E(
    "Sendur 2008 (Rheumatol Int)",
    "D",
    "Lower serum zinc in fibromyalgia in one small cross-sectional study; no trials of zinc.",
)

# --- Gut ---------------------------------------------------------------------------------------
MINERBI_2019 = E(
    "Minerbi 2019 (Pain)",
    "D",
    "An association between gut microbiome composition and fibromyalgia in one cross-sectional "
    "study; no validated test or treatment.",
)
ROMAN_2018 = E(
    "Roman 2018 (Benef Microbes), review",
    "E",
    "No trials showing that probiotics improve fibromyalgia pain or function.",
)
PIMENTEL_2004 = E(
    "Pimentel 2004 (Ann Rheum Dis)",
    "D",
    "Abnormal lactulose breath tests were common in fibromyalgia in one observational study; "
    "treating SIBO has not been shown to change fibromyalgia symptoms.",
)
ROME_IV = E(
    "Rome IV, bowel disorders (Lacy 2016, Gastroenterology)",
    "-",
    "Symptom-based IBS criteria with limited tests (for example blood count, CRP and coeliac "
    "serology) when the history suggests them.",
)

# --- Hormones ----------------------------------------------------------------------------------
# Named observational studies of hormonal context in fibromyalgia. Together: cycle, postpartum
# and menopause changes are reported inconsistently; test hormones for standard indications.
ALONSO_2004 = E(
    "Alonso 2004 (J Psychosom Res), observational study",
    "D",
    "In 57 premenopausal women with fibromyalgia, pain did not vary between the follicular and "
    "luteal phases, while mood was lower in the luteal phase.",
)
SCHERTZINGER_2018 = E(
    "Schertzinger 2018 (J Pain), observational study",
    "D",
    "In 8 women sampled daily for 25 days, lower progesterone and testosterone went with "
    "more fibromyalgia pain; estradiol did not.",
)
PAMUK_2009 = E(
    "Pamuk 2009 (Clin Rheumatol), comparative study",
    "D",
    "Early menopause and hysterectomy were more frequent in 115 postmenopausal women with "
    "fibromyalgia than in women with rheumatoid arthritis; about a quarter dated their "
    "symptoms to the menopause.",
)
BHASIN_2018 = E(
    "Endocrine Society 2018 testosterone guideline (Bhasin, J Clin Endocrinol Metab)",
    "B",
    "Diagnose hypogonadism only with consistent symptoms and low fasting morning testosterone "
    "on repeat; testosterone is not given with untreated severe sleep apnoea. Not a "
    "fibromyalgia treatment.",
)
BORNSTEIN_2016 = E(
    "Endocrine Society 2016 adrenal insufficiency guideline (Bornstein, J Clin Endocrinol Metab)",
    "A",
    "A low morning cortisol calls for confirmation, usually with a corticotropin stimulation test.",
)

# --- Mental-emotional --------------------------------------------------------------------------
KROENKE_2001 = E(
    "Kroenke 2001", "-", "PHQ-9: a validated depression screen, not a diagnosis; item 9 asks "
    "about thoughts of death or self-harm."
)  # fmt: skip
SPITZER_2006 = E("Spitzer 2006", "-", "GAD-7: a validated anxiety screen, not a diagnosis.")
BUYSSE_1989 = E("Buysse 1989", "-", "PSQI: a validated sleep-quality index; > 5 poor sleep.")
ISI_MORIN = E(
    "Insomnia Severity Index (Bastien 2001)", "-", "Validated insomnia screen, not a diagnosis."
)
CHUNG_2008 = E(
    "Chung 2008", "-", "STOP-Bang: a validated sleep-apnoea risk screen, not a diagnosis."
)
COHEN_1983 = E(
    "Cohen 1983 (Perceived Stress Scale)", "-", "Perceived stress measure; descriptive bands."
)
FELITTI_1998 = E(
    "Felitti 1998", "-", "ACE: adverse childhood experiences score; 4 or more is high exposure."
)
PRINS_2016 = E("Prins 2016", "-", "PC-PTSD-5: a PTSD screen; 3 or more is a positive screen.")
HAUSER_2011 = E(
    "Häuser 2011, meta-analysis",
    "D",
    "Trauma and abuse are more common in people with fibromyalgia (observational studies); offer "
    "trauma-informed psychological care.",
)
EULAR_2016_PSYCH = E(
    "EULAR 2016 (Macfarlane, Ann Rheum Dis 2017)",
    "B",
    "Psychological therapies (such as cognitive behavioural therapy) are weakly recommended, "
    "particularly with mood disorder or unhelpful coping.",
)

# --- Safety: standard care that protects the patient from a missed diagnosis or harm -----------
# Tiers as the clinical spec's "safety" row: guidelines A; consensus statements and safety
# communications B. They say nothing about fibromyalgia benefit: the step is standard care.
BSR_2020_GCA = E(
    "BSR 2020 giant cell arteritis guideline (Mackie, Rheumatology 2020)",
    "A",
    "Suspected GCA needs same-day fast-track assessment; start high-dose glucocorticoid when "
    "GCA is strongly suspected, before imaging or biopsy; normal ESR and CRP do not exclude it.",
)
EULAR_ACR_2015_PMR = E(
    "EULAR/ACR 2015 polymyalgia rheumatica recommendations (Dejaco, Ann Rheum Dis 2015)",
    "A",
    "New shoulder- or hip-girdle pain and stiffness at 50 or over: measure ESR and CRP and look "
    "for mimics before settling on a diagnosis.",
)
NLA_2014_STATIN = E(
    "NLA 2014 Statin Muscle Safety Task Force (Rosenson, J Clin Lipidol 2014)",
    "B",
    "Muscle symptoms on a statin call for a CK measurement; a normal CK does not exclude "
    "statin-associated muscle symptoms.",
)
EAS_2015_STATIN = E(
    "EAS 2015 statin-associated muscle symptoms consensus (Stroes, Eur Heart J 2015)",
    "B",
    "A CK above 4 times the upper limit, or weakness, means stopping the statin and seeking "
    "advice; below that, reassess the statin with the prescriber.",
)
BSG_2021_IBS = E(
    "BSG 2021 irritable bowel syndrome guideline (Vasant, Gut 2021)",
    "A",
    "Coeliac serology (tTG-IgA with total IgA) is part of the standard IBS work-up; alarm "
    "features (rectal bleeding, weight loss, anaemia, iron deficiency) call for investigation "
    "before IBS care.",
)
NICE_NG100 = E(
    "NICE NG100 rheumatoid arthritis in adults (2018, updated 2020)",
    "A",
    "Refer urgently to rheumatology for persistent synovitis, even when rheumatoid factor, "
    "anti-CCP and acute-phase reactants are normal.",
)
FDA_2016_2019_SEDATIVES = E(
    "FDA drug safety communications 2016 (opioids with benzodiazepines) and 2019 "
    "(gabapentinoids with opioids or other CNS depressants)",
    "B",
    "Combining an opioid with a benzodiazepine, another sedative or a gabapentinoid risks "
    "serious, sometimes fatal, respiratory depression.",
)
ZALSMAN_2016 = E(
    "Zalsman 2016 (Lancet Psychiatry), systematic review of suicide prevention",
    "B",
    "Restricting access to lethal means, including medicines taken in overdose, prevents suicide.",
)
NICE_NG222 = E(
    "NICE NG222 depression in adults (2022)",
    "A",
    "Treat more severe depression (PHQ-9 of 16 or more) promptly with medication and/or "
    "psychological therapy; refer urgently when there is risk.",
)
CANADIAN_2012_BASELINE = E(
    "Canadian 2012 guideline (Fitzcharles 2013, Pain Res Manag)",
    "A",
    "Baseline laboratory tests limited to a blood count, an inflammatory marker (ESR or CRP), "
    "TSH and CK, unless the history or examination points elsewhere.",
)
AASM_2017_OSA = E(
    "AASM 2017 sleep apnoea diagnosis guideline (Kapur, J Clin Sleep Med 2017)",
    "A",
    "A questionnaire alone does not diagnose sleep apnoea: evaluate and arrange testing.",
)
# Medicines in pregnancy and strong opioids (the spec's safety row names no source for these).
NICE_CG192 = E(
    "NICE CG192 antenatal and postnatal mental health (2014, updated 2020)",
    "A",
    "Discuss the benefits and risks of continuing, switching or stopping psychotropic medicines "
    "in pregnancy; stopping abruptly carries its own risks.",
)
FDA_2020_NSAID_PREGNANCY = E(
    "FDA drug safety communication 2020 (NSAIDs in pregnancy)",
    "B",
    "Avoid NSAIDs from 20 weeks of pregnancy: they can cause fetal kidney problems and low "
    "amniotic fluid.",
)
ATA_2017_THYROID_PREGNANCY = E(
    "ATA 2017 thyroid disease in pregnancy guideline (Alexander, Thyroid 2017)",
    "A",
    "Women on levothyroxine usually need a higher dose once pregnant; check TSH early and adjust.",
)
EULAR_2016_OPIOIDS = E(
    "EULAR 2016 (Macfarlane, Ann Rheum Dis 2017)",
    "A",
    "Strong opioids are recommended against in fibromyalgia (no evidence of benefit, risk of "
    "harm); tramadol has a weak recommendation for.",
)
