"""build_report(SummaryInput) -> WorkupReport: every decision the summary template needs."""

from __future__ import annotations

from summaries.report.findings import finding_layout
from summaries.report.flags import References, flag_groups, flag_item
from summaries.report.labs import lab_rows, lab_table_words
from summaries.report.parts import (
    AcrBox,
    AcrCondition,
    ExclusionGroup,
    ExclusionRow,
    Field,
    Footer,
    HalfCell,
    Header,
    NotAssessed,
    ScoreRow,
    SummaryInput,
    Tier,
    TreatmentRow,
    WorkupReport,
)
from summaries.report.texts import (
    ACR_STATEMENT,
    ACR_STATUS_LABELS,
    AREA_LABELS,
    BAND_LABELS,
    CATEGORY_LABELS,
    CONFIDENTIALITY,
    DOCUMENT_TITLE,
    DRAFT_LABEL,
    LANGUAGE,
    NOT_ASSESSED_WHAT,
    code_label,
    format_date,
    format_datetime,
    format_number,
)
from summaries.report.trends import trends_of
from workup.presenters import FREQUENCY_ANSWERS, FS_BAND_TEXT
from workup.rules import evidence, instruments, vocab
from workup.rules.catalogue.exclusions import open_required
from workup.rules.catalogue.treatments import is_counted
from workup.rules.facts import WorkupFacts, age_on

# --- Building ------------------------------------------------------------------------------------


def build_report(data: SummaryInput) -> WorkupReport:
    facts, ev = data.facts, data.evaluation
    references = References()
    acr = _acr_box(facts, ev, references)
    flags = [flag_item(raw, references) for raw in ev.get("flags", [])]
    header = _header(data)
    is_draft = not data.is_signed
    title = f"{DOCUMENT_TITLE}: MRN {facts.patient.mrn}, visit {format_date(facts.visit_date)}"
    rule_set = ev.get("rule_set", "")
    generated = _generated_line(data)
    exclusion_groups, open_conditions = _exclusions(facts)
    scores = _scores(facts, ev)
    treatments, treatments_message = _treatments(facts)
    lab_words = lab_table_words()
    return WorkupReport(
        workup_id=data.workup_id,
        language=LANGUAGE,
        title=title,
        is_draft=is_draft,
        draft_label=DRAFT_LABEL if is_draft else "",
        body_class="summary summary-draft" if is_draft else "summary summary-signed",
        header=header,
        urgent=tuple(f for f in flags if f.severity == "urgent"),
        acr=acr,
        exclusions=exclusion_groups,
        exclusion_pairs=_pairs(exclusion_groups),
        exclusions_open=(
            "Open (required, no disposition yet): " + ", ".join(open_conditions) + "."
            if open_conditions
            else "Every required condition has a disposition."
        ),
        scores=scores,
        score_rows=_two_halves(scores),
        treatments=treatments,
        treatments_message=treatments_message,
        labs=lab_rows(facts),
        labs_message="" if facts.labs else "No lab result recorded.",
        labs_lead=lab_words.lead,
        labs_value_heading=lab_words.value_heading,
        findings=finding_layout(facts, dict(data.provenance)),
        min_trial_weeks=vocab.MIN_TRIAL_WEEKS,
        flag_groups=flag_groups(flags),
        flags_message="" if flags else "No flags: nothing in this workup needs follow-up.",
        not_assessed=tuple(
            NotAssessed(area=area, label=AREA_LABELS[area], what=NOT_ASSESSED_WHAT[area])
            for area in vocab.AREAS
            if not ev.get("completeness", {}).get(area, False)
        ),
        trends=trends_of(data.trend),
        references=references.items,
        reference_rows=_two_halves(references.items),
        tiers=tuple(Tier(tier=t, meaning=evidence.TIER_MEANINGS[t]) for t in evidence.TIERS),
        footer=Footer(
            rule_set=f"Rule set {rule_set}",
            generated=generated,
            confidentiality=CONFIDENTIALITY,
            line=f"{data.practice_name} · Rule set {rule_set} · {generated}",
        ),
        flag_codes=tuple(f.code for f in flags),
    )


def _generated_line(data: SummaryInput) -> str:
    """Who issued the summary and when, the same on screen and on paper: a signed summary is
    the copy issued when it was signed, whoever looks at it later; a draft is made anew for
    whoever asks."""
    if data.is_signed:
        return f"Issued {format_datetime(data.signed_at)} by {data.signed_by_name}, at signing"
    return f"Draft generated {format_datetime(data.generated_at)} by {data.generated_by}"


def _two_halves(items: tuple) -> tuple[tuple[HalfCell, HalfCell], ...]:
    """Rows of (left, right): the first half of `items` on the left, the rest on the right."""
    half = (len(items) + 1) // 2
    left, right = items[:half], items[half:]
    return tuple(
        (HalfCell(item, ""), HalfCell(right[i] if i < len(right) else None, "half-start"))
        for i, item in enumerate(left)
    )


