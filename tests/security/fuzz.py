"""Reusable fuzzing of form posts with hostile strings (used by test_fuzz_forms.py).

Every form the app has is listed in ``FORM_TARGETS``; a new form adds one ``FormTarget`` here
and is fuzzed from then on. For each target, hypothesis posts random and hostile values in
every field and checks that:

- the app never answers 500 (the test client re-raises any unhandled error);
- no page echoes a value unescaped (the target's own response and the pages listed in
  ``shown_on``, which display what was stored);
- the records that existed before are intact, and so is the audit trail's hash chain.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from accounts.models import User
from audit.verify import audit_trail_verify
from tests.conftest import PASSWORD, sign_in, sign_in_with_password_only

# Markers of a value that reached the page unescaped.
XSS_MARK = "alert('fx')"
HOSTILE_STRINGS = [
    # SQL
    "' OR '1'='1",
    "'; DROP TABLE accounts_user; --",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(10)--",
    "1 UNION SELECT password FROM accounts_user",
    "%' AND 1=0 UNION SELECT NULL--",
    # HTML / script
    "<script>alert('fx')</script>",
    "\"><img src=x onerror=alert('fx')>",
    "'><svg onload=alert('fx')>",
    "javascript:alert('fx')",
    "</textarea><script>alert('fx')</script>",
    # Templates, formats, paths, headers
    "{{ 7*7 }}{% debug %}",
    "${7*7}#{7*7}",
    "%s%s%s%n%x",
    "../../../../etc/passwd",
    "\r\nSet-Cookie: hijack=1",
    '=HYPERLINK("http://evil.example")',
    # Null bytes, control and odd unicode
    "\x00",
    "abc\x00def",
    "\x1b[31m\x07",
    "\u202egnp.exe",
    "\ufeffzero\u200bwidth",
    "漢字テスト Ωmega 🙂🙂",
    "ＡＢＣ",  # noqa: RUF001 - full-width on purpose
    # Sizes and numbers
    "",
    " ",
    "A" * 10_000,
    "🙂" * 3_000,
    "-1",
    "0",
    "99999999999999999999999999",
    "NaN",
    "1e308",
    "2026-02-30",
    "31/12/1899",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
)

FUZZ_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def sign_in_as(persona: str, *, second_factor: str = "verified"):
    """A client preparation: sign in a persona (fixture name), fully or half-way."""

    def prepare(client, request):
        user = request.getfixturevalue(persona)
        if second_factor == "verified":
            sign_in(client, user)
        else:
            if second_factor == "device":
                TOTPDevice.objects.get_or_create(
                    user=user, confirmed=True, defaults={"name": "Phone"}
                )
            sign_in_with_password_only(client, user)

    return prepare


def anonymous(client, request):
    return None


def password_reset_link(world) -> str:
    user = User.objects.get(pk=world["user_id"])
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@dataclass(frozen=True)
class FormTarget:
    """One form to fuzz. ``url`` and the ``shown_on`` entries get the URL sweep's ``world``
    (records by URL argument name) and return a path."""

    name: str
    url: Callable[[dict], str]
    fields: tuple[str, ...]
    prepare: Callable = anonymous
    method: str = "post"
    fixed: dict = field(default_factory=dict)
    follow_redirect: bool = False
    shown_on: tuple[Callable[[dict], str], ...] = ()


def named(url_name: str, *args_from_world: str) -> Callable[[dict], str]:
    return lambda world: reverse(url_name, args=[world[key] for key in args_from_world])


def patient_form_fields() -> tuple[str, ...]:
    from patients.forms import PatientForm

    return tuple(PatientForm.base_fields)


FORM_TARGETS = [
    FormTarget("login", named("login"), ("username", "password")),
    FormTarget("password reset request", named("password_reset"), ("email",)),
    FormTarget(
        "password reset: new password",
        password_reset_link,
        ("new_password1", "new_password2"),
        follow_redirect=True,
    ),
    FormTarget(
        "second factor: verify",
        named("two_factor_verify"),
        ("code", "next"),
        prepare=sign_in_as("clinician", second_factor="device"),
    ),
    FormTarget(
        "second factor: enrol",
        named("two_factor_setup"),
        ("password", "code", "next"),
        prepare=sign_in_as("clinician", second_factor="none"),
    ),
    FormTarget(
        "password change",
        named("password_change"),
        ("old_password", "new_password1", "new_password2"),
        prepare=sign_in_as("staff"),
    ),
    FormTarget(
        "session keep-alive",
        named("session_keep_alive"),
        ("next",),
        prepare=sign_in_as("staff"),
    ),
    FormTarget(
        "user create",
        named("user_create"),
        ("username", "first_name", "last_name", "email", "role"),
        prepare=sign_in_as("admin_user"),
        shown_on=(named("user_list"),),
    ),
    FormTarget(
        "user create (valid role and address)",
        named("user_create"),
        ("username", "first_name", "last_name"),
        prepare=sign_in_as("admin_user"),
        fixed={"role": "staff", "email": "fuzz@example.org"},
        shown_on=(named("user_list"), named("audit:event_list")),
    ),
    FormTarget(
        "user role",
        named("user_role_change", "user_id"),
        ("role",),
        prepare=sign_in_as("admin_user"),
        shown_on=(named("user_detail", "user_id"),),
    ),
    FormTarget(
        "audit log filters",
        named("audit:event_list"),
        ("user", "patient", "action", "date_from", "date_to", "before", "after"),
        prepare=sign_in_as("admin_user"),
        method="get",
    ),
    FormTarget(
        "audit log filter form",
        named("audit:event_list"),
        ("mrn", "user", "action", "date_from", "date_to"),
        prepare=sign_in_as("admin_user"),
        shown_on=(named("audit:event_list"),),
    ),
    FormTarget(
        "audit log export filters",
        named("audit:event_export"),
        ("user", "patient", "action", "date_from", "date_to"),
        prepare=sign_in_as("admin_user"),
        method="get",
    ),
    # Patients (registration, search, archive): the forms of patients/forms.py.
    FormTarget(
        "patient register",
        named("patients:create"),
        patient_form_fields(),
        prepare=sign_in_as("staff"),
        shown_on=(named("patients:list"),),
    ),
    FormTarget(
        "patient register (valid date, sex and no clinician)",
        named("patients:create"),
        ("mrn", "given_name", "family_name", "phone", "email"),
        prepare=sign_in_as("staff"),
        fixed={"date_of_birth": "1980-05-17", "sex_at_birth": "female", "primary_clinician": ""},
        shown_on=(named("patients:list"),),
    ),
    FormTarget(
        "patient edit",
        named("patients:update", "patient_id"),
        patient_form_fields(),
        prepare=sign_in_as("clinician"),
        shown_on=(named("patients:detail", "patient_id"),),
    ),
    FormTarget(
        "patient search",
        named("patients:list"),
        ("query",),
        prepare=sign_in_as("staff"),
        follow_redirect=True,
    ),
    FormTarget(
        "patient list paging and order",
        named("patients:list"),
        ("after", "before", "sort", "status"),
        prepare=sign_in_as("staff"),
        method="get",
    ),
    FormTarget(
        "patient archive reason",
        named("patients:archive", "patient_id"),
        ("reason",),
        prepare=sign_in_as("staff"),
    ),
]


def section_page(section: str) -> Callable[[dict], str]:
    """A section page of the sweep's sample workup (a draft holding the specification's example
    document, every section at version 1)."""
    return lambda world: reverse(
        "workup:section", args=[world["patient_id"], world["workup_id"], section]
    )


def rows(prefix: str, total: int = 1) -> dict:
    """The management form of a row formset with `total` new rows."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def red_flag_fields() -> tuple[str, ...]:
    from workup.rules import vocab

    return vocab.RED_FLAGS


