"""Mental and emotional health: PHQ-9 and GAD-7 item by item (all items or none) or, from a
paper form, as totals (the PHQ-9 total always with its item 9, the safety item), and the PSS-10,
ACE and PC-PTSD-5 totals as entered.

The checks between items and totals say what the document contract says, at the field it names:
items and a total of one instrument together are refused at the total; item 9 missing beside
the PHQ-9 total, given without it, or above it, at item 9.
"""

from __future__ import annotations

from workup.forms.base import SectionEditor, VersionedForm, int_or_none, scale_field, whole_number
from workup.presenters import FREQUENCY_ANSWERS, GAD7_ITEMS, GAD7_STEM, PHQ9_ITEMS, PHQ9_STEM
from workup.rules.facts import Mental

INSTRUMENTS = (("phq9", "PHQ-9", PHQ9_ITEMS), ("gad7", "GAD-7", GAD7_ITEMS))
ITEM_COUNTS = {prefix: len(items) for prefix, _name, items in INSTRUMENTS}
TOTAL_FIELDS = {"phq9": "phq9_total", "gad7": "gad7_total"}
NAMES = {prefix: name for prefix, name, _items in INSTRUMENTS}


def item_field_name(prefix: str, number: int) -> str:
    return f"{prefix}_{number}"


class MentalForm(VersionedForm):
    phq9_total = whole_number(
        "PHQ-9 total (paper form)",
        0,
        27,
        help_text="0 to 27. Only when the items are not entered above; give item 9 with it.",
    )
    phq9_item9 = scale_field(
        f"PHQ-9 item 9 (paper form): {PHQ9_ITEMS[8]}",
        FREQUENCY_ANSWERS,
        blank="Not answered",
        help_text="Required with the total: the safety item is never left out.",
    )
    gad7_total = whole_number(
        "GAD-7 total (paper form)",
        0,
        21,
        help_text="0 to 21. Only when the items are not entered above.",
    )
    pss10_total = whole_number("PSS-10 total", 0, 40, help_text="Perceived Stress Scale, 0 to 40.")
    ace_score = whole_number(
        "ACE score", 0, 10, help_text="Adverse childhood experiences, 0 to 10."
    )
    pc_ptsd5 = whole_number(
        "PC-PTSD-5 total", 0, 5, help_text="Primary Care PTSD Screen for DSM-5, 0 to 5."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prefix, _name, items in INSTRUMENTS:
            for number, text in enumerate(items, 1):
                self.fields[item_field_name(prefix, number)] = scale_field(
                    f"{number}. {text}", FREQUENCY_ANSWERS, blank="Not answered"
                )

    def items(self, prefix: str):
        return [self[item_field_name(prefix, n)] for n in range(1, ITEM_COUNTS[prefix] + 1)]

    def phq9_items(self):
        return self.items("phq9")

    def gad7_items(self):
        return self.items("gad7")

    def clean(self):
        cleaned = super().clean()
        for prefix, name, items in INSTRUMENTS:
            names = [item_field_name(prefix, n) for n in range(1, len(items) + 1)]
            if any(n in self.errors for n in names):
                continue
            answered = [n for n in names if cleaned.get(n) not in (None, "")]
            if answered and len(answered) < len(names):
                self.add_error(
                    None,
                    f"{name} is partly answered ({len(answered)} of {len(names)} items): "
                    "answer every item, or none.",
                )
                for n in names:
                    if n not in answered:
                        self.add_error(
                            n,
                            f"Answer this item too: {name} is scored with all "
                            f"{len(names)} items, or none.",
                        )
            total = TOTAL_FIELDS[prefix]
            if answered and cleaned.get(total) is not None:
                self.add_error(
                    total,
                    f"Give the {name} items or the total, not both: clear the total, or the "
                    "items above.",
                )
        self._check_item9(cleaned)
        return cleaned

    def _check_item9(self, cleaned):
        if "phq9_total" in self.errors or "phq9_item9" in self.errors:
            return
        total = cleaned.get("phq9_total")
        item9 = int_or_none(cleaned.get("phq9_item9"))
        items_given = any(cleaned.get(item_field_name("phq9", n)) for n in range(1, 10))
        if total is not None and item9 is None:
            self.add_error(
                "phq9_item9",
                "Give item 9 with the PHQ-9 total: the safety item is never left out.",
            )
        elif total is None and item9 is not None:
            where = (
                "item 9 is already answered with the items above"
                if items_given
                else "enter the total too, or clear item 9"
            )
            self.add_error("phq9_item9", f"Give item 9 here only with the PHQ-9 total: {where}.")
        elif item9 is not None and item9 > total:
            self.add_error(
                "phq9_item9", f"Item 9 ({item9}) cannot be above the PHQ-9 total ({total})."
            )

    def answers(self, prefix: str) -> tuple[int, ...] | None:
        values = [
            int_or_none(self.cleaned_data.get(item_field_name(prefix, n)))
            for n in range(1, ITEM_COUNTS[prefix] + 1)
        ]
        return None if None in values else tuple(values)


class MentalEditor(SectionEditor):
    name = "mental"
    template = "workup/sections/mental.html"
    phq9_stem = PHQ9_STEM
    gad7_stem = GAD7_STEM

    def build_form(self, data, value, version):
        initial = {"version": version}
        if value is not None:
            initial.update(
                phq9_total=value.phq9_total,
                phq9_item9="" if value.phq9_item9 is None else str(value.phq9_item9),
                gad7_total=value.gad7_total,
                pss10_total=value.pss10_total,
                ace_score=value.ace_score,
                pc_ptsd5=value.pc_ptsd5,
            )
            for prefix, items in (("phq9", value.phq9_items), ("gad7", value.gad7_items)):
                for number, answer in enumerate(items or (), 1):
                    initial[item_field_name(prefix, number)] = str(answer)
        return MentalForm(data, initial=initial)

    def running_total(self, prefix: str) -> dict:
        """The sum of the items chosen so far on this page (what was posted, else what is
        stored), for the running total beside the items; the live script keeps it current."""
        answers = []
        for field in self.form.items(prefix):
            raw = field.value()
            if raw not in (None, "") and str(raw) in {str(k) for k in FREQUENCY_ANSWERS}:
                answers.append(int(raw))
        count = ITEM_COUNTS[prefix]
        return {
            "prefix": prefix,
            "name": NAMES[prefix],
            "total": sum(answers),
            "answered": len(answers),
            "count": count,
            "maximum": 3 * count,
        }

    def phq9_running(self) -> dict:
        return self.running_total("phq9")

    def gad7_running(self) -> dict:
        return self.running_total("gad7")

    def cleaned_value(self) -> Mental:
        d = self.form.cleaned_data
        return Mental(
            phq9_items=self.form.answers("phq9"),
            gad7_items=self.form.answers("gad7"),
            phq9_total=d["phq9_total"],
            phq9_item9=int_or_none(d["phq9_item9"]),
            gad7_total=d["gad7_total"],
            pss10_total=d["pss10_total"],
            ace_score=d["ace_score"],
            pc_ptsd5=d["pc_ptsd5"],
        )