def _header(data: SummaryInput) -> Header:
    patient, visit = data.facts.patient, data.facts.visit_date
    if data.is_signed:
        status_label = f"Signed {format_datetime(data.signed_at)} by {data.signed_by_name}"
        status_class = "status-signed"
    else:
        status_label = DRAFT_LABEL
        status_class = "status-draft"
    name = f"{patient.family_name}, {patient.given_name}"
    age = f"{age_on(patient.date_of_birth, visit)} years at the visit"
    sex = vocab.SEX_LABELS.get(patient.sex_at_birth, patient.sex_at_birth).capitalize()
    fields = (
        Field("Patient", name),
        Field("MRN", patient.mrn),
        Field("Date of birth", f"{format_date(patient.date_of_birth)} ({age})"),
        Field("Sex at birth", sex),
        Field("Visit date", format_date(visit)),
        Field("Clinician", data.clinician_name),
        Field("Status", status_label),
    )
    amendment = ""
    if data.amends_visit_date is not None:
        amendment = f"Amends the workup of {format_date(data.amends_visit_date)}."
    return Header(
        practice_name=data.practice_name,
        title=DOCUMENT_TITLE,
        patient_name=name,
        mrn=patient.mrn,
        date_of_birth=format_date(patient.date_of_birth),
        age=age,
        sex_at_birth=sex,
        visit_date=format_date(visit),
        clinician=data.clinician_name,
        status_label=status_label,
        status_class=status_class,
        fields=fields,
        amendment=amendment,
        amendment_reason=data.amendment_reason if amendment else "",
        responsibility=tuple(Field(label, words) for label, words in data.responsibility),
    )


def _condition_result(value: bool | None) -> tuple[str, str]:
    if value is None:
        return "cannot be computed", "result-unknown"
    return ("met", "result-met") if value else ("not met", "result-not-met")


def _acr_box(facts: WorkupFacts, ev: dict, references: References) -> AcrBox:
    acr = ev.get("criteria", {}).get("acr2016", {})
    detail = instruments.acr2016(facts.pain)
    wpi, sss, fs, regions = acr.get("wpi"), acr.get("sss"), acr.get("fs"), acr.get("regions")
    severity_ok = None if wpi is None or sss is None else instruments.symptom_severity_met(wpi, sss)
    areas = facts.pain.wpi_areas if facts.pain is not None else None
    if areas is None:
        regions_list = "pain areas not recorded"
    else:
        found = {vocab.REGION_OF_AREA[a] for a in areas if a in vocab.REGION_OF_AREA}
        regions_list = ", ".join(vocab.REGION_LABELS[r] for r in vocab.REGIONS if r in found)
        regions_list = regions_list or "none"
    months = detail.duration_months
    duration = "not recorded" if months is None else f"{months} months"
    conditions = []
    for label, value in (
        ("(a) WPI 7+ with SSS 5+, or WPI 4-6 with SSS 9+", severity_ok),
        ("(b) pain in at least 4 of 5 regions", acr.get("generalized_pain")),
        ("(c) symptoms for at least 3 months", acr.get("duration_ok")),
    ):
        result, css = _condition_result(value)
        conditions.append(AcrCondition(label=label, result=result, result_class=css))
    missing_names = {
        "wpi_areas": "pain areas",
        "duration": "symptom duration",
        **{part: vocab.SSS_PART_LABELS[part] for part in vocab.SSS_PARTS},
    }
    missing = ", ".join(missing_names.get(m, code_label(m)) for m in detail.missing)
    status = acr.get("status", instruments.INCOMPLETE)
    band = FS_BAND_TEXT.get(acr.get("fs_band"), "")
    wolfe = evidence.WOLFE_2016
    reference = references.number(wolfe.source)
    return AcrBox(
        status=status,
        status_label=ACR_STATUS_LABELS.get(status, code_label(status)),
        status_class=f"acr-{status.replace('_', '-')}",
        wpi=_of(wpi, 19),
        sss=_of(sss, 12),
        fs=_of(fs, 31),
        fs_band=band,
        regions=_of(regions, 5),
        regions_list=regions_list,
        duration=duration,
        conditions=tuple(conditions),
        missing=f"Not recorded: {missing}." if missing else "",
        statement=ACR_STATEMENT,
        source=wolfe.source,
        reference=reference,
    )


def _of(value, maximum) -> str:
    return "not computed" if value is None else f"{value} / {maximum}"