SHOWN_WITH_THE_WORKUP = (named("workup:overview", "patient_id", "workup_id"),)

# The section forms of the 2027.1 data capture: hostile text in every field, and hostile text in
# the free-text fields of rows otherwise valid (so that what is stored is shown again).
FORM_TARGETS += [
    FormTarget(
        "medications",
        section_page("medications"),
        ("medications-0-name", "medications-0-drug_class", "medications-0-dose", "none_taken"),
        prepare=sign_in_as("clinician"),
        fixed={"version": "1", **rows("medications")},
        shown_on=(section_page("medications"), *SHOWN_WITH_THE_WORKUP),
    ),
    FormTarget(
        "medications (valid class)",
        section_page("medications"),
        ("medications-0-name", "medications-0-dose"),
        prepare=sign_in_as("clinician"),
        fixed={"version": "1", "medications-0-drug_class": "statin", **rows("medications")},
        shown_on=(section_page("medications"), *SHOWN_WITH_THE_WORKUP),
    ),
    FormTarget(
        "red flags",
        section_page("red_flags"),
        red_flag_fields(),
        prepare=sign_in_as("clinician"),
        fixed={"version": "1"},
        shown_on=(section_page("red_flags"),),
    ),
    FormTarget(
        "lab rows",
        section_page("labs"),
        tuple(
            f"labs-0-{name}"
            for name in (
                "analyte",
                "status",
                "value",
                "unit",
                "collected_on",
                "ref_low",
                "ref_high",
            )
        ),
        prepare=sign_in_as("clinician"),
        fixed={"version": "1", **rows("labs")},
        shown_on=(section_page("labs"),),
    ),
    FormTarget(
        "lab rows (pending)",
        section_page("labs"),
        ("labs-0-value", "labs-0-unit", "labs-0-ref_low", "labs-0-ref_high"),
        prepare=sign_in_as("clinician"),
        fixed={
            "version": "1",
            "labs-0-analyte": "ck",
            "labs-0-status": "pending",
            "labs-0-collected_on": "2026-11-18",
            **rows("labs"),
        },
        shown_on=(section_page("labs"),),
    ),
    FormTarget(
        "mental health totals",
        section_page("mental"),
        ("phq9_total", "phq9_item9", "gad7_total", "phq9_1", "gad7_7", "pss10_total"),
        prepare=sign_in_as("clinician"),
        fixed={"version": "1"},
        shown_on=(section_page("mental"),),
    ),
    FormTarget(
        "gut symptoms",
        section_page("gut"),
        ("symptoms", "rome_iv_ibs", "microbiome_test"),
        prepare=sign_in_as("clinician"),
        fixed={"version": "1", "sibo_breath_test": "not_done", "probiotic_trial": "not_tried"},
        shown_on=(section_page("gut"),),
    ),
]


