"""A committee report's own recommendations, imported before its government response: read from its "Conclusions
and recommendations" section only (not its contents list, its numbered body paragraphs or what follows the
section), saved awaiting the response with the report's deadline, and paired with the response when it arrives,
by number, or by words with a check each where the response numbers them otherwise."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from intake.blocks import Block
from intake.common import DocumentError
from intake.draft import CHECK
from intake.models import Draft
from intake.pairing import PAIRING, pair_doubts
from intake.pipeline import make_draft, target_for
from intake.report import report_cue
from intake.save import save
from recommendations.models import Recommendation, Reply, Report, Status, StatusEntry
from tests.intake.corpus import words
from tests.intake.report_documents import (
    FRONT,
    RENUMBERED,
    recommendations,
    renumbered_response,
    report_html,
    report_pdf,
)
from tests.send_documents import SEED

SLUG = "special-educational-needs-and-disabilities"
DOCUMENTS = {"html": report_html, "pdf": report_pdf}
_drafts: dict = {}


def draft_of(kind):
    """Each report is generated and read once for the module (the PDF takes seconds)."""
    if kind not in _drafts:
        _drafts[kind] = make_draft(f"report.{kind}", DOCUMENTS[kind]())
    return _drafts[kind]


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def import_report(tmp_path, kind="html", *options) -> str:
    out = io.StringIO()
    call_command("import_response", write(tmp_path, f"report.{kind}", DOCUMENTS[kind]()), *options, stdout=out)
    return out.getvalue()


def replies_by_number(recommendations) -> dict[str, list[str]]:
    return {r.number: sorted(reply.text for reply in r.replies.all()) for r in recommendations}


# --- Reading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_a_report_gives_its_sections_recommendations_and_no_replies(kind):
    draft = draft_of(kind)
    expected = recommendations()
    assert draft.committee_report and draft.replies == []
    # Only the section's 38: not the body's 85 numbered paragraphs, nor the numbered entries after the section.
    assert [r.number for r in draft.recommendations] == [str(n) for n in range(1, 39)]
    assert [words(r.text) for r in draft.recommendations] == [words(text) for _, text, _ in expected]
    assert [r.paragraphs for r in draft.recommendations] == [[re.search(r"\d+", ref)[0]] for _, _, ref in expected]
    assert not any("Department for Education" == r.text for r in draft.recommendations)
    assert [r.section for r in draft.recommendations[::8]] == ["Funding", "Accountability", "Inspection",
                                                              "Workforce", "Transitions"]  # fmt: skip
    assert {r.status for r in draft.recommendations} == {""}  # nothing to suggest a status from
    assert {d.level for d in draft.all_doubts()} == {"warning"}
    assert "read as the committee's report" in draft.doubts[0].message


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_the_cover_is_read_as_printed(kind):
    front = draft_of(kind).front
    assert {name: getattr(front, name) for name in FRONT} == FRONT
    assert front.published_on == datetime.date(2019, 10, 23)
    # "Ordered ... to be printed 16 October 2019" is the report's own order, not a response's.
    assert front.printed_on is None and front.received_on is None and front.response_title == ""


def test_a_report_without_the_section_is_refused_naming_the_place():
    with pytest.raises(DocumentError) as refused:
        make_draft("report.html", report_html(section=False))
    message = str(refused.value)
    assert message.startswith("report.html, line ")
    assert "reads as a committee report (its cover says “First Report of Session 2019–21”)" in message
    assert "no “Conclusions and recommendations” section" in message


@pytest.mark.parametrize(
    "lines, is_report",
    [
        (["House of Commons", "Education Committee", "First Report of Session 2019–21"], True),
        (["Education Committee", "Twenty-first Report of Session 2017–19"], True),
        (["House of Lords", "3rd Report of Session 2019–21", "HL Paper 12"], True),
        (
            [
                "Special educational needs and disabilities",
                "Report, together with formal minutes relating to the report",
            ],
            True,
        ),  # fmt: skip
        # A response's cover, its title wrapped so that a line reads like a report's.
        (["Government Response to the Education Committee's", "First Report of Session 2019–21"], False),
        (["First Special Report of Session 2019–21"], False),
        (["Special educational needs and disabilities"], False),
    ],
)
def test_a_report_is_told_from_a_response_by_its_cover(lines, is_report):
    blocks = [Block(number, [line]) for number, line in enumerate(lines, start=1)]
    assert (report_cue(blocks) is not None) is is_report


def test_a_web_page_printing_numbers_against_their_words():
    """As newer Commons pages read as text: the house and committee on one line, the paper number and date on
    another, and each item's number printed against its words ("1.We are")."""
    items = "".join(f"<p><span>{n}.</span><strong>{text}</strong> {ref}</p>" for n, text, ref in recommendations()[:3])
    page = ("<html><body><p>House of Commons Education Committee</p><p>Special educational needs and disabilities</p>"
            "<p>First Report of Session 2019–21</p><p>HC 20 Published on 23 October 2019 by authority of the House "
            "of Commons</p><h2>Contents</h2><p>1We are confident</p><h2>7Conclusions and recommendations</h2>"
            f"{items}<h2>Formal minutes</h2></body></html>")  # fmt: skip
    draft = make_draft("report.html", page.encode())
    assert [r.number for r in draft.recommendations] == ["1", "2", "3"]
    first, front = draft.recommendations[0], draft.front
    assert first.text.startswith("We are confident") and first.paragraphs == ["17"]
    assert (front.house, front.committee, front.hc_number) == ("House of Commons", "Education Committee", "HC 20")
    assert (front.title, front.published_on) == (FRONT["title"], datetime.date(2019, 10, 23))