def _exclusions(facts: WorkupFacts) -> tuple[tuple[ExclusionGroup, ...], list[str]]:
    findings = {f.condition: f for f in facts.exclusions}
    open_codes = set(open_required(findings))
    groups, open_conditions = [], []
    for category in vocab.CONDITION_CATEGORIES:
        rows = []
        for code, (cat, required, label) in vocab.CONDITIONS.items():
            if cat != category:
                continue
            finding = findings.get(code)
            status = finding.status if finding is not None else None
            is_open = code in open_codes
            if is_open:
                open_conditions.append(label)
            disposition = vocab.EXCLUSION_STATUS_LABELS.get(status, "not recorded")
            if is_open:
                disposition = f"{disposition} (open)"
            if is_open:
                row_class = "excl-open"
            elif status in ("possible", "confirmed"):
                row_class = f"excl-{status}"
            else:
                row_class = "excl-settled"
            rows.append(
                ExclusionRow(
                    condition=label,
                    required=required,
                    required_label="required" if required else "",
                    disposition=disposition,
                    note=(finding.note or "") if finding is not None else "",
                    is_open=is_open,
                    row_class=row_class,
                )
            )
        groups.append(ExclusionGroup(label=CATEGORY_LABELS[category], rows=tuple(rows)))
    return tuple(groups), open_conditions


def _pairs(groups: tuple[ExclusionGroup, ...]) -> tuple[tuple[ExclusionGroup, ...], ...]:
    """(autoimmune, infection), (thyroid, other): the longer groups beside the shorter ones."""
    half = (len(groups) + 1) // 2
    left, right = groups[:half], groups[half:]
    return tuple((g, *right[i : i + 1]) for i, g in enumerate(left))


def _score(instrument, total, band="", note="", alert=False) -> ScoreRow:
    return ScoreRow(
        instrument=instrument,
        total=total,
        band=band,
        note=note,
        is_alert=alert,
        row_class="score-alert" if alert else "",
    )


def _scores(facts: WorkupFacts, ev: dict) -> tuple[ScoreRow, ...]:
    scores = ev.get("scores", {})
    rows = []
    pain = facts.pain
    if pain is not None and pain.pain_nrs is not None:
        rows.append(_score("Pain intensity (NRS)", f"{pain.pain_nrs} / 10"))
    if "fiqr" in scores:
        total = format_number(scores["fiqr"]["total"])
        rows.append(_score("FIQR", f"{total} / 100", "", "as entered"))
    if "phq9" in scores:
        item9 = None
        if facts.mental is not None and facts.mental.phq9_items is not None:
            item9 = facts.mental.phq9_items[8]
        note, alert = "", False
        if item9:
            answer = FREQUENCY_ANSWERS.get(item9, str(item9))
            note = f"Item 9 scored {item9} ({answer}): safety alert whatever the total."
            alert = True
        elif item9 == 0:
            note = "Item 9 scored 0."
        s = scores["phq9"]
        rows.append(
            _score("PHQ-9 (depression)", f"{s['total']} / 27", BAND_LABELS[s["band"]], note, alert)
        )
    if "gad7" in scores:
        s = scores["gad7"]
        rows.append(_score("GAD-7 (anxiety)", f"{s['total']} / 21", BAND_LABELS[s["band"]]))
    if "pss10" in scores:
        s = scores["pss10"]
        rows.append(_score("PSS-10 (stress)", f"{s['total']} / 40", BAND_LABELS[s["band"]]))
    if "ace" in scores:
        total = scores["ace"]["total"]
        band = "high exposure" if instruments.ace_high_exposure(total) else ""
        rows.append(_score("ACE (childhood adversity)", f"{total} / 10", band))
    if "pc_ptsd5" in scores:
        total = scores["pc_ptsd5"]["total"]
        band = "positive screen" if instruments.pc_ptsd5_positive(total) else "negative screen"
        rows.append(_score("PC-PTSD-5 (trauma)", f"{total} / 5", band))
    if "psqi" in scores:
        s = scores["psqi"]
        band = "poor sleep" if s["poor_sleep"] else "not poor sleep"
        rows.append(_score("PSQI (sleep quality)", f"{s['total']} / 21", band))
    if "isi" in scores:
        s = scores["isi"]
        rows.append(_score("ISI (insomnia)", f"{s['total']} / 28", BAND_LABELS[s["band"]]))
    if "stop_bang" in scores:
        s = scores["stop_bang"]
        rows.append(
            _score(
                "STOP-Bang (sleep apnoea risk)",
                f"{s['total']} / 8",
                f"{BAND_LABELS[s['band']]} risk",
            )
        )
    if "bmi" in scores:
        value = scores["bmi"]["value"]  # rounded to one decimal: the band follows the flag
        obese = any(flag.get("code") == "LIFE.OBESITY" for flag in ev.get("flags", []))
        band = "obesity" if obese else ""
        rows.append(_score("Body mass index", f"{format_number(value)} kg/m²", band))
    return tuple(rows)


def _treatments(facts: WorkupFacts) -> tuple[tuple[TreatmentRow, ...], str]:
    if facts.treatments is None:
        return (), "Not recorded."
    if not facts.treatments:
        return (), "None tried."
    rows = []
    for trial in facts.treatments:
        counted = is_counted(trial)
        rows.append(
            TreatmentRow(
                drug=vocab.DRUG_LABELS.get(trial.drug, trial.drug),
                weeks=str(trial.weeks),
                response=trial.response,
                stopped="yes" if trial.stopped_for_adverse_effects else "no",
                dose=trial.dose or "",
                counted="yes" if counted else "no",
            )
        )
    return tuple(rows), ""
