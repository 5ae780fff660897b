"""The patient's pages. No account: each page is reachable without logging in, and none gives
access to anything but this one questionnaire (opening a link or starting a tablet signs out
whoever was signed in, and these pages never sign anyone in).

Every address but the first is free of the code (see ``patient_session``). Whatever is wrong
with a link (unknown, mistyped, expired, revoked, locked, already sent, its visit signed) gets
the same page with the same status, so a link says nothing about whether it ever existed.
Nothing here is cached: on a tablet, the back button after the hand-back shows nothing.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from questionnaires import answering, limits, patient_session, selectors
from questionnaires.forms import PART_FORMS
from questionnaires.forms.staff import DateOfBirthForm
from questionnaires.parts import PARTS_BY_CODE, chosen_parts
from questionnaires.review import questionnaire_review

# Seconds before the idle limit at which a tablet page warns (static/js/questionnaire-kiosk.js).
KIOSK_WARNING_SECONDS = 60
# A hand-back this close to the idle limit is the idle timeout's (the page's own refresh).
IDLE_SLACK_SECONDS = 15


def unavailable(request):
    """The one page for every link that cannot be used."""
    return render(request, "questionnaires/patient/unavailable.html")


def too_many(request):
    response = render(request, "questionnaires/patient/too_many.html", status=429)
    # Django logs every 4xx with its address, and the link's address holds its code: not for
    # the logs. (The neutral page is a 200, so it is never logged.)
    response._has_been_logged = True
    return response


def hand_back_page(request):
    return render(request, "questionnaires/patient/hand_back.html")


def no_questionnaire(request):
    """No questionnaire in this browser: a tablet asks to be handed back, anything else gets
    the neutral page."""
    if patient_session.is_kiosk_device(request):
        return hand_back_page(request)
    return unavailable(request)


def _end_idle(request, current):
    if current.get("kiosk"):
        answering.questionnaire_kiosk_end(
            questionnaire_id=current["id"], reason="idle", request=request
        )
        patient_session.end(request)
        return hand_back_page(request)
    patient_session.end(request)
    return render(request, "questionnaires/patient/timed_out.html")


def patient_page(*, confirmed: bool = True):
    """The checks of every page after the link: a questionnaire in this browser's session,
    not idle too long, still open, and (unless ``confirmed`` is False) the date of birth
    confirmed. The view gets the questionnaire and the session's state."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            current = patient_session.state(request)
            if current is None:
                return no_questionnaire(request)
            if patient_session.is_idle(current):
                return _end_idle(request, current)
            questionnaire = selectors.questionnaire_for_session(current["id"])
            if questionnaire is None or not questionnaire.is_open:
                if current.get("kiosk"):
                    answering.questionnaire_kiosk_end(
                        questionnaire_id=current["id"], reason="closed", request=request
                    )
                patient_session.end(request)
                return no_questionnaire(request)
            if confirmed and not current.get("confirmed"):
                return redirect("questionnaires:patient_confirm")
            patient_session.touch(request)
            return view(request, questionnaire, current, *args, **kwargs)

        return login_not_required(never_cache(wrapper))

    return decorate


