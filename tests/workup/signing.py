"""What the sign page posts: the password, the fingerprint of the flags it showed and a tick
for each urgent or high flag (all of them unless `tick` says which)."""

from workup import selectors, services
from workup.forms.workflow import SignForm, flags_fingerprint
from workup.models import Workup


def flags_due(workup) -> list[dict]:
    """The urgent and high flags the sign page of this draft shows now."""
    fresh = selectors.workup_with_sections().get(pk=workup.pk)
    return services.flags_to_acknowledge(selectors.workup_evaluation(fresh))


def sign_data(workup: Workup, password: str, *, tick=None, shown=None) -> dict:
    """`shown`: the flags the page showed (default: those due now); `tick`: the codes ticked
    (default: every flag shown)."""
    shown = flags_due(workup) if shown is None else shown
    ticked = [flag["code"] for flag in shown] if tick is None else tick
    data = {"password": password, SignForm.FLAGS_SEEN: flags_fingerprint(shown)}
    data.update({SignForm.field_name(code): "on" for code in ticked})
    return data
