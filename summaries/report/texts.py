"""The summary's fixed wording, labels and formats (the app's own words)."""

from __future__ import annotations

import datetime

from config.dates import show_date, show_datetime
from workup.rules import instruments

DOCUMENT_TITLE = "Fibromyalgia workup summary"
LANGUAGE = "en-GB"
CONFIDENTIALITY = (
    "Confidential: contains protected health information. Share only with those caring for "
    "the patient; do not leave unattended."
)
DRAFT_LABEL = "DRAFT: not signed"
NOT_RECORDED = "\u2013"  # an en dash in the trend table
# Both halves of the ACR 2016 statement (Wolfe 2016), quoted on every summary.
ACR_STATEMENT = (
    "Since the ACR 2016 revision a fibromyalgia diagnosis \u201cis valid irrespective of other "
    "diagnoses\u201d and \u201cdoes not exclude the presence of other clinically important "
    "illnesses\u201d. The exclusion checks below are follow-up items beside the criteria: they "
    "never change this result."
)

AREA_LABELS = {
    "pain": "Pain and diagnosis",
    "exclusions": "Exclusions and look-alike conditions",
    "treatments": "Conventional treatment history",
    "lifestyle": "Lifestyle: exercise, sleep and diet",
    "micronutrients": "Micronutrients",
    "gut": "Gut health",
    "hormones": "Reproductive and other hormones",
    "mental": "Mental-emotional health",
}
NOT_ASSESSED_WHAT = {
    "pain": "The ACR 2016 criteria cannot be decided: pain areas, the six symptom severity "
    "parts or the symptom duration are missing.",
    "exclusions": "Not every required look-alike condition has a disposition yet.",
    "treatments": "No treatment history was recorded.",
    "lifestyle": "Exercise, sleep and diet were not recorded.",
    "micronutrients": "None of vitamin D, B12, ferritin or magnesium was recorded.",
    "gut": "Gut symptoms and tests were not recorded.",
    "hormones": "Reproductive stage, cycle-related flares and hormone therapy were not recorded.",
    "mental": "Depression, anxiety, stress and trauma screens were not recorded.",
}
SEVERITY_LABELS = {
    "urgent": "Urgent",
    "high": "High",
    "moderate": "Moderate",
    "low": "Low",
    "info": "For information",
}
ACR_STATUS_LABELS = {
    instruments.MET: "Criteria met",
    instruments.NOT_MET: "Criteria not met",
    instruments.INCOMPLETE: "Incomplete: cannot be decided yet",
}
BAND_LABELS = {
    "minimal": "minimal",
    "mild": "mild",
    "moderate": "moderate",
    "moderately_severe": "moderately severe",
    "severe": "severe",
    "none": "none",
    "subthreshold": "subthreshold",
    "low": "low",
    "intermediate": "intermediate",
    "high": "high",
}
CATEGORY_LABELS = {
    "autoimmune": "Autoimmune and inflammatory",
    "thyroid": "Thyroid",
    "infection": "Chronic infection",
    "other": "Other look-alikes",
}


def format_date(value: datetime.date | None) -> str:
    """In the practice's one date format ("3 Dec 2026" unless the practice chose another)."""
    return show_date(value)


def format_datetime(value: datetime.datetime | None) -> str:
    """The practice's date format, then the local time ("3 Dec 2026 14:05")."""
    return show_datetime(value)


def format_number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def code_label(code: str | None) -> str:
    return "" if code is None else code.replace("_", " ")
