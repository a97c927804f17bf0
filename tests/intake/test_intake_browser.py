"""An editor takes in the SEND response in a real browser: upload a PDF, review, correct, publish; then the same
response as a Commons web page, published over it. Screenshots go to test-artifacts/."""

import time

import pytest
from playwright.sync_api import expect

from intake.models import Draft
from recommendations.models import Recommendation, Report
from tests.intake.test_review_one_click import HEADED
from tests.send_documents import LAYOUTS, send_html, send_pdf
from tests.site.test_browser import ARTIFACTS, DESKTOP, browser  # noqa: F401 (the module's browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def signed_in(browser, live_server, editor, **options):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, **options)
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def upload(page, path) -> float:
    page.goto("/admin/intake/draft/upload/")
    page.get_by_label("Government response or committee report").set_input_files(str(path))
    started = time.perf_counter()
    page.get_by_role("button", name="Read the document").click()
    expect(page.get_by_role("heading", name="What needs your eye")).to_be_visible()
    return time.perf_counter() - started


def test_upload_a_pdf_review_correct_and_publish_then_the_html_page(browser, live_server, editor, tmp_path):  # noqa: F811
    page = signed_in(browser, live_server, editor)
    pdf = tmp_path / "send-response.pdf"
    pdf.write_bytes(send_pdf(LAYOUTS["pdf-bold"]))
    seconds = upload(page, pdf)
    print(f"PDF upload to review page: {seconds:.1f} s")
    expect(page.get_by_text("Read as pdf: 38 recommendations and 35 replies")).to_be_visible()
    table = page.get_by_role("table", name="Each recommendation as read")
    expect(table).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "intake-review.png"))

    # An editor's correction: the first recommendation's paragraphs.
    page.get_by_text("Correct recommendation 1", exact=True).click()
    page.get_by_label("Report paragraphs").first.fill("17, 18")
    page.get_by_role("button", name="Save recommendation 1", exact=True).click()
    expect(page.get_by_text("Your correction was made")).to_be_visible()
    expect(table.get_by_role("rowheader").first).to_contain_text("(paragraphs 17, 18)")

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published. send-response.pdf: report")).to_be_visible()
    report = Report.objects.get()
    assert Recommendation.objects.filter(report=report).count() == 38
    assert Recommendation.objects.get(report=report, number="1").paragraphs == ["17", "18"]
    page.get_by_role("link", name="see the published report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Special educational needs and disabilities")

    # The web page of the same response, reviewed and published with JavaScript off.
    page.context.close()
    page = signed_in(browser, live_server, editor, java_script_enabled=False)
    html = tmp_path / "send-response.html"
    html.write_text(send_html(), encoding="utf-8")
    upload(page, html)
    expect(page.get_by_text("Read as html: 38 recommendations and 35 replies")).to_be_visible()
    page.get_by_text("Correct reply 1 ", exact=False).first.click()
    page.get_by_label("Answers recommendations").first.fill("1, 2")
    page.get_by_role("button", name="Save reply 1").click()
    expect(page.get_by_text("Your correction was made")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published. send-response.html: report")).to_be_visible()
    assert Draft.objects.filter(state=Draft.State.PUBLISHED).count() == 2
    assert Report.objects.get().source_document == "send-response.html"
    # Publishing the response again (the web page this time) kept the editor's correction.
    assert Recommendation.objects.get(number="1").paragraphs == ["17", "18"]
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.context.close()


def test_the_one_click_corrections_without_javascript(browser, live_server, editor, tmp_path):  # noqa: F811
    page = signed_in(browser, live_server, editor, java_script_enabled=False)
    path = tmp_path / "headed.txt"
    path.write_text(HEADED, encoding="utf-8")
    upload(page, path)
    page.get_by_role("button", name="Heading, not a recommendation (recommendation 2)", exact=True).click()
    expect(page.get_by_text("Your correction was made")).to_be_visible()
    expect(page.get_by_text("Under “Funding arrangements”")).to_have_count(3)
    page.get_by_role("button", name="Number these in reading order").click()
    expect(page.get_by_text("An editor numbered the recommendations 1 to 4 in reading order")).to_be_visible()
    numbers = page.get_by_role("table", name="Each recommendation as read").get_by_role("heading", level=3)
    expect(numbers).to_have_text(["1 (paragraph 3)", "2 (paragraph 4)", "3 (paragraph 5)", "4 (paragraph 6)"])
    expect(page.get_by_role("button", name="Number these in reading order")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "intake-one-click.png"), full_page=True)
    page.context.close()
