"""Forms that fit a clinic's screens: on a phone (390 px) and a desktop (1280 px), no form page
cuts its own words. Every visible label, legend, button, table heading, select, date box and
number box is as wide as its text (its scroll width is within 1 px of its client width), and
every option a select offers fits inside the select beside its arrow, so "Choose an analyte"
never reads "Choose an analyt". Nor does a page scroll sideways as a whole (a wide table
scrolls in its own box). Each page also passes axe-core with no serious or critical violation,
and is saved as a screenshot for people to look at."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import authenticator
from tests.e2e.workup_forms import document
from workup.importing import workup_import
from workup.sections import SECTION_NAMES

pytestmark = pytest.mark.e2e

WIDTHS = {"phone": 390, "desktop": 1280}

# What is cut, page by page: an element whose content is wider than its box, or a select with
# an option wider than the room its box leaves beside the arrow. Hidden elements (among them
# the labels kept for screen readers only) are not seen, so cannot be cut.
CUT_TEXT = """
(boxes) => {
  const canvas = document.createElement("canvas").getContext("2d");
  const seen = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden"
      && !el.closest(".visually-hidden, [hidden]");
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
    + (el.name ? `[name=${el.name}]` : "");
  const cut = [];
  for (const el of document.querySelectorAll(`label, legend, select, button, th, ${boxes}`)) {
    if (!seen(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      cut.push(`${name(el)} "${(el.value || el.innerText).trim().slice(0, 60)}": `
        + `${el.scrollWidth} px of content in ${el.clientWidth} px`);
    }
    if (el.tagName !== "SELECT") continue;
    const style = getComputedStyle(el);
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const option of el.options) {
      if (option.hidden || option.disabled) continue;
      const width = canvas.measureText(option.text).width;
      if (width > room + 1) {
        cut.push(`${name(el)} option "${option.text}": ${Math.ceil(width)} px in ${room} px`);
      }
    }
  }
  return cut;
}
"""


def form_pages(patient_id: int, workup) -> dict[str, str]:
    """Screenshot name -> address of every page with a form a clinician fills in."""
    args = [patient_id, workup.pk]
    return {
        "registration": reverse("patients:create"),
        "patient-edit": reverse("patients:update", args=[patient_id]),
        "new-workup": reverse("workup:create", args=[patient_id]),
        "visit-details": reverse("workup:details", args=args),
        **{name: reverse("workup:section", args=[*args, name]) for name in SECTION_NAMES},
        "sign": reverse("workup:sign", args=args),
    }


PAGE_WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def cut_text(visitor, where: str) -> list[str]:
    boxes = "input[data-date-format], input[inputmode]"
    cut = [f"{where}: {cut}" for cut in visitor.page.evaluate(CUT_TEXT, boxes)]
    content, window = visitor.page.evaluate(PAGE_WIDTH)
    if content > window + 1:
        cut.append(f"{where}: the page is {content} px wide in a {window} px window")
    return cut


@pytest.mark.parametrize("screen", WIDTHS)
def test_every_form_page_fits_a_phone_and_a_desktop(visitor_factory, clinician, screen):
    workup = workup_import(
        facts=document("treatment_resistant_woman"), clinician_username=clinician.username
    ).workup
    width = WIDTHS[screen]
    visitor = visitor_factory(f"forms-fit-{screen}")
    visitor.page.set_viewport_size({"width": width, "height": 900})
    visitor.log_in(clinician.username, device=authenticator(clinician))

    cut = []
    for name, path in form_pages(workup.patient_id, workup).items():
        visitor.goto(path, state=screen)
        cut += cut_text(visitor, f"{name} at {width} px")
        visitor.screenshot(name)

    # The registration form as it comes back with every required field missing.
    visitor.goto(reverse("patients:create"), state=screen)
    visitor.press("Register")
    visitor.check_page(f"{screen} errors")
    cut += cut_text(visitor, f"registration with errors at {width} px")
    visitor.screenshot("registration-errors")
    assert not cut, "text cut short:\n" + "\n".join(cut)


OFFERED = "select => [...select.options].filter(o => !o.hidden && !o.disabled).map(o => o.value)"


def test_the_unit_list_offers_the_units_of_the_chosen_analyte(visitor, clinician):
    """No unit before an analyte is chosen; then that analyte's units only, its one unit
    chosen for it when it has one."""
    workup = workup_import(
        facts=document("treatment_resistant_woman"), clinician_username=clinician.username
    ).workup
    visitor.log_in(clinician.username, device=authenticator(clinician))
    visitor.goto(reverse("workup:section", args=[workup.patient_id, workup.pk, "labs"]))
    page = visitor.page
    blank = page.locator("[data-lab-row]").last
    analyte, unit = (
        blank.locator('select[name$="-analyte"]'),
        blank.locator('select[name$="-unit"]'),
    )

    assert unit.evaluate(OFFERED) == [""]
    analyte.select_option("hba1c")
    assert unit.evaluate(OFFERED) == ["", "%", "mmol/mol"]
    assert unit.input_value() == ""
    unit.select_option("mmol/mol")
    analyte.select_option("esr")
    assert unit.evaluate(OFFERED) == ["", "mm/h"]
    assert unit.input_value() == "mm/h"
    visitor.screenshot("labs-units")
