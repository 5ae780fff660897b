"""The practice's preferred unit system for showing lab values (``PRACTICE_LAB_UNITS``).

By default a value is shown in the unit the laboratory reported. A practice may prefer SI or
conventional units instead: each analyte's unit in that system is listed here. Analytes that
have one unit only (ESR, CK, ANA, anti-CCP, tTG-IgA) show it in every system. The rules always
compare in the catalogue's canonical unit, whatever is shown.
"""

from __future__ import annotations

from workup.rules.labs import ANALYTES, Analyte, Unit

ENTERED, SI, CONVENTIONAL = "entered", "si", "conventional"

SI_UNITS = {
    "tsh": "mIU/L",
    "free_t4": "pmol/L",
    "crp": "mg/L",
    "rf": "kIU/L",
    "hemoglobin": "g/L",
    "hba1c": "mmol/mol",
    "vitamin_d_25oh": "nmol/L",
    "b12": "pmol/L",
    "folate": "nmol/L",
    "ferritin": "ug/L",
    "magnesium_serum": "mmol/L",
    "magnesium_rbc": "mmol/L",
    "zinc": "umol/L",
    "testosterone_total": "nmol/L",
    "cortisol_am": "nmol/L",
    "estradiol": "pmol/L",
    "progesterone": "nmol/L",
    "fsh": "IU/L",
    "iga_total": "g/L",
}

CONVENTIONAL_UNITS = {
    "tsh": "uIU/mL",
    "free_t4": "ng/dL",
    "crp": "mg/dL",
    "rf": "IU/mL",
    "hemoglobin": "g/dL",
    "hba1c": "%",
    "vitamin_d_25oh": "ng/mL",
    "b12": "pg/mL",
    "folate": "ng/mL",
    "ferritin": "ng/mL",
    "magnesium_serum": "mg/dL",
    "magnesium_rbc": "mg/dL",
    "zinc": "ug/dL",
    "testosterone_total": "ng/dL",
    "cortisol_am": "ug/dL",
    "estradiol": "pg/mL",
    "progesterone": "ng/mL",
    "fsh": "mIU/mL",
    "iga_total": "mg/dL",
}

_SYSTEMS = {SI: SI_UNITS, CONVENTIONAL: CONVENTIONAL_UNITS}


def preferred_unit(analyte: Analyte, entered_unit: str, system: str) -> Unit:
    """The unit to show a value of ``analyte`` in: the entered one unless the practice prefers
    a system that has a unit of its own for this analyte."""
    code = _SYSTEMS.get(system, {}).get(analyte.code, entered_unit)
    return next(unit for unit in analyte.units if unit.code == code)


def check_catalogue() -> list[str]:
    """Units named here that the lab catalogue does not accept (empty when all agree)."""
    return [
        f"{system}: {code} {unit}"
        for system, units in _SYSTEMS.items()
        for code, unit in units.items()
        if code not in ANALYTES or unit not in ANALYTES[code].unit_codes
    ]