def summary_page(world) -> str:
    return reverse("summaries:summary", args=[world["patient_id"], world["workup_id"]])


# Taking over the sweep's sample workup (another clinician's draft): the reason is shown with
# the workup and printed on its summary.
FORM_TARGETS += [
    FormTarget(
        "take over a draft",
        named("workup:take_over", "patient_id", "workup_id"),
        ("reason", "confirm"),
        prepare=sign_in_as("clinician"),
        shown_on=SHOWN_WITH_THE_WORKUP,
    ),
    FormTarget(
        "take over a draft (confirmed)",
        named("workup:take_over", "patient_id", "workup_id"),
        ("reason",),
        prepare=sign_in_as("clinician"),
        fixed={"confirm": "on"},
        shown_on=(*SHOWN_WITH_THE_WORKUP, summary_page),
    ),
]


def questionnaire_page(name: str, *args: str) -> Callable[[dict], str]:
    """A patient's page (no record id in it) or a clinic questionnaire page of the sweep's."""
    if not args:
        return lambda world: reverse(f"questionnaires:{name}")
    return lambda world: reverse(f"questionnaires:{name}", args=args)


def questionnaire_staff_page(name: str) -> Callable[[dict], str]:
    return lambda world: reverse(
        f"questionnaires:{name}", args=[world["patient_id"], world["questionnaire_id"]]
    )


def patient_answering(*, confirmed: bool = True):
    from tests.questionnaires.factories import with_patient_session

    return with_patient_session(confirmed=confirmed)


