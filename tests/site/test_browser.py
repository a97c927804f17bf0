"""The public site in a real browser: Playwright driving Debian's Chromium against the SEND data.

Run with the rest of the suite; `-m browser` selects these alone. Screenshots go to test-artifacts/.
"""

import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.template.loader import render_to_string
from playwright.sync_api import expect, sync_playwright

from recommendations.models import Recommendation, Theme, WrittenQuestion
from tests.site.public_pages import add_the_answering_department, public_paths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SLUG = "special-educational-needs-and-disabilities"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API keeps an event loop in this thread; Django refuses queries next to one unless told
    # that this is safe, which it is here: the loop only drives the browser. Only for this module's tests.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def send_data(browser):
    # The real SEND documents through the importers (import_response, import_question) and the editorial layer.
    call_command("load_send_data", stdout=io.StringIO())
    assert Recommendation.objects.filter(report__slug=SLUG).count() == 38


@pytest.fixture
def page(browser, live_server, send_data):
    # bypass_csp lets axe's script run under the site's Content-Security-Policy.
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def open_every_details(page) -> None:
    """Open the <details> (tables of figures, the introduction): the checks see what they hide."""
    page.locator("details").evaluate_all("elements => elements.forEach(element => { element.open = true; })")


def result_count(page) -> int:
    heading = page.locator("#results-heading").inner_text()
    return int(re.match(r"\s*(\d+) recommendation", heading).group(1))


def option_count(page, name: str, value: str) -> int:
    label = page.locator(f"label[for='filter-{name}-{value}']").inner_text()
    return int(re.search(r"\((\d+)\)", label).group(1))


def test_filter_the_list_by_theme_then_status(page):
    page.goto("/recommendations/")
    everything = result_count(page)
    assert everything == 38

    theme = "accountability-and-inspection"
    expected = option_count(page, "theme", theme)
    page.check(f"input[name='theme'][value='{theme}']")
    page.get_by_role("button", name="Show recommendations").click()
    assert result_count(page) == expected == Recommendation.objects.filter(themes__slug=theme).count()
    assert expected < everything

    # The status options now count within the theme: choose one that narrows it further.
    statuses = page.locator("input[name='status']")
    values = [statuses.nth(i).get_attribute("value") for i in range(statuses.count())]
    narrower = next(v for v in values if 0 < option_count(page, "status", v) < expected)
    within = option_count(page, "status", narrower)
    page.check(f"input[name='status'][value='{narrower}']")
    page.get_by_role("button", name="Show recommendations").click()
    assert result_count(page) == within
    assert within == Recommendation.objects.filter(themes__slug=theme, status=narrower).count()
    assert f"theme={theme}" in page.url and f"status={narrower}" in page.url


def test_search_senco_and_open_recommendation_18_beside_its_reply(page):
    page.goto("/")
    page.get_by_label("Words to find in recommendations and replies").fill("SENCO")
    page.get_by_role("search", name="Search the recommendations").get_by_role("button", name="Search").click()
    results = page.locator("#results-heading")
    expect(results).to_contain_text("matching “SENCO”")
    numbers = page.locator(".results .rec-head a").all_inner_texts()
    assert "Recommendation 18" in numbers and "Recommendation 19" in numbers

    page.get_by_role("link", name="Recommendation 18", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/reports/{SLUG}/18/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 18")
    committee = page.locator(".compare-committee")
    reply = page.locator(".compare-replies .reply").first
    expect(committee).to_contain_text("Committee: Education Committee")
    expect(committee).to_contain_text("Paragraph 45")
    expect(committee).to_contain_text("all SENCOs should undertake the NASENCO course")
    expect(reply).to_contain_text("Response from:")

    # Side by side at desktop width: the reply starts level with the recommendation, to its right.
    left, right = committee.bounding_box(), reply.bounding_box()
    assert right["x"] >= left["x"] + left["width"]
    assert abs(right["y"] - left["y"]) < 5

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "recommendation-18-desktop.png", full_page=True)

    # One after the other on a phone: the reply below the recommendation, in the same column.
    page.set_viewport_size(PHONE)
    left, right = committee.bounding_box(), reply.bounding_box()
    assert right["y"] >= left["y"] + left["height"]
    assert abs(right["x"] - left["x"]) < 5
    assert left["width"] <= PHONE["width"]
    page.screenshot(path=ARTIFACTS / "recommendation-18-phone.png", full_page=True)