def test_the_response_is_still_read_as_a_response():
    draft = make_draft("response.txt", SEED.read_bytes())
    assert not draft.committee_report and len(draft.replies) == 35


# --- Before the response ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", DOCUMENTS)
def test_imported_before_its_response_the_recommendations_await_it(tmp_path, client, kind):
    url = "https://publications.parliament.uk/pa/cm5801/cmselect/cmeduc/20/2002.htm"
    out = import_report(tmp_path, kind, "--source-url", url)
    report = Report.objects.get(slug=SLUG)
    assert "recommendations: created 38" in out
    assert (report.published_on, report.response_due_on) == (datetime.date(2019, 10, 23), datetime.date(2019, 12, 23))
    assert (report.hc_number, report.session, report.report_number) == ("HC 20", "2019–21", "First Report")
    assert (report.url, report.response_url, report.response_printed_on) == (url, "", None)
    assert report.recommendations.count() == 38 and not Reply.objects.exists() and not StatusEntry.objects.exists()
    assert set(report.recommendations.values_list("status", flat=True)) == {Status.AWAITING_RESPONSE}

    page = client.get(report.get_absolute_url()).content.decode()
    assert "Awaiting response" in page and "Not yet received" in page
    assert '<time datetime="2019-12-23">23 December 2019</time> (two months after publication)' in page
    detail = client.get(reverse("recommendation_detail", args=[SLUG, "1"])).content.decode()
    assert "Awaiting response" in detail
    assert "Nothing changed" in import_report(tmp_path, kind, "--source-url", url)


@pytest.mark.django_db
def test_an_uploaded_report_is_reviewed_and_published_awaiting_its_response(editor_client):
    editor_client.post(reverse("admin:intake_draft_upload"), {"document": SimpleUploadedFile("r.pdf", report_pdf())})
    row = Draft.objects.get()
    review = editor_client.get(reverse("admin:intake_draft_review", args=[row.pk])).content.decode()
    assert "read as the committee&#x27;s report" in review and "published 23 October 2019" in review
    assert (row.title, row.committee, row.report_slug) == (FRONT["title"], FRONT["committee"], SLUG)
    editor_client.post(reverse("admin:intake_draft_review", args=[row.pk]), {"version": row.version,
                                                                             "action": "publish"})  # fmt: skip
    report = Report.objects.get(slug=SLUG)
    assert report.published_on == datetime.date(2019, 10, 23) and report.recommendations.count() == 38
    assert not StatusEntry.objects.exists() and not Reply.objects.exists()


# --- The response afterwards ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_response_afterwards_pairs_with_the_report_by_number(tmp_path):
    import_report(tmp_path)
    before = dict(Recommendation.objects.values_list("number", "pk"))
    corrected = Recommendation.objects.get(number="5")
    Recommendation.objects.filter(pk=corrected.pk).update(text="An editor's correction of recommendation 5.")

    out = io.StringIO()
    call_command("import_response", str(SEED), stdout=out)
    report = Report.objects.get(slug=SLUG)
    assert "recommendations: created 0" in out.getvalue()
    assert dict(report.recommendations.values_list("number", "pk")) == before
    third = report.recommendations.get(number="3")
    assert third.text.startswith("The Department for Education set local authorities up to fail")
    assert third.replies.get().text.startswith("We do not accept the Committee's finding.")
    assert third.status == Status.REJECTED
    assert report.recommendations.get(number="5").text == "An editor's correction of recommendation 5."
    assert report.response_received_on == datetime.date(2020, 7, 20)
    # The report's cover stands: the response prints its session as "2019".
    assert (report.published_on, report.session) == (datetime.date(2019, 10, 23), "2019–21")
    replies, statuses = Reply.objects.count(), StatusEntry.objects.count()
    assert (replies, statuses) == (35, 38)

    # The report imported again leaves the replies and statuses as they are.
    import_report(tmp_path)
    assert (Reply.objects.count(), StatusEntry.objects.count()) == (replies, statuses)


