"""The public pages of the second axis: commitments (and their feed), reviews, the timeline, and the home page's
response × implementation table. Query budgets hold at 3 and 300 recommendations; bad parameters never 500."""

import datetime

import pytest

from recommendations.models import Basis, Commitment, CommitmentState, Implementation, Recommendation, Reply, Verdict
from recommendations.services.commitments import record_commitment_state
from recommendations.services.implementation import record_implementation
from tests.builders import add_commitment, build_report

pytestmark = pytest.mark.django_db
SLUG = "special-educational-needs-and-disabilities"
D = datetime.date

# Query budgets with commitments, progress and state changes present, the same whatever the number of rows.
BUDGETS = {
    "/commitments/": 6,  # report, theme and body choices, counts (with the total), the page, its recommendations
    "/commitments/?state=overdue&theme=funding": 7,  # and the theme named
    "/commitments/?state=kept": 3,  # the form's choices; nothing is read when a value names nothing
    "/commitments/feed/": 1,
    "/reviews/": 1,
    "/reviews/send-review/": 4,  # review, documents, recommendations deferred (the newest) and how many
    "/": 6,
    f"/reports/{SLUG}/": 6,  # report, recommendations, breakdown, commitment counts, commitments, their recommendations
    f"/reports/{SLUG}/2/": 13,  # tests/test_pages.py's 11, and the commitments' recommendations and state changes
}


def with_followthrough(count: int):
    """A report of `count` recommendations, each with a confirmed commitment; every third implemented, and one
    commitment met."""
    report = build_report(count)
    for reply in Reply.objects.all():
        add_commitment(reply)
    for recommendation in Recommendation.objects.filter(position__in=range(1, count + 1, 3)):
        record_implementation(
            recommendation=recommendation,
            implementation=Implementation.IMPLEMENTED,
            basis=Basis.VERIFIED,
            effective_on=D(2021, 1, 4),
            note="Announced.",
        )
    record_commitment_state(
        commitment=Commitment.objects.order_by("id").first(),
        state=CommitmentState.MET,
        effective_on=D(2020, 11, 2),
        note="Announced.",
    )
    return report


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize("url, budget", BUDGETS.items())
def test_query_budgets_hold_whatever_the_number_of_rows(client, django_assert_num_queries, url, budget, count):
    with_followthrough(count)
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/commitments/?state=kept",
        "/commitments/?report=no-such-report&page=abc",
        "/commitments/?theme=%00&responder=x",
        "/commitments/?page=99999",
        "/commitments/feed/?state=kept",
        "/reviews/no-such-review/",
        "/recommendations/?implementation=done",
        "/recommendations/export.json?implementation=done",
    ],
)
def test_bad_parameters_never_make_a_server_error(client, url):
    with_followthrough(3)
    assert client.get(url).status_code in (200, 400, 404)


def test_commitments_list_counts_states_and_filters_overdue(client):
    with_followthrough(6)
    response = client.get("/commitments/")
    counts = response.context["counts"]
    assert (counts["total"], counts["met"], counts["overdue"], counts["open"]) == (6, 1, 5, 5)
    overdue = client.get("/commitments/", {"state": "overdue"})
    assert len(overdue.context["page"].object_list) == 5
    assert "Overdue" in overdue.content.decode()
    bad = client.get("/commitments/", {"state": "kept"})
    assert bad.context["problems"] and list(bad.context["page"].object_list) == []
    assert client.get("/commitments/feed/", {"state": "kept"}).status_code == 400
    feed = client.get("/commitments/feed/", {"state": "met"}).content.decode()
    assert feed.count("<entry>") == 1 and "Met: We expect to announce" in feed


def test_proposed_commitments_are_not_public(client):
    with_followthrough(3)
    Commitment.objects.update(verdict=Verdict.PROPOSED)
    assert client.get("/commitments/").context["counts"]["total"] == 0


def test_recommendation_page_has_an_ordered_timeline_with_time_elements(client):
    with_followthrough(3)
    html = client.get(f"/reports/{SLUG}/1/").content.decode()
    timeline = html[html.index('<ol class="timeline">') : html.index("</ol>", html.index('<ol class="timeline">'))]
    dates = [part.split('"')[0] for part in timeline.split('<time datetime="')[1:]]
    assert dates == sorted(dates)
    assert dates[0] == "2019-10-23" and "2020-11-30" in dates and "2021-01-04" in dates
    assert "Progress: Implemented" in timeline and "Commitment met" in timeline
    assert "Implementation: <span" in html


def test_home_shows_response_by_implementation(client):
    with_followthrough(6)
    response = client.get("/")
    axes = response.context["axes"]
    assert axes.total == 6 and axes.columns[0] == "Not yet assessed"
    assert sum(row[1][Implementation.values.index("implemented")] for row in axes.rows) == 2
    assert "Recommendations by response (rows) and implementation (columns)" in response.content.decode()


def test_review_page_lists_what_became_of_each_deferred_recommendation(client):
    with_followthrough(5)
    response = client.get("/reviews/send-review/")
    assert [r.number for r in response.context["recommendations"]] == ["4"]
    assert "No documents of this review have been recorded yet." in response.content.decode()


def test_the_report_filter_offers_the_newest_reports_with_commitments_and_the_chosen_ones(client, monkeypatch):
    """Thousands of reports are never written into the form: the chosen ones, then the newest with commitments."""
    with_followthrough(3)
    without = build_report(1, slug="a-report-with-no-commitments")
    offered = client.get("/commitments/").context["form"].fields["report"].choices
    assert offered == [(SLUG, "Special educational needs and disabilities")]
    chosen = client.get("/commitments/", {"report": without.slug})
    assert [slug for slug, _ in chosen.context["form"].fields["report"].choices] == [without.slug, SLUG]
    assert f'<option value="{without.slug}" selected>' in chosen.content.decode()
    assert chosen.context["counts"]["total"] == 0 and not chosen.context["problems"]
    monkeypatch.setattr("recommendations.filters.OFFERED_REPORTS", 0)
    assert client.get("/commitments/").context["form"].fields["report"].choices == []
    unknown = client.get("/commitments/", {"report": "no-such-report"})
    assert unknown.context["problems"] == ["Report: there is no report “no-such-report”."]
