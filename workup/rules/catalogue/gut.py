"""GUT: GI symptoms, IBS, microbiome and SIBO findings."""

from __future__ import annotations

from .. import evidence as ev
from ..vocab import GUT_SYMPTOM_LABELS
from .base import Context, join, rule


def _gut_is(field: str, value):
    def when(ctx: Context):
        gut = ctx.facts.gut
        return True if gut is not None and getattr(gut, field) == value else None

    return when


def _unevaluated(ctx: Context):
    gut = ctx.facts.gut
    if (
        gut is None
        or len(gut.symptoms) < 2
        or gut.rome_iv_ibs is not None
        or gut.microbiome_test != "not_done"
        or gut.sibo_breath_test != "not_done"
    ):
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
            "Consider asking about GI symptoms: IBS is common alongside fibromyalgia and is "
            "managed on its own merits."
        ),
        evidence=(ev.ROME_IV, ev.PIMENTEL_2004),
    ),
    rule(
        "GUT.IBS",
        severity="moderate",
        action="recommend",
        fires_when="IBS by Rome IV criteria is recorded as true.",
        title="Irritable bowel syndrome",
        when=_gut_is("rome_iv_ibs", True),
        because=lambda ctx, m: "The Rome IV criteria for irritable bowel syndrome are met.",
        recommendation=(
            "Manage IBS on its own merits with standard IBS care. Dietary approaches such as "
            "low-FODMAP have only uncontrolled studies in fibromyalgia, and probiotics have no "
            "trials showing benefit for fibromyalgia: options to consider and discuss."
        ),
        evidence=(ev.ROME_IV, ev.SILVA_2019, ev.ROMAN_2018),
    ),
    rule(
        "GUT.DYSBIOSIS",
        severity="moderate",
        action="consider",
        fires_when="A microbiome test is recorded as showing dysbiosis.",
        title="Dysbiosis reported on a microbiome test",
        when=_gut_is("microbiome_test", "dysbiosis"),
        because=lambda ctx, m: "A microbiome test is recorded as showing dysbiosis.",
        recommendation=(
            "Interpret with caution: there is no validated microbiome test or treatment for "
            "fibromyalgia. If probiotics are discussed, present them as unproven for "
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
        fires_when=(
            "Two or more GI symptoms, IBS by Rome IV not recorded, and neither a microbiome test "
            "nor a SIBO breath test done."
        ),
        title="GI symptoms not yet evaluated",
        when=_unevaluated,
        because=lambda ctx, symptoms: (
            f"{len(symptoms)} GI symptoms recorded ("
            + join([GUT_SYMPTOM_LABELS[s] for s in symptoms])
            + ") without a Rome IV IBS assessment, microbiome test or SIBO breath test."
        ),
        recommendation=(
            "Consider assessing the Rome IV IBS criteria and the usual alarm features (weight "
            "loss, bleeding, nocturnal symptoms, onset after 50) before further tests."
        ),
        evidence=(ev.ROME_IV,),
    ),
)
