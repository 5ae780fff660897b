"""The scored screens: PHQ-9, GAD-7 (their published items) and, where the practice offers
them, ACE and PC-PTSD-5 (their items in plain words, kept beside the total)."""

from __future__ import annotations

from questionnaires import words
from questionnaires.forms import fields
from questionnaires.forms.base import PartForm, all_or_none, section_of


def item_name(number: int) -> str:
    return f"item_{number}"


class ItemsForm(PartForm):
    """Items answered on the same scale, all or none."""

    items: tuple[str, ...] = ()
    instrument = ""

    def add_items(self, make_field):
        for number, text in enumerate(self.items, 1):
            self.fields[item_name(number)] = make_field(f"{number}. {text}")

    @property
    def item_names(self) -> list[str]:
        return [item_name(n) for n in range(1, len(self.items) + 1)]

    def item_fields(self):
        return [self[name] for name in self.item_names]

    def clean(self):
        cleaned = super().clean()
        self.item_answers = all_or_none(self, self.item_names, self.instrument)
        return cleaned


class FrequencyItemsForm(ItemsForm):
    """PHQ-9 and GAD-7: over the last 2 weeks, not at all (0) to nearly every day (3)."""

    key = ""  # the mental section's key of the item list

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_items(lambda label: fields.radio(label, words.FREQUENCY_WORDS))

    @classmethod
    def initial_from(cls, answers, responses):
        items = section_of(answers, "mental").get(cls.key)
        if not items:
            return {}
        return {item_name(n): str(answer) for n, answer in enumerate(items, 1)}

    def section_values(self):
        answers = self.item_answers
        return {self.key: None if answers is None else [int(a) for a in answers]}


class MoodForm(FrequencyItemsForm):
    part = "mood"
    items = words.MOOD_ITEMS
    instrument = "mood"
    key = "phq9_items"
    stem = words.MOOD_STEM


class WorryForm(FrequencyItemsForm):
    part = "worry"
    items = words.WORRY_ITEMS
    instrument = "worry"
    key = "gad7_items"
    stem = words.WORRY_STEM


class ChildhoodForm(ItemsForm):
    """ACE: ten yes-or-no questions; the section keeps the number of yes answers."""

    part = "childhood"
    items = words.CHILDHOOD_ITEMS
    instrument = "childhood"
    stem = words.CHILDHOOD_STEM

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_items(fields.yes_no)

    @classmethod
    def initial_from(cls, answers, responses):
        items = responses.get("childhood")
        if not items:
            return {}
        return {item_name(n): fields.yes_no_initial(a) for n, a in enumerate(items, 1)}

    def responses(self):
        answers = self.item_answers
        return None if answers is None else [fields.yes_no_value(a) for a in answers]

    def section_values(self):
        answers = self.responses()
        return {"ace_score": None if answers is None else sum(answers)}


class FrighteningEventsForm(ItemsForm):
    """PC-PTSD-5: a question about exposure, then five yes-or-no questions about the past month
    for those who answer yes; the section keeps the number of yes answers (0 without
    exposure)."""

    part = "frightening_events"
    items = words.EVENTS_ITEMS
    instrument = "five"
    introduction = words.EVENTS_INTRODUCTION
    stem = words.EVENTS_STEM

    exposure = fields.yes_no(words.EVENTS_EXPOSURE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_items(fields.yes_no)

    @classmethod
    def initial_from(cls, answers, responses):
        saved = responses.get("frightening_events") or {}
        initial = {"exposure": fields.yes_no_initial(saved.get("exposure"))}
        for n, answer in enumerate(saved.get("items") or (), 1):
            initial[item_name(n)] = fields.yes_no_initial(answer)
        return initial

    def clean(self):
        cleaned = super().clean()
        exposure = fields.yes_no_value(cleaned.get("exposure"))
        if "exposure" in self.errors:
            return cleaned
        if exposure is False and self.item_answers is not None:
            self.add_error(
                "exposure",
                "You answered “No” here but also answered the questions below: change this "
                "answer to “Yes”, or leave the questions below blank.",
            )
        elif exposure is None and self.item_answers is not None:
            self.add_error("exposure", "Answer this question too.")
        elif exposure is True and self.item_answers is None and not self.errors:
            for name in self.item_names:
                self.add_error(name, "You answered “Yes” above: answer this question too.")
        return cleaned

    def responses(self):
        exposure = fields.yes_no_value(self.cleaned_data["exposure"])
        answers = self.item_answers
        items = (
            None if answers is None or not exposure else [fields.yes_no_value(a) for a in answers]
        )
        return {"exposure": exposure, "items": items}

    def section_values(self):
        saved = self.responses()
        if saved["exposure"] is False:
            return {"pc_ptsd5": 0}
        if saved["items"] is None:
            return {"pc_ptsd5": None}
        return {"pc_ptsd5": sum(saved["items"])}
