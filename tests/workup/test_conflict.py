"""Two clinicians save the same section: the second sees the conflict page with their input
and the stored values side by side, nothing is overwritten, and nothing either typed is lost."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from tests.conftest import sign_in
from tests.workup.formdata import section_data
from tests.workup.helpers import page_version, section_url, url
from workup import adapters, services
from workup.models import Workup
from workup.rules.facts import Lifestyle


@pytest.fixture
def first(clinician):
    return sign_in(Client(), clinician)


@pytest.fixture
def second(other_clinician):
    return sign_in(Client(), other_clinician)


def lifestyle(**values):
    return Lifestyle(**values)


def stored_lifestyle(workup):
    return adapters.section_value(Workup.objects.get(pk=workup.pk), "lifestyle")


def test_two_interleaved_saves_the_second_gets_the_conflict_and_nothing_is_lost(
    first, second, draft
):
    page = section_url(draft, "lifestyle")
    version_a = page_version(first.get(page))
    version_b = page_version(second.get(page))
    assert version_a == version_b

    mine_a = lifestyle(aerobic_minutes_per_week=60, sleep_hours=6.5)
    saved = first.post(page, section_data("lifestyle", mine_a, version=version_a))
    assert saved.status_code == 302
    assert stored_lifestyle(draft) == mine_a

    mine_b = lifestyle(aerobic_minutes_per_week=200, strength_sessions_per_week=2)
    conflict = second.post(page, section_data("lifestyle", mine_b, version=version_b))
    assert conflict.status_code == 409
    assert stored_lifestyle(draft) == mine_a, "the first save was not overwritten"

    html = conflict.content.decode()
    assert "someone else saved first" in html
    assert "was saved by Ines Rivera" in html, "names who saved meanwhile"
    assert "<td>200 minutes a week</td>" in html, "the loser's input is shown back"
    assert "<td>60 minutes a week</td>" in html, "beside the stored value"
    assert 'name="aerobic_minutes_per_week" value="200"' in html, "and kept for re-submission"
    assert AuditEvent.objects.filter(action="workup.section_conflict").count() == 1


def test_keeping_mine_re_submits_with_the_new_version(first, second, draft):
    page = section_url(draft, "lifestyle")
    version = page_version(first.get(page))
    page_version(second.get(page))
    first.post(page, section_data("lifestyle", lifestyle(sleep_hours=5), version=version))
    mine = lifestyle(sleep_hours=8)
    conflict = second.post(page, section_data("lifestyle", mine, version=version))
    current = Workup.objects.get(pk=draft.pk).lifestyle.version
    assert f'name="version" value="{current}"' in conflict.content.decode()

    resubmit = section_data("lifestyle", mine, version=current)
    assert second.post(page, resubmit).status_code == 302
    assert stored_lifestyle(draft) == mine


def test_edit_my_input_first_shows_the_form_filled_with_it(first, second, draft):
    page = section_url(draft, "lifestyle")
    version = page_version(first.get(page))
    first.post(page, section_data("lifestyle", lifestyle(sleep_hours=5), version=version))
    current = Workup.objects.get(pk=draft.pk).lifestyle.version
    data = section_data("lifestyle", lifestyle(sleep_hours=9.5), version=current)
    data["review"] = "1"
    response = second.post(page, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="9.5"' in html
    assert f'name="version" value="{current}"' in html
    assert stored_lifestyle(draft) == lifestyle(sleep_hours=5)


def test_taking_the_stored_values_is_a_link_back_to_the_section(first, second, draft):
    page = section_url(draft, "lifestyle")
    version = page_version(first.get(page))
    first.post(page, section_data("lifestyle", lifestyle(sleep_hours=5), version=version))
    conflict = second.post(page, section_data("lifestyle", lifestyle(), version=version))
    assert f'href="{page}">Take the stored values' in conflict.content.decode()


def test_a_section_cleared_meanwhile_is_a_conflict_too(first, second, draft):
    page = section_url(draft, "gut")
    version = page_version(second.get(page))
    first.post(url("section_clear", draft, "gut"), {"version": str(version)})
    assert adapters.section_value(Workup.objects.get(pk=draft.pk), "gut") is None
    from workup.rules.facts import Gut

    response = second.post(page, section_data("gut", Gut(symptoms=("nausea",)), version=version))
    assert response.status_code == 409
    assert "section not recorded" in response.content.decode()


def test_a_section_recorded_meanwhile_conflicts_with_a_form_from_before(first, second, empty_draft):
    page = section_url(empty_draft, "hormones")
    assert page_version(first.get(page)) == 0
    assert page_version(second.get(page)) == 0
    from workup.rules.facts import Hormones

    first.post(page, section_data("hormones", Hormones("premenopausal"), version=0))
    response = second.post(page, section_data("hormones", Hormones("postmenopausal"), version=0))
    assert response.status_code == 409
    assert adapters.section_value(Workup.objects.get(pk=empty_draft.pk), "hormones") == Hormones(
        "premenopausal"
    )


def test_a_version_is_never_reused_after_a_section_is_cleared(clinician, empty_draft):
    from workup.rules.facts import Hormones

    section, _ = services.section_update(
        actor=clinician,
        workup=empty_draft,
        name="hormones",
        value=Hormones("premenopausal"),
        expected_version=0,
    )
    old_version = section.version
    services.section_clear(
        actor=clinician, workup=empty_draft, name="hormones", expected_version=old_version
    )
    again, _ = services.section_update(
        actor=clinician,
        workup=empty_draft,
        name="hormones",
        value=Hormones("pregnant"),
        expected_version=0,
    )
    assert again.version != old_version
    with pytest.raises(services.SectionConflict):
        services.section_update(
            actor=clinician,
            workup=empty_draft,
            name="hormones",
            value=Hormones("postpartum"),
            expected_version=old_version,
        )


def test_saving_unchanged_values_keeps_the_version(clinician, draft):
    value = adapters.section_value(draft, "gut")
    section, changed = services.section_update(
        actor=clinician, workup=draft, name="gut", value=value, expected_version=draft.gut.version
    )
    assert not changed
    assert section.version == draft.gut.version
