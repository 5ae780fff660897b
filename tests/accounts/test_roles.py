"""The three roles exist as groups, with exactly the permissions of DESIGN.md's role table."""

from django.contrib.auth.models import Group

PATIENTS = {
    "patients.view_patient",
    "patients.add_patient",
    "patients.change_patient",
    "patients.archive_patient",
}
WORKUPS_READ = {"workup.view_workup", "workup.print_summary"}
WORKUPS_WRITE = {
    "workup.add_workup",
    "workup.change_workup",
    "workup.sign_workup",
    "workup.amend_workup",
}
QUESTIONNAIRES = {
    "questionnaires.view_questionnaire",
    "questionnaires.add_questionnaire",
    "questionnaires.change_questionnaire",
}
ROLE_TABLE = {
    "clinician": PATIENTS
    | WORKUPS_READ
    | WORKUPS_WRITE
    | QUESTIONNAIRES
    | {"questionnaires.acknowledge_safety_alert"},
    "staff": PATIENTS | WORKUPS_READ | QUESTIONNAIRES,
    "admin": {"accounts.manage_users", "audit.view_auditevent"},
}


def permissions_of(group):
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }


def test_the_three_roles_exist_and_nothing_else(db):
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLE_TABLE)


def test_each_role_has_exactly_its_permissions(db):
    for name, expected in ROLE_TABLE.items():
        assert permissions_of(Group.objects.get(name=name)) == expected, name


def test_a_user_knows_their_role(clinician, staff, admin_user):
    assert (clinician.role.value, staff.role.value, admin_user.role.value) == (
        "clinician",
        "staff",
        "admin",
    )
