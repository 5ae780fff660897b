"""The rules page: every rule of the rule set with its evidence, generated from the catalogue
itself so the documentation never drifts from the code."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from workup.rules.catalogue import RULE_SET, rule_docs
from workup.rules.evidence import TIER_MEANINGS
from workup.sections import AREA_TITLES
from workup.views.access import view_workup


@require_http_methods(["GET"])
@view_workup
def rules(request):
    groups = []
    for doc in rule_docs():
        if not groups or groups[-1][0] != doc.area:
            groups.append((doc.area, AREA_TITLES[doc.area], []))
        groups[-1][2].append(doc)
    return render(
        request,
        "workup/rules.html",
        {"rule_set": RULE_SET, "groups": groups, "tiers": TIER_MEANINGS.items()},
    )
