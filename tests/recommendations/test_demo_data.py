"""generate_demo_data: marked as demo, deterministic, consistent, beside the real SEND data and never touching it.

On PostgreSQL these also check what the database keeps by triggers: the search vectors (against a plain word
match computed here) and the counts of the unfiltered list.
"""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from intake.management.commands.load_send_data import RESPONSE
from recommendations.facets import REPORT_OPTIONS
from recommendations.management.commands.generate_demo_data import NOTE, generate
from recommendations.models import (
    Commitment,
    CommitmentEvent,
    CommitmentState,
    Committee,
    Implementation,
    ImplementationEntry,
    Recommendation,
    Reply,
    Report,
    Status,
    StatusEntry,
    Theme,
    WrittenQuestion,
)
from recommendations.search import search

pytestmark = pytest.mark.django_db
SEND = "special-educational-needs-and-disabilities"


@pytest.fixture
def send_report():
    call_command("import_response", str(RESPONSE), stdout=io.StringIO())
    return Report.objects.get(slug=SEND)


def demo():
    return Recommendation.objects.filter(report__slug__startswith="demo-")


def fingerprint() -> str:
    """A digest of the demo data's content (not its ids)."""
    rows = demo().order_by("report__slug", "position")
    parts = [
        (r.report.slug, r.report.title, str(r.report.published_on), r.number, r.kind, r.text, r.status)
        for r in rows.select_related("report")
    ]
    parts += list(
        StatusEntry.objects.filter(recommendation__in=rows)
        .order_by("recommendation__report__slug", "recommendation__position", "effective_on")
        .values_list("status", "effective_on")
    )
    parts += list(
        Commitment.objects.filter(report__slug__startswith="demo-")
        .order_by("report__slug", "reply__position")
        .values_list("period", "due_on", "state")
    )
    parts += list(rows.values_list("implementation", "implementation_changed_on"))
    parts += list(
        Reply.objects.filter(report__slug__startswith="demo-").order_by("report__slug", "position").values_list("text")
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def send_snapshot() -> list:
    report = Report.objects.get(slug=SEND)
    return [
        list(Report.objects.filter(pk=report.pk).values()),
        list(report.recommendations.order_by("pk").values()),
        list(report.replies.order_by("pk").values()),
        list(StatusEntry.objects.filter(recommendation__report=report).order_by("pk").values()),
        list(Reply.recommendations.through.objects.filter(reply__report=report).order_by("pk").values()),
        list(Recommendation.themes.through.objects.filter(recommendation__report=report).order_by("pk").values()),
    ]


def test_makes_what_it_is_asked_for_and_marks_it_as_demo():
    summary = generate(400, seed=3)
    assert demo().count() == 400 and summary.counts["recommendations"] == 400
    assert Committee.objects.filter(slug__startswith="demo-").count() == summary.counts["committees"]
    assert all(name.startswith("Demo ") for name in Committee.objects.values_list("name", flat=True))
    reports = Report.objects.filter(slug__startswith="demo-")
    assert reports.count() == summary.counts["reports"] and all(
        t.startswith("Demo: ") for t in reports.values_list("title", flat=True)
    )
    years = {report.published_on.year for report in reports}
    assert min(years) >= 2000 and max(years) <= 2024 and len(years) > 5
    assert set(StatusEntry.objects.filter(recommendation__in=demo()).values_list("note", flat=True)) == {NOTE}
    assert WrittenQuestion.objects.filter(key__startswith="demo-").count() == 4
    assert all(q.asking_member.startswith("Demo Member") for q in WrittenQuestion.objects.all())
    new_themes = Theme.objects.filter(slug__startswith="demo-")
    assert new_themes and all(theme.name.endswith("(demo)") for theme in new_themes)
    assert len(set(demo().values_list("text", flat=True))) > 390  # varied words


def test_every_recommendation_has_replies_themes_and_a_consistent_history():
    generate(400, seed=5)
    answered = demo().filter(report__response_received_on__isnull=False)
    replies = dict(answered.annotate(n=Count("replies")).values_list("pk", "n"))
    assert replies and set(replies.values()) <= {1, 2, 3}
    entries = dict(answered.annotate(n=Count("status_entries")).values_list("pk", "n"))
    assert set(entries.values()) <= {1, 2, 3, 4} and 1 in entries.values() and max(entries.values()) > 1
    waiting = demo().filter(report__response_received_on__isnull=True)
    assert not waiting.exclude(status=Status.AWAITING_RESPONSE).exists()
    assert not waiting.filter(replies__isnull=False).exists()
    assert not demo().filter(themes__isnull=True).exists()
    assert not Recommendation.objects.status_disagrees_with_history().exists()
    assert demo().filter(status=Status.UNDER_REVIEW, review__name__startswith="Demo ").exists()
    assert not demo().filter(status=Status.UNDER_REVIEW, review__isnull=True).exists()


def test_implementation_and_commitments_follow_their_histories_and_some_are_overdue():
    generate(600, seed=5)
    assessed = demo().exclude(implementation=Implementation.NOT_ASSESSED)
    assert 100 < assessed.count() < 350
    for recommendation in assessed.prefetch_related("implementation_entries")[:100]:
        latest = list(recommendation.implementation_entries.all())[-1]
        assert (latest.implementation, latest.effective_on) == (
            recommendation.implementation,
            recommendation.implementation_changed_on,
        )
        assert latest.effective_on > recommendation.report.response_received_on
    assert not demo().filter(implementation=Implementation.NOT_ASSESSED, implementation_entries__isnull=False).exists()
    commitments = Commitment.objects.filter(report__slug__startswith="demo-")
    assert commitments.count() > 30 and not commitments.filter(recommendations__isnull=True).exists()
    assert commitments.overdue().exists() and commitments.filter(due_on__isnull=True).exists()
    changed = commitments.exclude(state=CommitmentState.OPEN)
    assert changed.exists() and changed.count() == CommitmentEvent.objects.filter(commitment__in=commitments).count()
    # A second run replaces them.
    generate(50, seed=5)
    assert ImplementationEntry.objects.filter(recommendation__in=demo()).count() < 40
    assert not ImplementationEntry.objects.exclude(recommendation__in=demo()).exists()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    generate(300, seed=7)
    first = fingerprint()
    generate(300, seed=7)
    assert demo().count() == 300
    assert fingerprint() == first
    generate(300, seed=8)
    assert fingerprint() != first


def test_never_touches_the_real_send_data(send_report):
    before = send_snapshot()
    generate(300, seed=1)
    generate(200, seed=2)  # removes the first run's demo data, and only that
    assert send_snapshot() == before
    assert demo().count() == 200
    assert not Recommendation.objects.status_disagrees_with_history().exists()


def test_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_demo_data", recommendations=10, stdout=io.StringIO())
    assert not demo().exists()
    out = io.StringIO()
    call_command("generate_demo_data", recommendations=10, force=True, stdout=out)
    assert demo().count() == 10 and "10 recommendations" in out.getvalue()


@pytest.mark.parametrize("word", ["quarries", "course", "sandeels"])
def test_search_finds_the_words_of_recommendations_and_of_their_replies(word):
    generate(1000, seed=1)
    found = set(search(Recommendation.objects.all(), word).values_list("pk", flat=True))
    expected = {
        recommendation.pk
        for recommendation in demo().prefetch_related("replies")
        if word in recommendation.text.lower()
        or any(word in reply.text.lower() for reply in recommendation.replies.all())
    }
    assert expected and found == expected


def test_search_follows_a_changed_reply():
    generate(100, seed=1)
    reply = Reply.objects.filter(report__slug__startswith="demo-").first()
    covered = set(reply.recommendations.values_list("pk", flat=True))
    assert covered and not found("zeppelins")
    reply.text += " Zeppelins are out of scope."
    reply.save()
    assert found("zeppelins") == covered
    reply.recommendations.clear()
    assert not found("zeppelins")


def found(word: str) -> set[int]:
    return set(search(Recommendation.objects.all(), word).values_list("pk", flat=True))


def test_the_unfiltered_list_counts_right_after_changes(client):
    """On PostgreSQL the list reads counts kept by triggers; elsewhere it counts as it goes. Both must agree
    with the rows, after inserts, link changes and status updates."""
    generate(500, seed=4)
    generate(300, seed=6)  # removes the 500 first
    demo().first().themes.clear()
    demo().last().themes.add(Theme.objects.filter(slug__startswith="demo-").last())
    Recommendation.objects.filter(pk=demo().last().pk).update(status=Status.REJECTED)
    Recommendation.objects.filter(pk=demo().first().pk).update(implementation=Implementation.SUPERSEDED)
    response = client.get("/recommendations/")
    shown = {(f.name, o.value): o.count for f in response.context["facets"] for o in f.options if o.count}
    expected = {("status", s): n for s, n in Recommendation.objects.values_list("status").annotate(n=Count("*"))}
    expected |= {("kind", k): n for k, n in Recommendation.objects.values_list("kind").annotate(n=Count("*"))}
    implementation = Recommendation.objects.values_list("implementation").annotate(n=Count("*"))
    expected |= {("implementation", value): n for value, n in implementation}
    for name, links, column in [
        ("theme", Recommendation.themes.through.objects, "theme"),
        ("addressed_to", Recommendation.addressed_to.through.objects, "body"),
    ]:
        expected |= {(name, slug): n for slug, n in links.values_list(f"{column}__slug").annotate(n=Count("*"))}
    assert {key: n for key, n in shown.items() if key[0] != "report"} == expected
    assert response.context["page"].paginator.count == Recommendation.objects.count() == 300
    # The home page's response × implementation table, read from the counts kept on PostgreSQL.
    table = client.get("/").context["axes"]
    by_implementation = dict(implementation)
    assert table.column_totals == [by_implementation.get(value, 0) for value in Implementation.values]
    rejected = Recommendation.objects.filter(status=Status.REJECTED).count()
    assert [row[2] for row in table.rows if row[0] == "Rejected"] == [rejected]


@pytest.mark.parametrize("query", [{}, {"status": "rejected"}, {"kind": "recommendation"}, {"q": "funding"}])
def test_the_report_facet_offers_the_newest_reports_with_results_and_the_selected_ones(client, query):
    generate(2500, seed=2)  # about 60 reports; filtered by kind, more results than facets.DENSE
    oldest = Report.objects.order_by("published_on").first()
    for chosen in ([], [oldest.slug]):
        response = client.get("/recommendations/", {**query, "report": chosen})
        [facet] = [facet for facet in response.context["facets"] if facet.name == "report"]
        options = [(option.value, option.count) for option in facet.options]
        assert [option.selected for option in facet.options] == [True] * len(chosen) + [False] * REPORT_OPTIONS
        assert options[: len(chosen)] == [(slug, matching(query, slug)) for slug in chosen]
        shown = [slug for slug, _ in options[len(chosen) :]]
        with_results = [
            report.slug
            for report in Report.objects.order_by("-published_on", "title")
            if report.slug not in chosen and matching(query, report.slug)
        ]
        assert shown == with_results[:REPORT_OPTIONS]
        assert all(count == matching(query, slug) for slug, count in options)


def matching(query: dict, report: str) -> int:
    recommendations = Recommendation.objects.filter(report__slug=report)
    if "q" in query:
        recommendations = search(recommendations, query["q"])
    return recommendations.filter(**{key: value for key, value in query.items() if key != "q"}).count()


def test_the_themes_and_commitments_pages_count_right_after_changes(client):
    """The themes' bars and the commitments' states, read from the counts kept on PostgreSQL, agree with the rows
    after links and recommendations are added, changed and removed, and commitments confirmed or rejected."""
    generate(300, seed=6)
    theme = Theme.objects.filter(slug__startswith="demo-").last()
    demo().first().themes.clear()
    demo().last().themes.add(theme)
    Recommendation.objects.filter(themes=theme).update(status=Status.REJECTED, review=None)
    Recommendation.themes.through.objects.filter(recommendation=demo().order_by("pk")[1]).update(theme=theme)
    doomed = demo().order_by("-pk").first()
    Commitment.objects.filter(recommendations=doomed).delete()
    doomed.status_entries.all().delete()
    doomed.implementation_entries.all().delete()
    doomed.delete()
    Commitment.objects.filter(pk=Commitment.objects.public().first().pk).update(verdict="not_a_commitment")
    Commitment.objects.filter(pk=Commitment.objects.exclude(verdict="confirmed").first().pk).update(verdict="confirmed")
    Commitment.objects.filter(pk=Commitment.objects.public().last().pk).update(state=CommitmentState.MET)

    themes = client.get("/themes/").context["themes"]
    links = Recommendation.themes.through.objects.order_by()
    expected = links.values_list("theme_id", "recommendation__status", "recommendation__review__name")
    expected = {tuple(row): n for *row, n in expected.annotate(n=Count("*"))}
    bars = [(theme.pk, row) for theme in themes if theme.breakdown for row in theme.breakdown.counts]
    shown = {(pk, row.status, row.review_name): row.count for pk, row in bars}
    assert shown == expected
    assert {t.pk: t.recommendation_count for t in themes} == {
        t.pk: links.filter(theme=t).count() for t in Theme.objects.all()
    }
    for one in (theme, Theme.objects.filter(slug__startswith="demo-").first()):  # each theme's own page too
        bars = client.get(f"/themes/{one.slug}/").context["breakdown"].counts
        assert {(one.pk, row.status, row.review_name): row.count for row in bars} == {
            key: n for key, n in expected.items() if key[0] == one.pk
        }

    public = Commitment.objects.public()
    counts = client.get("/commitments/").context["counts"]
    expected = {state: public.filter(state=state).count() for state in CommitmentState.values}
    assert counts == {**expected, "overdue": public.overdue().count(), "total": public.count()}
    for chosen in (["overdue"], ["open", "met"], ["met", "overdue"], ["missed"]):
        response = client.get("/commitments/", {"state": chosen})
        matching = response.context["page"].paginator.object_list
        counts = {state: matching.filter(state=state).count() for state in CommitmentState.values}
        counts |= {"overdue": matching.overdue().count(), "total": matching.count()}
        assert response.context["counts"] == counts, chosen
