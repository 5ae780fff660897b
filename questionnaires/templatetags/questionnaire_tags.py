"""Template pieces of questionnaires: a text box with the page's classes, and the list of a
patient's (or a visit's) questionnaires that the patient and workup pages can include."""

from django import template

from questionnaires.models import Questionnaire

register = template.Library()


@register.simple_tag
def text_input(field):
    """A text box or text area: Bootstrap's classes, red when the field has an error (Django
    adds aria-describedby for the hint and the error, and aria-invalid)."""
    css = "form-control is-invalid" if field.errors else "form-control"
    return field.as_widget(attrs={"class": css})


@register.inclusion_tag("questionnaires/_questionnaire_list.html", takes_context=True)
def patient_questionnaires(context, patient, workup=None):
    """The questionnaires of a patient (of one visit when ``workup`` is given), with the
    invitation button for those who may invite; nothing for those who may not see them."""
    user = context["request"].user
    if not user.has_perm("questionnaires.view_questionnaire"):
        return {"visible": False}
    questionnaires = Questionnaire.objects.filter(patient=patient).select_related("workup")
    if workup is not None:
        questionnaires = questionnaires.filter(workup=workup)
    return {
        "visible": True,
        "patient": patient,
        "workup": workup,
        "questionnaires": list(questionnaires.order_by("-created_at", "-id")),
        "can_invite": patient.is_active and user.has_perm("questionnaires.add_questionnaire"),
    }