@pytest.mark.django_db
def test_a_renumbered_response_pairs_by_words_with_a_check_each(tmp_path, editor_client, editor):
    import_report(tmp_path)
    before = dict(Recommendation.objects.values_list("number", "pk"))
    renumbered = write(tmp_path, "response-renumbered.txt", renumbered_response())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_response", renumbered)
    assert not Reply.objects.exists()
    draft = pair_doubts(make_draft(renumbered, renumbered_response()), SLUG)
    pairings = [(r.number, d) for r in draft.recommendations for d in r.doubts if d.message.startswith(PAIRING)]
    assert sorted((number, d.level) for number, d in pairings) == sorted((n, CHECK) for n in RENUMBERED.values())

    editor_client.post(
        reverse("admin:intake_draft_upload"),
        {"document": SimpleUploadedFile("response-renumbered.txt", renumbered_response())},
    )
    row = Draft.objects.get()
    review = editor_client.get(reverse("admin:intake_draft_review", args=[row.pk])).content.decode()
    for response_number, report_number in RENUMBERED.items():
        check = (f"recommendation {report_number} here is recommendation {response_number} of the report by its "
                 f"words")  # fmt: skip
        assert check in review
    unsaved = pair_doubts(make_draft(renumbered, renumbered_response()), "no-such-report")
    assert not any(d.message.startswith(PAIRING) for r in unsaved.recommendations for d in r.doubts)

    editor_client.post(reverse("admin:intake_draft_review", args=[row.pk]), {"version": row.version,
                                                                             "action": "publish"})  # fmt: skip
    row.refresh_from_db()
    assert row.state == Draft.State.PUBLISHED
    report = Report.objects.get(slug=SLUG)
    assert dict(report.recommendations.values_list("number", "pk")) == before  # the same rows, numbers, addresses
    assert list(report.recommendations.values_list("number", flat=True)) == list(before)  # in the report's order
    third = report.recommendations.get(number="3")
    assert third.text.startswith("The Department for Education set local authorities up to fail")
    assert third.replies.get().text.startswith("We do not accept the Committee's finding.")
    # Each of the report's recommendations has the replies the response gives its words.
    call_command("import_response", str(SEED), "--report-slug", "as-numbered")
    as_numbered = replies_by_number(Report.objects.get(slug="as-numbered").recommendations.all())
    assert replies_by_number(report.recommendations.all()) == as_numbered
    assert sum(map(len, as_numbered.values())) >= 35 and not report.recommendations.filter(number="39").exists()


@pytest.mark.django_db
def test_a_response_item_whose_words_match_no_report_item_is_a_check(tmp_path):
    import_report(tmp_path)
    seed = SEED.read_text(encoding="utf-8")
    first = re.search(r"(?m)^1\. .*\(Paragraph 17\)$", seed)[0]
    text = seed.replace(first, "1. Words no report printed at all here. (Paragraph 17)")
    changed = write(tmp_path, "response.txt", text.encode())
    with pytest.raises(CommandError) as refused:
        call_command("import_response", changed)
    assert f"{PAIRING}recommendation 1's words are not those of the report's recommendation 1" in str(refused.value)
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_a_response_item_new_to_the_report_is_a_check_and_comes_after_the_reports(tmp_path):
    import_report(tmp_path)
    # A 39th recommendation, with words of the seed's introduction that no recommendation of the report has.
    extra = "\n\n39. We include further details of this work below. (Paragraph 90)\n\nWe agree."
    path = write(tmp_path, "response.txt", SEED.read_bytes() + extra.encode())
    draft = pair_doubts(make_draft(path, Path(path).read_bytes()), SLUG)
    [doubt] = [d for r in draft.recommendations for d in r.doubts if d.message.startswith(PAIRING)]
    assert doubt.level == CHECK and "recommendation 39 matches none of the report's recommendations" in doubt.message
    save(draft, target_for(draft))
    report = Report.objects.get(slug=SLUG)
    assert list(report.recommendations.values_list("number", "position"))[-2:] == [("38", 38), ("39", 39)]
    assert report.recommendations.get(number="39").replies.get().text == "We agree."
