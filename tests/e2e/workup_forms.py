"""Filling the workup's section pages in the browser from a workup document, control by control.

What goes into each control comes from tests.workup.formdata (the same field-by-field reading
of a document the view tests post); here it is typed, ticked and chosen on the real page.
"""

from playwright.sync_api import expect

from tests.workup.factories import document_facts, load_document
from tests.workup.formdata import BUILDERS
from workup import adapters
from workup.sections import section_kind


def document(name: str):
    """A workup document of tests/fixtures/documents, as facts."""
    return document_facts(load_document(name))


def section_value(facts, section: str):
    return adapters.facts_section_value(facts, section)


def set_control(page, name: str, value):
    """Type, tick or choose `value` in the control(s) named `name`."""
    controls = page.locator(f'[name="{name}"]')
    first = controls.first
    kind = first.evaluate("e => e.type")
    values = value if isinstance(value, list) else [value]
    if kind == "hidden":
        return
    if kind == "checkbox" and controls.count() > 1:
        for box in controls.all():
            box.set_checked(box.get_attribute("value") in values)
    elif kind == "checkbox":
        first.set_checked(value == "on")
    elif kind == "radio":
        page.locator(f'[name="{name}"][value="{value}"]').check()
    elif kind.startswith("select"):
        first.select_option(value)
    else:
        first.fill(value)


def fill_plain_section(page, section: str, value):
    """Every control of a section without rows."""
    for name, entry in BUILDERS[section](value).items():
        set_control(page, name, entry)


def fill_exclusions(page, findings):
    """Each finding on the row of its condition; conditions the document omits stay as shown."""
    for finding in findings:
        condition = page.locator(f'input[name$="-condition"][value="{finding.condition}"]')
        prefix = condition.get_attribute("name").removesuffix("condition")
        page.locator(f'[name="{prefix}status"]').select_option(finding.status)
        page.locator(f'[name="{prefix}note"]').fill(finding.note or "")


def fill_rows(visitor, section: str, rows, *, prefix: str, save: str = "Save"):
    """Rows into the blank rows at the end of the table; when they run out, save (the page
    comes back with more blank rows) and go on. No rows at all ticks the section's box that
    says so (no drug tried, no current medication)."""
    page = visitor.page
    data = BUILDERS[section](list(rows))
    for none in ("none_tried", "none_taken"):
        if not rows and none in data:
            set_control(page, none, "on")
    for index in range(len(rows)):
        if page.locator(f'[name="{prefix}-{index}-{first_field(data, prefix)}"]').count() == 0:
            visitor.press(save)
            visitor.expect_saved(f"{section_kind(section).title}: saved.")
        for name, entry in data.items():
            if name.startswith(f"{prefix}-{index}-"):
                set_control(page, name, entry)


def first_field(data: dict, prefix: str) -> str:
    name = next(n for n in data if n.startswith(f"{prefix}-0-"))
    return name.removeprefix(f"{prefix}-0-")


def fill_section(visitor, section: str, value):
    """Fill a whole section page as the document says (the page must be open)."""
    page = visitor.page
    expect(page.get_by_role("heading", level=1, name=section_kind(section).title)).to_be_visible()
    if section == "exclusions":
        fill_exclusions(page, value)
    elif section == "labs":
        fill_rows(visitor, section, value, prefix="labs")
    elif section == "treatments":
        fill_rows(visitor, section, value, prefix="trials")
    elif section == "medications":
        fill_rows(visitor, section, value, prefix="medications")
    else:
        fill_plain_section(page, section, value)


FOCUSED = """() => {
  const e = document.activeElement;
  return {tag: e.tagName.toLowerCase(), name: e.name || "", type: e.type || "",
          value: e.value ?? "", checked: !!e.checked, text: (e.innerText || "").trim(),
          options: e.tagName === "SELECT" ? [...e.options].map(o => o.value) : [],
          group: e.type === "radio" ? [...document.getElementsByName(e.name)].map(r => r.value)
                                     : []};
}"""


def fill_by_keyboard(page, data: dict, *, until: str, limit: int = 400) -> list[dict]:
    """Tab through the page from where the focus is, answering each control named in `data`
    with the keyboard alone (typing, Space, arrow keys), until the button labelled `until` has
    the focus. Returns the controls the focus went through, in order."""
    keyboard = page.keyboard
    visited = []
    for _ in range(limit):
        keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        visited.append(focused)
        if focused["tag"] == "button" and focused["text"] == until:
            return visited
        if focused["name"] not in data:
            continue
        wanted = data[focused["name"]]
        if focused["type"] == "radio":
            move(keyboard, focused["group"], focused["value"], wanted)
            keyboard.press("Space")
        elif focused["type"] == "checkbox":
            if focused["checked"] != (focused["value"] in wanted or wanted == "on"):
                keyboard.press("Space")
        elif focused["tag"] == "select":
            move(keyboard, focused["options"], focused["value"], wanted)
        else:
            keyboard.press("ControlOrMeta+A")
            keyboard.type(wanted)
    raise AssertionError(f"{until!r} never had the focus after {limit} Tab presses: {visited}")


def move(keyboard, choices: list, current: str, wanted: str):
    """Arrow keys from the current choice of a radio group or a list to the wanted one."""
    steps = choices.index(wanted) - choices.index(current)
    for _ in range(abs(steps)):
        keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
