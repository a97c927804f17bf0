"""The public pages other than the recommendations list: content, bad input and query budgets."""

import datetime
import html
import re

import pytest
from django.template.loader import render_to_string

from recommendations.models import Body, Recommendation, Reply, Report, Status, Theme, WrittenQuestion
from recommendations.selectors import breakdowns_by_theme, status_breakdown
from recommendations.timephrases import add_months
from recommendations.views.pages import response_timeliness
from tests.builders import build_report

SLUG = "special-educational-needs-and-disabilities"
REPORT_URL = f"/reports/{SLUG}/"

# Query budgets, the same whatever the number of rows: (path, queries, written questions to build: a number, or
# None for as many as recommendations).
QUERY_BUDGETS = {
    # reports, status breakdown, status × implementation, commitment counts, latest changes, themes
    "home": ("/", 6, 0),
    # report, its recommendations, status breakdown, commitment counts (the commitments themselves, when there are
    # some: tests/test_followthrough_pages.py)
    "report": (REPORT_URL, 4, 0),
    # recommendation, replies, what each reply covers, history, progress, commitments, themes, bodies, questions,
    # previous, next
    "recommendation": (f"{REPORT_URL}2/", 11, 2),
    "themes": ("/themes/", 2, 0),  # themes with counts, themes × statuses
    "theme": ("/themes/send-workforce/", 4, 3),  # theme, recommendations, status breakdown, questions
    # theme choices, department and house choices, count, page
    "questions": ("/questions/?theme=send-workforce&q=health+partners&page=2", 4, None),
    "question": ("/questions/question-1/", 4, 1),  # question, themes, recommendations, grouped questions
    "sitemap index": ("/sitemap.xml", 3, 2),  # a count each of reports, recommendations and questions
    "sitemap page": ("/sitemaps/recommendations-1.xml", 2, 2),  # the page's first id, its rows
    "sitemap of pages": ("/sitemaps/pages-1.xml", 2, 2),  # the themes, the reviews
}

# Words of the written questions in fixtures/documents.
QUESTION_TEXT = (
    "To ask Her Majesty's Government what steps they are taking to ensure that local health partners are playing an "
    "equitable role alongside local government in supporting children with special educational needs and disabilities."
)
ANSWER_TEXT = (
    "Creating an effective inter-agency approach, where local government works in partnership with health partners "
    "to meet needs, is a key feature of the reforms to the Special Educational Needs and Disability (SEND) system "
    "introduced in the 2014 Children and Families Act."
)


def build_questions(count: int, report: Report | None = None) -> list[WrittenQuestion]:
    workforce = Theme.objects.get_or_create(slug="send-workforce", defaults={"name": "The SEND workforce"})[0]
    questions = []
    for index in range(count):
        lords = index % 2 == 0
        question = WrittenQuestion.objects.create(
            key=f"question-{index + 1}",
            house="House of Lords" if lords else "House of Commons",
            asking_member="Lord Porter of Spalding" if lords else "Mr James Frith",
            asking_member_party="Conservative" if lords else "Labour",
            answering_member="Lord Agnew of Oulton" if lords else "Nadhim Zahawi",
            answering_member_role="The Parliamentary Under-Secretary of State for Education" if lords else "",
            department="Department for Education" if lords else "Department of Health and Social Care",
            asked_on=datetime.date(2018, 1, 18) if not lords else None,
            answered_on=datetime.date(2019, 6, 3) if lords else datetime.date(2018, 1, 26),
            heading="Special Educational Needs" if lords else "Special Educational Needs: Health and Social Services",
            question_text=QUESTION_TEXT,
            answer_text=ANSWER_TEXT,
        )
        question.themes.add(workforce)
        if report is not None:
            question.recommendations.add(*report.recommendations.filter(position__lte=2))
        questions.append(question)
    return questions


