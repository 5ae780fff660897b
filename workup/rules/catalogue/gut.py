"""GUT: GI symptoms, alarm features, coeliac serology, IBS, microbiome and SIBO findings."""

from __future__ import annotations

from .. import evidence as ev
from ..vocab import GUT_SYMPTOM_LABELS
from .base import Context, above_limit, below_limit, join, rule, sentences

# Ferritin below this is an alarm feature beside gut symptoms in a patient aged 50 or over, a
# man, or a postmenopausal woman (BSG 2021: iron deficiency without another explanation).
_FERRITIN_LOW = 30
_ALARM_AGE = 50
_SEROLOGY = "tTG-IgA with total IgA, while the patient still eats gluten"


def _gut_is(field: str, value):
    def when(ctx: Context):
        gut = ctx.facts.gut
        return True if gut is not None and getattr(gut, field) == value else None

    return when


def _ferritin_below_30(ctx: Context) -> str | None:
    r = ctx.lab("ferritin")
    if r is None or r.value >= _FERRITIN_LOW:
        return None
    return f"{r.text((_FERRITIN_LOW,))} is below {_FERRITIN_LOW} ng/mL"


def _iron_deficiency_is_an_alarm(ctx: Context) -> str | None:
    """Who the low ferritin is an alarm feature for, in words, or None."""
    hormones = ctx.facts.hormones
    if ctx.age >= _ALARM_AGE:
        return f"at age {ctx.age}"
    if ctx.sex == "male":
        return "in a man"
    if hormones is not None and hormones.reproductive_stage == "postmenopausal":
        return "after the menopause"
    return None


def _alarm_features(ctx: Context):
    gut = ctx.facts.gut
    if gut is None:
        return None
    found = []
    if "rectal_bleeding" in gut.symptoms:
        found.append("rectal bleeding is recorded among the gut symptoms")
    if gut.symptoms or gut.rome_iv_ibs is True:
        anaemia = below_limit(ctx.lab("hemoglobin"))
        if anaemia is not None:
            found.append(anaemia)
        if ctx.red_flag("weight_loss") is True:
            found.append("unintentional weight loss of more than 5 % in 6-12 months is recorded")
        ferritin, who = _ferritin_below_30(ctx), _iron_deficiency_is_an_alarm(ctx)
        if ferritin is not None and who is not None:
            found.append(f"{ferritin} {who}")
    return found or None


def _gut_context(ctx: Context) -> str:
    gut = ctx.facts.gut
    parts = [GUT_SYMPTOM_LABELS[s] for s in gut.symptoms if s != "rectal_bleeding"]
    if gut.rome_iv_ibs is True:
        parts.append("IBS by Rome IV criteria")
    return f"With gut findings ({join(parts)})" if parts else ""


def _alarm_because(ctx: Context, found: list[str]) -> str:
    context = _gut_context(ctx)
    return sentences(found) + (f" {context}." if context else "")


def _coeliac_serology(ctx: Context):
    positive = above_limit(ctx.lab("ttg_iga"))
    if positive is None:
        return None
    return positive, below_limit(ctx.lab("iga_total"))


def _serology_because(ctx: Context, match) -> str:
    # "Coeliac serology: " first, so that the sentence never starts with a capitalised "TTG".
    positive, iga_low = match
    return sentences([f"coeliac serology: {positive}", *([iga_low] if iga_low else [])])


def _serology_recommendation(match) -> str:
    _, iga_low = match
    text = (
        "Refer to gastroenterology for duodenal biopsy while the patient still eats gluten: do "
        "not start a gluten-free diet before it. Coeliac serology is read as tTG-IgA with total "
        "IgA (BSG 2021)."
    )
    if iga_low:
        text += (
            " Total IgA is low: IgA deficiency makes tTG-IgA unreliable, so tell the "
            "gastroenterologist."
        )
    return text


