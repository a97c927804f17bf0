"""The committee, department and awaited-responses pages in a real browser (Debian's Chromium): axe finds nothing,
and no page scrolls sideways."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.recommendations.test_committee_pages import build

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "committees": "/committees/",
    "committee": "/committees/made-up/",
    "departments": "/departments/",
    "department": "/departments/testing/",
    "awaited": "/responses/awaited/",
    "awaited, filtered": "/responses/awaited/?house=House+of+Lords&department=testing",
    "awaited with a bad filter": "/responses/awaited/?committee=no-such-committee&page=abc",
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_new_pages_pass_axe_and_fit_the_screen_without_inline_styles_or_scripts(browser, live_server, viewport):
    build(30)
    context = browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    failures = {}
    for name, path in PAGES.items():
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("[style]").count() == 0 and page.locator("script").count() == 0, path
        page.locator("details").evaluate_all("elements => elements.forEach(element => { element.open = true; })")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        results = Axe().run(page)
        if results.violations_count:
            failures[name] = [
                (violation["id"], [node["target"] for node in violation["nodes"]][:3])
                for violation in results.response["violations"]
            ]
    context.close()
    assert failures == {}