def page_text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def assert_page_structure(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<main id="main"' in html
    assert 'lang="en-GB"' in html
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"


# Dates


def test_add_months_uses_calendar_months():
    assert add_months(datetime.date(2019, 10, 23), 2) == datetime.date(2019, 12, 23)
    assert add_months(datetime.date(2019, 11, 30), 2) == datetime.date(2020, 1, 30)
    assert add_months(datetime.date(2019, 12, 31), 2) == datetime.date(2020, 2, 29)
    assert add_months(datetime.date(2020, 12, 31), 2) == datetime.date(2021, 2, 28)


def test_timeliness_of_a_late_response():
    report = Report(published_on=datetime.date(2019, 10, 23), response_received_on=datetime.date(2020, 7, 20))
    timeliness = response_timeliness(report)
    assert timeliness["due"] == datetime.date(2019, 12, 23)
    assert timeliness["days_late"] == (datetime.date(2020, 7, 20) - datetime.date(2019, 12, 23)).days == 210


def test_timeliness_of_an_early_response_and_of_none():
    early = Report(published_on=datetime.date(2019, 10, 23), response_received_on=datetime.date(2019, 12, 20))
    assert response_timeliness(early)["days_early"] == 3
    assert response_timeliness(early)["days_late"] == 0
    assert response_timeliness(Report(published_on=None)) is None


# Status breakdowns


@pytest.mark.django_db
def test_status_breakdown_counts_each_status_in_the_vocabulary_order(django_assert_num_queries):
    build_report(10)
    with django_assert_num_queries(1):
        breakdown = status_breakdown()
    assert [(row.label, row.count) for row in breakdown.counts] == [
        ("Under SEND Review", 2),
        ("Under consideration", 2),
        ("Noted", 2),
        ("Rejected", 4),
    ]
    assert breakdown.total == 10
    assert [row.percent for row in breakdown.counts] == [20, 20, 20, 40]


@pytest.mark.django_db
def test_breakdowns_by_theme_in_one_query(django_assert_num_queries):
    build_report(10)
    with django_assert_num_queries(1):
        by_theme = breakdowns_by_theme()
    workforce = Theme.objects.get(slug="send-workforce")
    assert by_theme[workforce.pk].total == 5


# Home


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize("page", QUERY_BUDGETS)
def test_query_budget(client, django_assert_num_queries, page, count):
    path, queries, questions = QUERY_BUDGETS[page]
    report = build_report(count)
    build_questions(count if questions is None else questions, report)
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.django_db
def test_home_shows_reports_breakdown_latest_changes_themes_and_search(client):
    build_report(5)
    response = client.get("/")
    assert_page_structure(response)
    text = page_text(response)
    assert "Special educational needs and disabilities" in text
    assert "Education Committee · HC 20 · published 23 October 2019 · 5 recommendations" in text
    # The chart says its numbers in words, and again in a table with a caption and header scopes.
    assert "Rejected 2 (40%)" in text
    html = response.content.decode()
    assert "<caption>Recommendations by current status</caption>" in html
    assert '<th scope="row">Under SEND Review</th>' in html
    assert 'width="40.0"' in html or 'width="40"' in html
    assert 'style="' not in html
    assert f'href="/reports/{SLUG}/5/"' in html
    assert html.index('href="/themes/funding/"') < html.index('href="/themes/send-workforce/"')
    assert re.search(r'<form role="search"[^>]*action="/recommendations/"[^>]*method="get"', html)
    assert '<label for="home-q">' in html


@pytest.mark.django_db
def test_home_with_no_data(client):
    response = client.get("/")
    assert_page_structure(response)
    assert "No recommendations yet." in page_text(response)


# Report page


@pytest.mark.django_db
def test_report_page_shows_the_report_and_the_timeliness_of_its_response(client):
    report = build_report(5)
    report.response_introduction = "We are committed to the ongoing improvement of the SEND system.\n\nA <b>second</b>."
    report.save()
    response = client.get(REPORT_URL)
    assert_page_structure(response)
    text = page_text(response)
    for words in [
        "Special educational needs and disabilities",
        "Education Committee",
        "HC 20",
        "2019",
        "23 October 2019",
        "23 December 2019 (two months after publication)",
        "20 July 2020",
        "210 days late",
    ]:
        assert words in text
    html = response.content.decode()
    assert "<p>We are committed to the ongoing improvement of the SEND system.</p>" in html
    assert "A &lt;b&gt;second&lt;/b&gt;." in html
    positions = [html.index(f'href="/reports/{SLUG}/{number}/"') for number in range(1, 6)]
    assert positions == sorted(positions)
    assert "Under SEND Review" in text
    assert "Recommendations of this report by current status" in text


@pytest.mark.django_db
def test_unknown_report_is_a_friendly_404(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/reports/no-such-report/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)


# Recommendation page


@pytest.mark.django_db
def test_recommendation_page_puts_the_reply_beside_the_recommendation(client):
    report = build_report(5)
    report.response_url = "https://committees.parliament.uk/publications/2110/documents/19631/default/"
    report.save()
    build_questions(1)[0].recommendations.add(report.recommendations.get(number="4"))
    response = client.get(f"{REPORT_URL}4/")
    assert_page_structure(response)
    text = page_text(response)
    assert "Committee: Education Committee" in text
    assert "Response from: Government" in text
    assert "Paragraph 20 of the report" in text
    assert "As part of the Government's SEND Review, it should map therapy provision" in text
    assert "DfE agrees that getting prompt access to therapies to children is essential." in text
    # The status with its dated history, note and evidence.
    assert "Current status: Under SEND Review since 20 July 2020" in text
    assert "Suggested by the importer from the government response." in text
    html = response.content.decode()
    assert 'class="status status-under_review">Under SEND Review</span>' in html
    assert 'href="/recommendations/?theme=send-workforce"' not in html  # 4 is on funding
    assert 'href="/recommendations/?theme=funding"' in html
    assert 'href="/recommendations/?addressed_to=department-for-education"' in html
    assert f'href="/reports/{SLUG}/3/" rel="prev"' in html
    assert f'href="/reports/{SLUG}/5/" rel="next"' in html
    assert f'href="/feeds/?report={SLUG}"' in html
    assert f'href="{report.response_url}"' in html
    assert "Special Educational Needs" in text  # the related written question


@pytest.mark.django_db
def test_recommendation_with_several_replies_and_one_without(client):
    report = build_report(3)
    ofsted = Body.objects.create(name="Ofsted", slug="ofsted")
    second = Reply.objects.create(
        report=report, position=4, responder=ofsted, heading="Response from Ofsted: paragraph 42", text="Ofsted said."
    )
    first, third = Recommendation.objects.filter(report=report, number__in=["1", "3"]).order_by("position")
    second.recommendations.add(first, third)
    text = page_text(client.get(f"{REPORT_URL}1/"))
    assert "Response from: Government" in text
    assert "Response from: Ofsted" in text
    assert "Response from Ofsted: paragraph 42" in text
    assert re.search(r"This reply covers 1 and 3 ?\.", text)
    assert "This is the first" in text

    Reply.objects.filter(report=report).delete()
    response = client.get(f"{REPORT_URL}3/")
    assert "The government's response has no reply to this recommendation." in page_text(response)
    assert "This is the last" in page_text(response)


@pytest.mark.django_db
def test_recommendation_text_is_escaped(client):
    report = build_report(1)
    Recommendation.objects.filter(report=report).update(text="<script>alert(1)</script> & more")
    html = client.get(f"{REPORT_URL}1/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


@pytest.mark.django_db
def test_unknown_recommendation_number_is_a_404(client):
    build_report(3)
    assert client.get(f"{REPORT_URL}99/").status_code == 404
    assert client.get("/reports/no-such-report/1/").status_code == 404


# Themes


@pytest.mark.django_db
def test_theme_list_shows_each_theme_with_its_count_and_breakdown(client):
    build_report(5)
    Theme.objects.create(name="Therapies", slug="therapies")
    response = client.get("/themes/")
    assert_page_structure(response)
    text = page_text(response)
    assert "Funding 2 recommendations Under SEND Review 1 Under consideration 1" in text
    assert "The SEND workforce 3 recommendations Noted 1 Rejected 2" in text
    assert "Therapies 0 recommendations" in text
    # In name order, although the themes were made in another.
    assert text.index("Funding 2") < text.index("The SEND workforce 3") < text.index("Therapies 0")


@pytest.mark.django_db
def test_theme_page_lists_its_recommendations_and_questions(client):
    report = build_report(5)
    build_questions(1, report)
    Theme.objects.filter(slug="send-workforce").update(description="SENCOs, training & the <em>workforce</em>.")
    response = client.get("/themes/send-workforce/")
    assert_page_structure(response)
    html = response.content.decode()
    assert "SENCOs, training &amp; the &lt;em&gt;workforce&lt;/em&gt;." in html
    for number in ["1", "3", "5"]:
        assert f'href="/reports/{SLUG}/{number}/"' in html
    assert f'href="/reports/{SLUG}/2/"' not in html
    assert 'href="/questions/question-1/"' in html
    assert 'href="/recommendations/?theme=send-workforce"' in html


@pytest.mark.django_db
def test_unknown_theme_is_a_404(client):
    assert client.get("/themes/no-such-theme/").status_code == 404


# Written questions


@pytest.mark.django_db
def test_question_list_filters_by_house_department_theme_and_words(client):
    build_questions(4)
    Theme.objects.create(name="Therapies", slug="therapies")
    response = client.get("/questions/")
    assert "4 questions" in page_text(response)
    # Newest first and the undated last, on SQLite and PostgreSQL alike.
    keys = re.findall(r'href="/questions/(question-\d+)/"', response.content.decode())
    assert keys == ["question-2", "question-4", "question-1", "question-3"]
    assert "2 questions" in page_text(client.get("/questions/", {"house": "House of Lords"}))
    assert "2 questions" in page_text(client.get("/questions/", {"department": "Department of Health and Social Care"}))
    assert "4 questions" in page_text(client.get("/questions/", {"theme": "send-workforce"}))
    assert "0 questions" in page_text(client.get("/questions/", {"theme": "therapies"}))
    assert "4 questions" in page_text(client.get("/questions/", {"q": "INTER-AGENCY equitable"}))
    assert "0 questions" in page_text(client.get("/questions/", {"q": "biennial"}))


@pytest.mark.django_db
def test_question_list_paginates_and_keeps_the_filters(client):
    build_questions(45)
    response = client.get("/questions/", {"house": "House of Lords", "page": "2"})
    text = page_text(response)
    assert "23 questions" in text
    assert "Page 2 of 2" in text
    assert 'href="?house=House+of+Lords&amp;page=1"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, message",
    [
        ({"page": "abc"}, "2 questions"),
        ({"page": "99999"}, "2 questions"),
        ({"page": "-1"}, "2 questions"),
        ({"theme": "no-such-theme"}, "Select a valid choice"),
        ({"house": "House of Nobody"}, "Select a valid choice"),
        ({"department": "\u0000"}, "Select a valid choice"),
        ({"q": "x" * 5000}, "Ensure this value has at most 500 characters"),
        ({"q": "SEND\u0000\u0007"}, "Null characters are not allowed"),
        ({"q": "\u0007\u001b[31m"}, "0 questions"),
    ],
)
def test_bad_question_filters_give_a_clear_message(client, params, message):
    build_questions(2)
    response = client.get("/questions/", params)
    assert response.status_code == 200
    assert message in page_text(response)


@pytest.mark.django_db
def test_question_page_shows_who_asked_and_answered_and_the_related_recommendations(client):
    report = build_report(3)
    build_questions(1, report)
    response = client.get("/questions/question-1/")
    assert_page_structure(response)
    text = page_text(response)
    for words in [
        "Asked by Lord Porter of Spalding (Conservative)",
        "Answered by Lord Agnew of Oulton, The Parliamentary Under-Secretary of State for Education",
        "Department Department for Education",
        "House House of Lords",
        "Answered on 3 June 2019",
        "Asked on Not given in the source",
        QUESTION_TEXT,
        ANSWER_TEXT,
    ]:
        assert words in text
    html = response.content.decode()
    assert f'href="/reports/{SLUG}/1/"' in html
    assert f'href="/reports/{SLUG}/3/"' not in html
    assert 'href="/themes/send-workforce/"' in html


@pytest.mark.django_db
def test_answers_are_escaped_unless_sanitised_html(client):
    question = build_questions(1)[0]
    question.answer_text = "Plain <b>text</b> answer."
    question.save()
    assert "Plain &lt;b&gt;text&lt;/b&gt; answer." in client.get("/questions/question-1/").content.decode()
    question.answer_text = "<p>An <strong>HTML</strong> answer.</p>"
    question.answer_is_html = True
    question.save()
    assert "<p>An <strong>HTML</strong> answer.</p>" in client.get("/questions/question-1/").content.decode()


@pytest.mark.django_db
def test_unknown_question_is_a_404(client):
    assert client.get("/questions/no-such-question/").status_code == 404


# robots.txt, sitemap.xml, error pages


@pytest.mark.django_db
def test_robots_txt(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *\nAllow: /\nDisallow: /admin/\n" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def sitemap_addresses(client) -> list[str]:
    """Every address of every sitemap page the index lists (each page answering 200)."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and "<sitemapindex" in index.content.decode()
    addresses = []
    for page in re.findall(r"<sitemap><loc>http://testserver(.*?)</loc></sitemap>", index.content.decode()):
        response = client.get(page)
        assert response.status_code == 200
        addresses += re.findall(r"<url><loc>http://testserver(.*?)</loc></url>", response.content.decode())
    return addresses


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 300])
def test_sitemap_index_lists_pages_listing_every_page(client, count):
    report = build_report(count)
    build_questions(2, report)
    addresses = sitemap_addresses(client)
    # pages, themes, review, report, recommendations, questions
    assert len(addresses) == len(set(addresses)) == 6 + 2 + 1 + 1 + count + 2
    for path in [
        "/",
        "/recommendations/",
        "/themes/",
        "/questions/",
        REPORT_URL,
        f"{REPORT_URL}2/",
        "/themes/funding/",
        "/commitments/",
        "/reviews/",
        "/reviews/send-review/",
    ]:
        assert path in addresses
    assert "/questions/question-1/" in addresses


@pytest.mark.django_db
def test_sitemap_pages_hold_at_most_their_size(client, monkeypatch):
    monkeypatch.setattr("recommendations.views.sitemaps.PAGE_SIZE", 7)
    build_report(30)
    index = client.get("/sitemap.xml").content.decode()
    assert index.count("/sitemaps/recommendations-") == 5  # 30 in pages of 7
    pages = [client.get(f"/sitemaps/recommendations-{n}.xml").content.decode() for n in range(1, 6)]
    assert [page.count("<url>") for page in pages] == [7, 7, 7, 7, 2]
    assert len(set(sitemap_addresses(client))) == 6 + 2 + 1 + 1 + 30  # pages, themes, review, report, recs


@pytest.mark.django_db
def test_unknown_sitemap_pages_are_404(client):
    build_report(2)
    for path in ["/sitemaps/recommendations-2.xml", "/sitemaps/pages-2.xml", "/sitemaps/other-1.xml"]:
        assert client.get(path).status_code == 404
    assert client.get("/sitemaps/recommendations-0.xml").status_code == 404


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="/recommendations/"' in html


def test_500_page_needs_no_request_and_no_database():
    # No django_db mark: any query would fail this test.
    html = render_to_string("500.html")
    assert "<h1>Sorry, something went wrong</h1>" in html
    assert 'href="/static/tracker.css"' in html


@pytest.mark.django_db
def test_pages_have_the_site_landmarks(client):
    build_report(1)
    html = client.get(REPORT_URL).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert "<footer" in html and "Open Parliament Licence" in html
    assert 'aria-current="page">Recommendations<' not in html
    html = client.get("/themes/").content.decode()
    assert 'aria-current="page">Themes</a>' in html


@pytest.mark.django_db
def test_status_is_never_told_by_colour_alone(client):
    build_report(5)
    html = client.get(REPORT_URL).content.decode()
    for value in [Status.REJECTED, Status.UNDER_REVIEW, Status.NOTED, Status.UNDER_CONSIDERATION]:
        for badge in re.findall(rf'<span class="status status-{value}">([^<]*)</span>', html):
            assert badge.strip()