def _ibs(ctx: Context):
    """IBS by Rome IV; the match carries the low total IgA beside a tTG-IgA that is not raised,
    when recorded: IgA deficiency makes that negative serology unreliable."""
    gut = ctx.facts.gut
    if gut is None or gut.rome_iv_ibs is not True:
        return None
    ttg = ctx.lab("ttg_iga")
    iga_low = below_limit(ctx.lab("iga_total"))
    unreliable = ttg is not None and above_limit(ttg) is None and iga_low is not None
    return (iga_low,) if unreliable else (None,)


def _ibs_because(ctx: Context, match) -> str:
    (iga_low,) = match
    text = "The Rome IV criteria for irritable bowel syndrome are met."
    if iga_low:
        text += " " + sentences([f"coeliac serology: {ctx.lab('ttg_iga').text()}", iga_low])
    return text


def _ibs_recommendation(match) -> str:
    (iga_low,) = match
    text = (
        "IBS care starts once alarm features (rectal bleeding, weight loss, anaemia, iron "
        "deficiency) are excluded, and coeliac serology is part of the standard work-up "
        "(BSG 2021). "
    )
    if iga_low:
        text += (
            "Total IgA is low: IgA deficiency makes this tTG-IgA unreliable, so ask the "
            "laboratory for IgG-based coeliac serology before ruling coeliac disease out. "
        )
    return text + (
        "Then manage IBS on its own merits with standard IBS care. Dietary approaches such as "
        "low-FODMAP have only uncontrolled studies in fibromyalgia, and probiotics have no "
        "trials showing benefit for fibromyalgia: options to consider and discuss."
    )


def _coeliac_not_tested(ctx: Context):
    if ctx.has_result_or_pending("ttg_iga"):
        return None
    gut = ctx.facts.gut
    reasons = []
    if gut is not None and gut.rome_iv_ibs is True:
        reasons.append("the Rome IV criteria for IBS are met")
    if gut is not None and "diarrhoea" in gut.symptoms:
        reasons.append("diarrhoea is among the gut symptoms")
    anaemia = below_limit(ctx.lab("hemoglobin"))
    if anaemia is not None:
        reasons.append(anaemia)
    ferritin = _ferritin_below_30(ctx)
    if ferritin is not None and gut is not None and gut.symptoms:
        symptoms = join([GUT_SYMPTOM_LABELS[s] for s in gut.symptoms])
        reasons.append(f"{ferritin}, with gut symptoms ({symptoms})")
    return reasons or None


def _unevaluated(ctx: Context):
    gut = ctx.facts.gut
    if gut is None or len(gut.symptoms) < 2 or gut.rome_iv_ibs is not None:
        return None
    return gut.symptoms