def test_follow_a_theme_link(page):
    theme = Theme.objects.get(slug="send-workforce")
    page.goto("/")
    page.get_by_role("link", name=theme.name).click()
    expect(page).to_have_url(re.compile(r"/themes/send-workforce/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(theme.name)
    links = page.locator(".rec-list .rec-head a").all_inner_texts()
    assert [link.split()[-1] for link in links] == ["18", "19", "20"]

    page.goto("/themes/")
    page.get_by_role("link", name=theme.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(theme.name)
    page.get_by_role("link", name="Recommendation 19").click()
    page.get_by_role("link", name=theme.name, exact=True).click()
    expect(page).to_have_url(re.compile(r"/recommendations/\?theme=send-workforce$"))
    assert result_count(page) == 3


def test_the_site_works_without_javascript(browser, live_server, send_data):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/recommendations/?q=biennial")
    assert page.locator(".results .rec-head a").all_inner_texts() == ["Recommendation 35"]
    page.goto(f"/reports/{SLUG}/")
    page.get_by_text("Show these figures as a table").click()
    expect(page.get_by_role("table")).to_be_visible()
    context.close()


def test_no_public_page_scrolls_sideways_on_a_phone(browser, live_server, send_data):
    add_the_answering_department()
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    wide = {}
    for path in public_paths().values():
        # Exports and feeds are not pages to look at (a CSV would start a download).
        if not page.request.get(path).headers["content-type"].startswith("text/html"):
            continue
        assert page.goto(path).status == 200, path
        open_every_details(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.evaluate("window.innerWidth"):
            wide[path] = width
    context.close()
    assert not wide, wide


def axe_pages():
    question = WrittenQuestion.objects.order_by("key").first()
    return {
        "home": "/",
        "recommendation list": "/recommendations/?theme=send-workforce&status=rejected",
        "search": "/recommendations/?q=SENCO",
        "list with a bad filter": "/recommendations/?theme=no-such-theme&page=abc",
        "report": f"/reports/{SLUG}/",
        "recommendation": f"/reports/{SLUG}/18/",
        "recommendation with several replies": f"/reports/{SLUG}/16/",
        "themes": "/themes/",
        "theme": "/themes/send-workforce/",
        "questions": "/questions/",
        "questions with a bad filter": "/questions/?theme=no-such-theme",
        "question": question.get_absolute_url(),
        "not found": "/no/such/page/",
        "recommendation with progress and a commitment": f"/reports/{SLUG}/21/",
        "commitments": "/commitments/",
        "overdue commitments with a bad filter": "/commitments/?state=overdue&state=kept&page=abc",
        "reviews": "/reviews/",
        "review": "/reviews/send-review/",
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_type_passes_axe(page, viewport):
    page.set_viewport_size(viewport)
    failures = {}
    for name, path in axe_pages().items():
        response = page.goto(path)
        assert response.status < 500, path
        open_every_details(page)
        results = Axe().run(page)
        if results.violations_count:
            failures[name] = [
                (violation["id"], [node["target"] for node in violation["nodes"]][:3])
                for violation in results.response["violations"]
            ]
    # The 500 page cannot be provoked through the live server: show its HTML at the site's address.
    page.set_content(render_to_string("500.html"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, something went wrong")
    results = Axe().run(page)
    if results.violations_count:
        failures["server error"] = [violation["id"] for violation in results.response["violations"]]
    assert failures == {}


def test_focus_is_visible_and_the_skip_link_works(page):
    page.goto(f"/reports/{SLUG}/18/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["x"] >= 0
    themes = page.get_by_role("link", name="Themes", exact=True)
    unfocused = themes.evaluate("e => getComputedStyle(e).backgroundColor")
    for _ in range(3):  # the site name, Recommendations, Themes
        page.keyboard.press("Tab")
    expect(themes).to_be_focused()
    focused = themes.evaluate("e => getComputedStyle(e).backgroundColor")
    assert focused != unfocused
    skip.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_no_inline_styles_or_scripts(page):
    for path in axe_pages().values():
        page.goto(path)
        assert page.locator("[style]").count() == 0, path
        assert page.locator("script").count() == 0, path


def axe_violations(page) -> list:
    results = Axe().run(page)
    return [violation["id"] for violation in results.response["violations"]]


def test_follow_by_email_confirm_and_manage(page, live_server, settings, mailoutbox):
    settings.SITE_URL = live_server.url
    page.goto(f"/reports/{SLUG}/18/")
    form = page.get_by_role("region", name="Get an email when this changes")
    form.get_by_label("Your email address").fill("parent@example.org")
    form.get_by_label("Once a day").check()
    form.get_by_role("button", name="Follow by email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert axe_violations(page) == []

    [confirmation] = mailoutbox
    link = re.search(r"http://\S+/alerts/confirm/\S+/", confirmation.body)[0]
    page.goto(link)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm and start the alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alert is confirmed")
    page.get_by_role("link", name="See and change all your alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alerts")
    row = page.get_by_role("row", name=re.compile("Recommendation 18"))
    expect(row.get_by_label(re.compile("How often"))).to_have_value("daily")
    row.get_by_label(re.compile("How often")).select_option("weekly")
    row.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(row.get_by_label(re.compile("How often"))).to_have_value("weekly")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        assert axe_violations(page) == [], viewport
    page.get_by_role("button", name="Stop all alerts and delete my address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alerts are stopped")
