"""sync_parliament against a fake Committees API over real HTTP (made-up fixtures; see fixtures/README.md)."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from intake.models import Draft
from parliament import schedule
from parliament.models import Publication, QuestionProposal, SyncWindow
from parliament.sync import Sync
from recommendations.models import Committee, Department, Report, ResponseLink
from tests.parliament.fake_api import Fault

pytestmark = pytest.mark.django_db

JANUARY = {"StartDate": "2020-01-01", "PublicationTypeIds": "1"}
RANGE = ["--since", "2019-11-01", "--until", "2020-07-31"]


def sync(*args) -> str:
    out = io.StringIO()
    call_command("sync_parliament", *args, stdout=out)
    return out.getvalue()


def report(pid) -> Report:
    return Report.objects.select_related("committee", "responding_department").get(parliament_id=pid)


def test_first_sync_brings_committees_reports_responses_and_deadlines(fake_parliament):
    fake_parliament.faults += [
        Fault("/api/Publications", {"StartDate": "2020-02-01", "PublicationTypeIds": "1"}, status=429, retry_after="1"),
        Fault("/api/Publications", {**JANUARY, "Skip": "30"}, short=10),
        Fault("/api/Publications", {**JANUARY, "Skip": "60"}, status=500),
    ]
    output = sync(*RANGE)

    assert Committee.objects.filter(parliament_id__isnull=False).count() == 70
    affairs = Committee.objects.get(parliament_id=101)
    assert (affairs.house, affairs.category, affairs.started_on) == (
        "House of Commons",
        "Select",
        datetime.date(2010, 6, 1),
    )
    assert sorted(affairs.departments.values_list("name", flat=True)) == [
        "Department for Imaginary Affairs",
        "Department for Invented Libraries",
    ]
    assert Committee.objects.get(parliament_id=104).ended_on == datetime.date(2019, 11, 6)
    assert Committee.objects.get(parliament_id=105).house == "Joint Committee"
    assert Department.objects.count() == 3
    # All 65 reports of January arrive in spite of the 500 and the short page; the 429 was waited out.
    assert Report.objects.filter(published_on__month=1, published_on__year=2020).count() == 65
    assert any("Skip=30" in r for r in fake_parliament.requests if "StartDate=2020-01-01" in r)
    assert [r for r in fake_parliament.requests if "StartDate=2020-02-01&" in r or "StartDate=2020-02-01" in r]
    assert "retried" in output and "error" not in output

    tidal = report(5001)
    assert tidal.response_deadline == tidal.response_due_on == datetime.date(2020, 4, 20)
    assert (tidal.response_parliament_id, tidal.response_link) == (6001, ResponseLink.RECORDED)
    assert tidal.response_received_on == datetime.date(2020, 4, 15) and tidal.response_on_time
    assert tidal.responding_department.name == "Department for Imaginary Affairs"
    assert tidal.hc_number == "HC 201" and tidal.url.endswith("/publications/5001/")

    buses = report(5002)
    assert (buses.response_parliament_id, buses.response_link) == (7001, ResponseLink.INFERRED)
    assert buses.response_due_on == datetime.date(2020, 5, 2) and buses.response_on_time is False
    assert buses.response_printed_on == datetime.date(2020, 6, 20)

    libraries = report(5003)
    assert libraries.response_overdue and libraries.response_link == ""
    ferries = report(5004)
    assert ferries.has_no_document and ferries.url == "https://publications.example.org/made-up/ferries.htm"
    assert not Report.objects.filter(response_parliament_id=7002).exists()
    assert "links: 1 inferred, 1 linked" in output


def test_a_responses_html_document_becomes_a_draft_waiting_for_an_editor(fake_parliament):
    sync(*RANGE)
    draft = Draft.objects.get()
    assert (draft.format, draft.state, draft.report_slug) == ("html", Draft.State.WAITING, report(5001).slug)
    assert draft.file_name == "tidal-response.html" and draft.response_date == datetime.date(2020, 4, 15)
    assert len(draft.content["recommendations"]) == 38
    assert not report(5001).recommendations.exists()  # nothing published without an editor
    assert any(r.startswith("/files/tidal-response.html") for r in fake_parliament.requests)
    assert not any(r.startswith("/files/tidal-response.pdf") for r in fake_parliament.requests)
    sync(*RANGE)
    assert Draft.objects.count() == 1


def test_the_pdf_is_read_when_there_is_no_html(fake_parliament):
    response = next(p for p in fake_parliament.publications if p["id"] == 6001)
    response["documents"][0]["files"] = [f for f in response["documents"][0]["files"] if f["fileDataFormat"] != "Html"]
    sync(*RANGE)
    draft = Draft.objects.get()
    assert draft.format == "pdf" and len(draft.content["recommendations"]) == 38


def test_a_document_that_is_neither_html_nor_pdf_is_refused_with_its_reason(fake_parliament):
    fake_parliament.files["/files/tidal-response.html"] = (b"PK\x03\x04 a zip, not a page", "text/html")
    output = sync(*RANGE)
    assert not Draft.objects.exists()
    assert "neither HTML nor PDF" in Publication.objects.get(parliament_id=6001).document_error
    assert "1 failed" in output


def test_a_page_short_twice_is_never_taken_as_the_end_and_the_next_run_finishes(fake_parliament):
    fake_parliament.faults.append(Fault("/api/Publications", {**JANUARY, "Skip": "30"}, short=5, times=2))
    with pytest.raises(CommandError, match="error"):
        sync()
    assert Report.objects.filter(published_on__month=1, published_on__year=2020).count() == 0
    assert not SyncWindow.objects.filter(key__startswith="publications:report:all:2020-01-01").exists()
    sync()
    assert Report.objects.filter(published_on__month=1, published_on__year=2020).count() == 65


class Interrupted(Exception):
    pass


def test_an_interrupted_run_resumes_and_a_second_run_changes_nothing(
    fake_parliament, django_capture_on_commit_callbacks
):
    def stop_after_ten(message):
        if message.startswith("window 10/"):
            raise Interrupted

    with pytest.raises(Interrupted):
        Sync(progress=stop_after_ten).run()
    assert SyncWindow.objects.count() == 10
    walked_before = len(fake_parliament.requests)
    first = sync()
    assert "10 already done" in first and Report.objects.count() == 69
    assert report(5002).response_link == ResponseLink.INFERRED
    assert not any("PublicationTypeIds=1&StartDate=2019-11-01" in r for r in fake_parliament.requests[walked_before:])

    with django_capture_on_commit_callbacks() as callbacks:
        second = sync()
    assert "Nothing changed" in second and not callbacks
    again = sync(*RANGE)  # walking the windows again finds nothing new either
    assert "Nothing changed" in again
    assert "reports: 0 created, 0 updated, 69 unchanged" in again


def test_editors_edits_survive_a_resync(fake_parliament, editor):
    sync(*RANGE)
    libraries, buses = report(5003), report(5002)
    libraries.title, libraries.response_deadline = "Library closures (the editor's title)", datetime.date(2020, 9, 1)
    libraries.save()
    buses.response_parliament_id, buses.response_link = None, ResponseLink.EDITOR
    buses.save()
    for item in fake_parliament.publications:
        if item["id"] in (5001, 5003):
            item["description"] += " (corrected at the source)"
            item["governmentResponses"]["responseDeadline"] = "2020-06-01T00:00:00"
    output = sync(*RANGE)
    libraries, buses, tidal = report(5003), report(5002), report(5001)
    assert libraries.title == "Library closures (the editor's title)"
    assert libraries.response_deadline == datetime.date(2020, 9, 1)
    assert tidal.title.endswith("(corrected at the source)") and tidal.response_deadline == datetime.date(2020, 6, 1)
    assert (buses.response_parliament_id, buses.response_link) == (None, ResponseLink.EDITOR)
    assert "reports: 0 created, 1 updated, 68 unchanged" in output  # the editor left nothing to change in 5003


def test_an_editors_committee_and_report_are_adopted_not_duplicated(fake_parliament):
    committee = Committee.objects.create(name="Imaginary Affairs Committee", slug="imaginary-affairs")
    Report.objects.create(
        committee=committee,
        title="Tidal energy",
        slug="tidal",
        hc_number="HC 201",
        published_on=datetime.date(2020, 2, 10),
        response_title="As the editor typed it",
    )
    sync(*RANGE)
    committee.refresh_from_db()
    assert committee.parliament_id == 101 and committee.slug == "imaginary-affairs"
    tidal = Report.objects.get(slug="tidal")
    assert tidal.parliament_id == 5001 and tidal.title == "Tidal energy"  # the editor's title stays
    assert tidal.response_title == "As the editor typed it" and tidal.response_parliament_id == 6001


def test_a_dry_run_writes_nothing(fake_parliament):
    output = sync("--dry-run", *RANGE)
    assert "Dry run: nothing was written." in output and "reports: 69 created" in output
    assert not Report.objects.exists() and not Committee.objects.exists() and not SyncWindow.objects.exists()
    assert not any(r.startswith("/files/") for r in fake_parliament.requests)


def test_one_committee(fake_parliament):
    sync("--committee", "102", *RANGE)
    assert set(Report.objects.values_list("committee__parliament_id", flat=True)) == {102}
    assert Committee.objects.filter(parliament_id__isnull=False).count() == 1


def test_the_requests_name_the_site(fake_parliament):
    sync(*RANGE)
    assert all("select-committee-recommendation-tracker" in agent for agent in fake_parliament.user_agents)


@pytest.mark.parametrize("args", [["--since", "2020-13-01"], ["--since", "2020-02-01", "--until", "2020-01-01"]])
def test_bad_dates_are_refused_with_a_message(fake_parliament, args):
    with pytest.raises(CommandError, match="date|after"):
        sync(*args)
    assert not fake_parliament.requests


def test_an_unreachable_api_fails_with_a_message(fake_parliament, settings):
    settings.PARLIAMENT_COMMITTEES_API_URL = "http://127.0.0.1:9/api"
    settings.PARLIAMENT_RETRIES = 1
    with pytest.raises(CommandError, match="ConnectionError"):
        sync(*RANGE)


def test_questions_that_name_a_report_are_proposed_with_their_full_text(fake_parliament):
    sync(*RANGE)
    out = io.StringIO()
    call_command("sync_parliament", "--questions", "--since", "2020-02-01", "--until", "2020-02-28", stdout=out)
    proposal = QuestionProposal.objects.get()
    assert proposal.report == report(5001) and proposal.verdict == QuestionProposal.Verdict.PROPOSED
    assert proposal.question_id == 990001 and len(proposal.question_text) > 255  # the list cut it; fetched by id
    assert proposal.question_text.endswith("Tidal energy in imaginary towns.")
    assert set(proposal.matched) == {"Tidal energy in imaginary towns", "HC 201", "Imaginary Affairs Committee"}
    assert "<p>" not in proposal.answer_text
    assert any(r.startswith("/api/writtenquestions/questions/990001") for r in fake_parliament.requests)
    assert not report(5001).recommendations.filter(questions__isnull=False).exists()  # nothing linked silently
    again = io.StringIO()
    call_command("sync_parliament", "--questions", "--since", "2020-02-01", "--until", "2020-02-28", stdout=again)
    assert "Nothing changed" in again.getvalue() and QuestionProposal.objects.count() == 1


@pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="a PostgreSQL lock")
def test_a_second_run_while_one_holds_the_lock_stops_with_a_message(fake_parliament):
    import psycopg

    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "host", "port")})
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [schedule.LOCK_KEY])
        with pytest.raises(CommandError, match="another sync_parliament is running"):
            sync(*RANGE)
        assert not fake_parliament.requests and not Report.objects.exists()
    finally:
        other.close()
