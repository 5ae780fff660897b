"""Mental and emotional health: PHQ-9 and GAD-7 item by item (all items or none), and the
PSS-10, ACE and PC-PTSD-5 totals as entered."""

from __future__ import annotations

from workup.forms.base import SectionEditor, VersionedForm, int_or_none, scale_field, whole_number
from workup.presenters import FREQUENCY_ANSWERS, GAD7_ITEMS, GAD7_STEM, PHQ9_ITEMS, PHQ9_STEM
from workup.rules.facts import Mental

INSTRUMENTS = (("phq9", "PHQ-9", PHQ9_ITEMS), ("gad7", "GAD-7", GAD7_ITEMS))
ITEM_COUNTS = {prefix: len(items) for prefix, _name, items in INSTRUMENTS}


def item_field_name(prefix: str, number: int) -> str:
    return f"{prefix}_{number}"


class MentalForm(VersionedForm):
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
        return cleaned

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
                pss10_total=value.pss10_total, ace_score=value.ace_score, pc_ptsd5=value.pc_ptsd5
            )
            for prefix, items in (("phq9", value.phq9_items), ("gad7", value.gad7_items)):
                for number, answer in enumerate(items or (), 1):
                    initial[item_field_name(prefix, number)] = str(answer)
        return MentalForm(data, initial=initial)

    def cleaned_value(self) -> Mental:
        d = self.form.cleaned_data
        return Mental(
            phq9_items=self.form.answers("phq9"),
            gad7_items=self.form.answers("gad7"),
            pss10_total=d["pss10_total"],
            ace_score=d["ace_score"],
            pc_ptsd5=d["pc_ptsd5"],
        )