RULES = (
    rule(
        "GUT.NOT_ASSESSED",
        severity="low",
        action="recommend",
        fires_when="The gut section is absent.",
        title="Gut health not recorded",
        when=lambda ctx: True if ctx.facts.gut is None else None,
        because=lambda ctx, m: (
            "The gut section (GI symptoms, IBS criteria, tests) is not recorded."
        ),
        recommendation=(
            "Ask about GI symptoms and alarm features (rectal bleeding, weight loss): IBS is "
            "common alongside fibromyalgia and is managed on its own merits."
        ),
        evidence=(ev.BSG_2021_IBS, ev.ROME_IV, ev.PIMENTEL_2004),
    ),
    rule(
        "GUT.ALARM_FEATURES",
        severity="high",
        action="recommend",
        fires_when=(
            "Rectal bleeding among the gut symptoms; or gut symptoms or IBS by Rome IV together "
            "with haemoglobin below its lower limit, unintentional weight loss (red flags), or "
            "ferritin below 30 ng/mL in a patient aged 50 or over, a man, or a postmenopausal "
            "woman."
        ),
        title="Gut alarm features",
        when=_alarm_features,
        because=_alarm_because,
        recommendation=(
            "Investigate before attributing the symptoms to IBS or fibromyalgia: refer to "
            "gastroenterology (by the local urgent pathway where it applies), and check coeliac "
            f"serology ({_SEROLOGY}) if not done (BSG 2021)."
        ),
        evidence=(ev.BSG_2021_IBS,),
    ),
    rule(
        "GUT.COELIAC_SEROLOGY",
        severity="high",
        action="recommend",
        fires_when=(
            "tTG-IgA above its upper limit (15 U/mL, or the laboratory's: the limit is "
            "assay-specific)."
        ),
        title="Positive coeliac serology (tTG-IgA)",
        when=_coeliac_serology,
        because=_serology_because,
        recommendation=_serology_recommendation,
        evidence=(ev.BSG_2021_IBS,),
    ),
    rule(
        "GUT.COELIAC_NOT_TESTED",
        severity="moderate",
        action="recommend",
        fires_when=(
            "IBS by Rome IV, diarrhoea, haemoglobin below its lower limit (with or without gut "
            "symptoms), or ferritin below 30 ng/mL with at least one gut symptom, while tTG-IgA "
            "has neither a result nor an open pending row."
        ),
        title="Coeliac serology not done",
        when=_coeliac_not_tested,
        because=lambda ctx, reasons: sentences(
            ["Coeliac serology (tTG-IgA) has no result and is not pending", *reasons]
        ),
        recommendation=(
            f"Check coeliac serology: {_SEROLOGY} (BSG 2021). IgA deficiency makes tTG-IgA "
            "unreliable, which is why total IgA is measured with it."
        ),
        evidence=(ev.BSG_2021_IBS,),
    ),
    rule(
        "GUT.IBS",
        severity="moderate",
        action="recommend",
        fires_when="IBS by Rome IV criteria is recorded as true.",
        title="Irritable bowel syndrome",
        when=_ibs,
        because=_ibs_because,
        recommendation=_ibs_recommendation,
        evidence=(ev.BSG_2021_IBS, ev.ROME_IV, ev.SILVA_2019, ev.ROMAN_2018),
    ),
    rule(
        "GUT.DYSBIOSIS",
        severity="info",
        action="consider",
        fires_when="A microbiome test is recorded as showing dysbiosis.",
        title="Dysbiosis reported on a microbiome test",
        when=_gut_is("microbiome_test", "dysbiosis"),
        because=lambda ctx, m: "A microbiome test is recorded as showing dysbiosis.",
        recommendation=(
            "Commercial microbiome tests are not validated for diagnosis or treatment; do not "
            "act on this result. A link between the gut microbiome and fibromyalgia rests on one "
            "cross-sectional study; if probiotics are discussed, present them as unproven for "
            "fibromyalgia pain and function."
        ),
        evidence=(ev.MINERBI_2019, ev.ROMAN_2018),
    ),
    rule(
        "GUT.SIBO",
        severity="moderate",
        action="recommend",
        fires_when="A SIBO breath test is recorded as positive.",
        title="Positive SIBO breath test",
        when=_gut_is("sibo_breath_test", "positive"),
        because=lambda ctx, m: (
            "A small intestinal bacterial overgrowth (SIBO) breath test is positive."
        ),
        recommendation=(
            "Manage according to standard gastroenterology practice. The link with fibromyalgia "
            "rests on observational data, and an effect of treating SIBO on fibromyalgia "
            "symptoms is unproven: consider and discuss."
        ),
        evidence=(ev.PIMENTEL_2004,),
    ),
    rule(
        "GUT.SYMPTOMS_UNEVALUATED",
        severity="low",
        action="recommend",
        fires_when="Two or more GI symptoms, and IBS by Rome IV not recorded.",
        title="GI symptoms not yet evaluated",
        when=_unevaluated,
        because=lambda ctx, symptoms: (
            f"{len(symptoms)} GI symptoms recorded ("
            + join([GUT_SYMPTOM_LABELS[s] for s in symptoms])
            + ") without a Rome IV IBS assessment."
        ),
        recommendation=(
            "Assess the Rome IV IBS criteria and the alarm features (rectal bleeding, weight "
            "loss, anaemia, iron deficiency, onset after 50) before any further tests; coeliac "
            "serology is part of the standard work-up (BSG 2021)."
        ),
        evidence=(ev.BSG_2021_IBS, ev.ROME_IV),
    ),
)
