"""Applying to join with the keyboard alone: Tab, Shift+Tab, Enter and Space."""

import pytest
from playwright.sync_api import expect

from coalition.members.models import Application
from coalition.members.tests.factories import (
    MembershipTypeFactory,
    RegionFactory,
    ThemeFactory,
)

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute("name") || "",
    text: (el.innerText || el.value || "").trim().slice(0, 60),
    summary: el.hasAttribute("data-error-summary"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    onScreen: rect.width > 0 && rect.bottom > 0 && rect.top < window.innerHeight,
  };
}"""


@pytest.fixture
def join_choices(db):
    MembershipTypeFactory(name="Full", slug="full", order=0)
    MembershipTypeFactory(name="Associate", slug="associate", order=1)
    RegionFactory(name="England-wide")
    RegionFactory(name="London")
    ThemeFactory(name="Advice")
    ThemeFactory(name="Housing")


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def assert_visible_focus(page) -> dict:
    """The element with focus shows a focus indicator and is on screen (WCAG 2.4.7, 2.4.11)."""
    element = focused(page)
    assert element["outline"] or element["shadow"], f"No visible focus indicator on {element}"
    assert element["onScreen"], f"The focused element is off screen: {element}"
    return element


def tab_to(page, *, name: str = "", text: str = "", limit: int = 40) -> dict:
    """Press Tab until the named field (or the element showing `text`) has focus.

    Every element focused on the way must show where the focus is.
    """
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = assert_visible_focus(page)
        if (name and element["name"] == name) or (text and element["text"] == text):
            return element
    raise AssertionError(f"Tab never reached {name or text!r}; stopped at {element}")


def test_an_applicant_can_apply_with_the_keyboard_alone(site, join_choices):
    page = site.page
    keyboard = page.keyboard
    site.visit("/join/")

    # The first Tab shows the skip link; Enter on it moves focus to the main content.
    keyboard.press("Tab")
    assert assert_visible_focus(page)["text"] == "Skip to main content"
    keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Tab through the whole form to the button and send it empty.
    element = tab_to(page, text="Send application", limit=60)
    assert element["tag"] == "button"
    site.press_and_follow("Enter")

    # The error summary takes focus, shows it, and lists what to fix.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert assert_visible_focus(page)["summary"]
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link").first).to_contain_text("Organisation name")
    assert Application.objects.count() == 0

    # The first link in the summary leads to the field; type into it.
    keyboard.press("Tab")
    assert assert_visible_focus(page)["text"].startswith("Organisation name")
    keyboard.press("Enter")
    expect(page.get_by_label("Organisation name")).to_be_focused()
    assert_visible_focus(page)
    keyboard.type("Keyboard Community Trust")

    tab_to(page, name="description")
    keyboard.type("We help community groups across England to work together.")
    tab_to(page, name="regions")  # the first region, England-wide
    keyboard.press("Space")
    tab_to(page, name="contact_name")
    keyboard.type("Alex Morgan")
    keyboard.press("Tab")
    keyboard.type("alex.morgan@example.org")
    keyboard.press("Tab")
    keyboard.type("Director")
    # One Tab enters the radio group at its first choice; Space chooses it.
    tab_to(page, name="membership_type")
    keyboard.press("Space")
    for field in (
        "is_voluntary_or_charitable",
        "works_england_wide",
        "works_mainly_for_community_sector",
        "declaration",
    ):
        tab_to(page, name=field, limit=3)
        keyboard.press("Space")

    # Shift+Tab goes back; the answers typed so far are kept.
    keyboard.press("Shift+Tab")
    assert assert_visible_focus(page)["name"] == "supports_community_sector"
    expect(page.get_by_label("Organisation name")).to_have_value("Keyboard Community Trust")

    tab_to(page, text="Send application", limit=3)
    site.press_and_follow("Enter")
    assert site.path == "/join/thanks/"
    expect(page.get_by_role("main")).to_contain_text("Keyboard Community Trust")

    application = Application.objects.get()
    assert application.organisation_name == "Keyboard Community Trust"
    assert application.contact_email == "alex.morgan@example.org"
    assert application.membership_type.slug == "full"
    assert [region.name for region in application.regions.all()] == ["England-wide"]
    assert application.declaration and application.works_mainly_for_community_sector
    assert not application.supports_community_sector