def page_context(questionnaire, current, **extra) -> dict:
    kiosk = bool(current.get("kiosk"))
    idle = patient_session.idle_limit_seconds(current)
    return {
        "questionnaire": questionnaire,
        "given_name": questionnaire.patient.given_name,
        "kiosk": kiosk,
        "kiosk_idle_seconds": idle if kiosk else None,
        "kiosk_warning_seconds": min(KIOSK_WARNING_SECONDS, idle // 2),
        **extra,
    }


def part_url(code: str) -> str:
    if code == "review":
        return reverse("questionnaires:patient_review")
    return reverse("questionnaires:patient_part", kwargs={"part": code})


def _neighbours(questionnaire, code: str) -> tuple[str | None, str]:
    """(the part before, the part after or "review")."""
    codes = [part.code for part in chosen_parts(questionnaire.parts)]
    i = codes.index(code)
    return (codes[i - 1] if i else None), (codes[i + 1] if i + 1 < len(codes) else "review")


def _first_unsaved(questionnaire) -> str:
    for part in chosen_parts(questionnaire.parts):
        if part.code not in questionnaire.saved_parts:
            return part.code
    return "review"


@login_not_required
@never_cache
@require_GET
def open_link(request, code: str):
    """The link itself: the code's one appearance in an address."""
    if limits.client_over_limit(request):
        return too_many(request)
    questionnaire = selectors.questionnaire_by_code(code)
    if questionnaire is None or not questionnaire.is_open:
        answering.questionnaire_refused(questionnaire=questionnaire, request=request)
        return unavailable(request)
    if limits.link_over_limit(questionnaire):
        return too_many(request)
    patient_session.start(request, questionnaire, kiosk=False)
    answering.questionnaire_opened(questionnaire=questionnaire, request=request)
    return redirect("questionnaires:patient_confirm")


@patient_page(confirmed=False)
@require_http_methods(["GET", "POST"])
def confirm(request, questionnaire, current):
    """The date of birth, before any question. Only the practice's name and the patient's
    first name are shown until it matches."""
    if current.get("confirmed"):
        return redirect(part_url(_first_unsaved(questionnaire)))
    form = DateOfBirthForm(request.POST or None, kiosk=bool(current.get("kiosk")))
    if request.method == "POST" and form.is_valid():
        if limits.client_over_limit(request):
            return too_many(request)
        try:
            check = answering.questionnaire_date_of_birth_check(
                questionnaire_id=questionnaire.pk,
                date_of_birth=form.cleaned_data["date_of_birth"],
                request=request,
            )
        except answering.QuestionnaireClosed:
            patient_session.end(request)
            return no_questionnaire(request)
        if check.confirmed:
            patient_session.confirm(request)
            return redirect(part_url(_first_unsaved(questionnaire)))
        if check.locked:
            patient_session.end(request)
            return no_questionnaire(request)
        tries = "1 more try" if check.attempts_left == 1 else f"{check.attempts_left} more tries"
        form.add_error(
            "date_of_birth",
            f"This date of birth does not match our records. Check it and try again: you have "
            f"{tries}.",
        )
    return render(
        request,
        "questionnaires/patient/confirm.html",
        page_context(questionnaire, current, form=form),
    )


@patient_page()
@require_http_methods(["GET", "POST"])
def part_page(request, questionnaire, current, part: str):
    """One part: saved as a whole, then on to the next (or back, or later)."""
    if part not in questionnaire.parts:
        return redirect("questionnaires:patient_review")
    form = PART_FORMS[part](
        request.POST or None,
        answers=questionnaire.answers,
        responses=questionnaire.responses,
        patient=questionnaire.patient,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = answering.questionnaire_save_part(
                questionnaire_id=questionnaire.pk,
                part=part,
                values=form.section_values(),
                responses=form.responses(),
                request=request,
            )
        except answering.QuestionnaireClosed:
            patient_session.end(request)
            return no_questionnaire(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_save(request, questionnaire, current, part, saved)
    previous, _following = _neighbours(questionnaire, part)
    return render(
        request,
        "questionnaires/patient/part.html",
        page_context(
            questionnaire,
            current,
            form=form,
            part=PARTS_BY_CODE[part],
            part_template=f"questionnaires/patient/parts/{part}.html",
            progress=_progress(questionnaire, part),
            previous=previous,
            crisis_contacts=settings.QUESTIONNAIRE_CRISIS_CONTACTS,
        ),
    )


def _after_save(request, questionnaire, current, part, saved):
    previous, following = _neighbours(questionnaire, part)
    if saved.safety_alert_raised:
        return redirect(f"{reverse('questionnaires:patient_support')}?next={following}")
    action = request.POST.get("action")
    if action == "stay":
        return redirect(part_url(part))
    if action == "previous" and previous:
        return redirect(part_url(previous))
    if action == "later":
        if current.get("kiosk"):
            answering.questionnaire_kiosk_end(
                questionnaire_id=questionnaire.pk, reason="handed_back", request=request
            )
            patient_session.end(request)
            return redirect("questionnaires:patient_hand_back")
        patient_session.end(request)
        return redirect("questionnaires:patient_saved")
    return redirect(part_url(following))


def _progress(questionnaire, current_code: str) -> list[dict]:
    return [
        {
            "title": part.title,
            "url": part_url(part.code),
            "current": part.code == current_code,
            "saved": part.code in questionnaire.saved_parts,
        }
        for part in chosen_parts(questionnaire.parts)
    ]


@patient_page()
@require_GET
def support(request, questionnaire, current):
    """Shown as soon as a PHQ-9 item 9 above 0 is saved: support, and where to get help now."""
    following = request.GET.get("next", "")
    if following != "review" and following not in questionnaire.parts:
        following = _first_unsaved(questionnaire)
    return render(
        request,
        "questionnaires/patient/support.html",
        page_context(
            questionnaire,
            current,
            next_url=part_url(following),
            crisis_contacts=settings.QUESTIONNAIRE_CRISIS_CONTACTS,
        ),
    )


@patient_page()
@require_http_methods(["GET", "POST"])
def review(request, questionnaire, current):
    """Every answer in the patient's words, a link back to each part, and the one final
    submission."""
    if request.method == "POST":
        try:
            answering.questionnaire_submit(questionnaire_id=questionnaire.pk, request=request)
        except answering.QuestionnaireClosed:
            patient_session.end(request)
            return no_questionnaire(request)
        if current.get("kiosk"):
            answering.questionnaire_kiosk_end(
                questionnaire_id=questionnaire.pk, reason="submitted", request=request
            )
            patient_session.end(request)
            return redirect("questionnaires:patient_hand_back")
        patient_session.end(request)
        return redirect("questionnaires:patient_thanks")
    return render(
        request,
        "questionnaires/patient/review.html",
        page_context(
            questionnaire,
            current,
            parts=[
                (review, part_url(review.part.code))
                for review in questionnaire_review(questionnaire)
            ],
        ),
    )


@login_not_required
@never_cache
@require_GET
def saved(request):
    return render(request, "questionnaires/patient/saved.html")


@login_not_required
@never_cache
@require_GET
def thanks(request):
    return render(
        request,
        "questionnaires/patient/thanks.html",
        {"crisis_contacts": settings.QUESTIONNAIRE_CRISIS_CONTACTS},
    )


@login_not_required
@never_cache
@require_GET
def hand_back(request):
    """The tablet's neutral page, nothing of the answers. Reached at the end, on "hand the
    tablet back", and by the page's own refresh when the tablet is left idle."""
    current = patient_session.state(request)
    if current is not None and current.get("kiosk"):
        idle = patient_session.idle_for(current)
        limit = patient_session.idle_limit_seconds(current)
        answering.questionnaire_kiosk_end(
            questionnaire_id=current["id"],
            reason="idle" if idle >= limit - IDLE_SLACK_SECONDS else "handed_back",
            request=request,
        )
        patient_session.end(request)
    return hand_back_page(request)