# Questionnaires: the patient's pages (a browser holding the sweep's questionnaire) and the
# clinic's invitation and e-mail forms. "action" stays "next": a hand-back would end the session.
FORM_TARGETS += [
    FormTarget(
        "questionnaire: date of birth",
        questionnaire_page("patient_confirm"),
        ("date_of_birth",),
        prepare=patient_answering(confirmed=False),
    ),
    FormTarget(
        "questionnaire: symptoms",
        questionnaire_page("patient_part", "symptoms"),
        ("fatigue", "headaches", "symptom_duration_months", "pain_nrs"),
        prepare=patient_answering(),
        fixed={"action": "next"},
        shown_on=(questionnaire_page("patient_review"),),
    ),
    FormTarget(
        "questionnaire: pain areas",
        questionnaire_page("patient_part", "pain_areas"),
        ("areas", "no_pain"),
        prepare=patient_answering(),
        fixed={"action": "next"},
    ),
    FormTarget(
        "questionnaire: mood",
        questionnaire_page("patient_part", "mood"),
        tuple(f"item_{n}" for n in range(1, 10)),
        prepare=patient_answering(),
        fixed={"action": "next"},
    ),
    FormTarget(
        "questionnaire: exercise, sleep and diet",
        questionnaire_page("patient_part", "activity"),
        ("aerobic_minutes_per_week", "strength_sessions_per_week", "sleep_hours", "diets_tried"),
        prepare=patient_answering(),
        fixed={"action": "next"},
        shown_on=(questionnaire_page("patient_review"),),
    ),
    FormTarget(
        "questionnaire: medicines",
        questionnaire_page("patient_part", "medicines"),
        ("medicines", "none_taken"),
        prepare=patient_answering(),
        fixed={"action": "next"},
        shown_on=(
            questionnaire_page("patient_part", "medicines"),
            questionnaire_page("patient_review"),
        ),
    ),
    FormTarget(
        "questionnaire: warning signs",
        questionnaire_page("patient_part", "warning_signs"),
        ("fever", "weight_loss", "jaw_claudication"),
        prepare=patient_answering(),
        fixed={"action": "next"},
    ),
    FormTarget(
        "questionnaire: invite",
        lambda world: reverse("questionnaires:invite", args=[world["patient_id"]]),
        ("workup", "visit_date", "clinician", "parts", "channel"),
        prepare=sign_in_as("staff"),
    ),
    FormTarget(
        "questionnaire: e-mail the link",
        questionnaire_staff_page("email"),
        ("code",),
        prepare=sign_in_as("staff"),
    ),
    FormTarget(
        "questionnaire: accept a section's answers",
        lambda world: reverse(
            "questionnaires:accept", args=[world["patient_id"], world["workup_id"], "pain"]
        ),
        ("version",),
        prepare=sign_in_as("clinician"),
    ),
]


def assert_escaped(response, where: str):
    """No hostile value reached the page as markup."""
    if "html" not in response.get("Content-Type", ""):
        return
    text = response.content.decode(errors="replace")
    assert XSS_MARK not in text, f"unescaped input on {where}"
    assert "<img src=x" not in text and "<svg onload" not in text, f"unescaped input on {where}"


class Sentinel:
    """Records that exist before the fuzzing and must come out of it unchanged."""

    def __init__(self, world):
        self.world = world
        self.user = User.objects.create_user(
            "sentinel", password=PASSWORD, first_name="Sentinel", email="sentinel@example.org"
        )
        self.snapshot = self._read()

    def _read(self):
        from patients.models import Patient

        patient = Patient.objects.filter(pk=self.world.get("patient_id")).values().first()
        user = User.objects.filter(pk=self.user.pk).values().first()
        return {
            "user": user,
            "patient": patient,
            "groups": sorted(Group.objects.values_list("name", flat=True)),
        }

    def assert_intact(self):
        after = self._read()
        after_patient = dict(after["patient"] or {})
        before_patient = dict(self.snapshot["patient"] or {})
        # A fuzzed edit of the sweep's patient may change it; only through the form, and its
        # row still exists. Other records must be exactly as before.
        assert (after["patient"] is None) == (self.snapshot["patient"] is None)
        assert after_patient.get("id") == before_patient.get("id")
        assert after["user"] == self.snapshot["user"]
        assert after["groups"] == self.snapshot["groups"]
        _, chain_break = audit_trail_verify()
        assert chain_break is None, str(chain_break)
