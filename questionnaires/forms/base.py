"""What every page of the patient's questionnaire shares."""

from __future__ import annotations

from django import forms


class PartForm(forms.Form):
    """One part's page.

    ``initial_from(answers, responses)`` fills the page from what was saved;
    ``section_values()`` gives the keys of the part's workup section that the page sets (the
    workup document's names and values; None where a question was left blank), and
    ``responses()`` the item answers kept beside a total (None when the part keeps none).
    """

    part = ""

    def __init__(self, data=None, *, answers: dict, responses: dict, patient=None):
        self.patient = patient
        super().__init__(data, initial=self.initial_from(answers, responses))

    @classmethod
    def initial_from(cls, answers: dict, responses: dict) -> dict:
        raise NotImplementedError

    def section_values(self):
        raise NotImplementedError

    def responses(self):
        return None

    def error_list(self) -> list[tuple[str, str]]:
        """(the id of the field to jump to, the message) for the error summary at the top."""
        listed = []
        for name, errors in self.errors.items():
            target = self[name].auto_id if name in self.fields else ""
            if name in self.fields and isinstance(self.fields[name].widget, forms.RadioSelect):
                target = f"{target}_0"
            if name in self.fields and isinstance(
                self.fields[name].widget, forms.CheckboxSelectMultiple
            ):
                target = f"{target}_0"
            for message in errors:
                listed.append((target, message))
        return listed


def section_of(answers: dict, name: str) -> dict:
    value = answers.get(name)
    return value if isinstance(value, dict) else {}


def all_or_none(form: PartForm, names: list[str], instrument: str) -> list | None:
    """Item answers of a scored instrument: every item or none (a part-answered instrument
    cannot be scored). Adds the errors; returns the answers, None when none were given."""
    cleaned = form.cleaned_data
    if any(name in form.errors for name in names):
        return None
    answered = [name for name in names if cleaned.get(name) not in (None, "")]
    if not answered:
        return None
    if len(answered) < len(names):
        for name in names:
            if name not in answered:
                form.add_error(
                    name,
                    f"Answer this question too: the {instrument} questions are counted "
                    "together, so answer all of them or leave them all blank.",
                )
        return None
    return [cleaned[name] for name in names]
