"""Every layout a government response is published in gives the SEND response's 38 recommendations and 35
replies exactly as the original text does: PDFs (bold, italic, shaded boxes under "Recommendation N" headings,
chapter numbers with running heads, footnotes and hyphenation), a Commons web page and a hard-wrapped text copy.
Bad files get a clear message and change nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from fpdf import FPDF

from intake.common import DocumentError
from intake.pipeline import make_draft
from intake.save import SaveOptions, save
from recommendations.models import Recommendation, Report
from tests.send_documents import (
    FONTS,
    LAYOUTS,
    SEED,
    chapter_numbers,
    read_seed,
    send_html,
    send_pdf,
    send_wrapped_text,
)

DOCUMENTS = {
    **{name: (lambda layout=layout: send_pdf(layout), "pdf") for name, layout in LAYOUTS.items()},
    "commons-html": (lambda: send_html().encode(), "html"),
    "wrapped-text": (lambda: send_wrapped_text().encode(), "text"),
}
_drafts: dict = {}


def draft_of(name):
    """Each layout is generated and read once for the whole module (a PDF takes seconds)."""
    if name not in _drafts:
        make, _ = DOCUMENTS[name]
        _drafts[name] = make_draft(f"send.{name}", make())
    return _drafts[name]


def seed_numbers(name) -> dict[str, str]:
    """The layout's recommendation numbers → the seed's ("1.3" → "3" where chapters number them)."""
    if name == "pdf-chapters-footnotes-hyphens":
        return {chapter: seed for seed, chapter in chapter_numbers(read_seed()).items()}
    return {}


@pytest.fixture(scope="module")
def original():
    return make_draft(SEED, SEED.read_bytes())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_layout_gives_the_seeds_38_recommendations_and_35_replies(name, original):
    draft = draft_of(name)
    assert draft.format == DOCUMENTS[name][1]
    numbers = seed_numbers(name)
    assert len(draft.recommendations) == 38 and len(draft.replies) == 35
    for expected, got in zip(original.recommendations, draft.recommendations, strict=True):
        assert numbers.get(got.number, got.number) == expected.number
        assert got.text == expected.text
        assert got.paragraphs == ([] if name == "pdf-shaded-headed" else expected.paragraphs)
        assert (got.kind, got.bodies, got.status, got.review) == (
            expected.kind,
            expected.bodies,
            expected.status,
            expected.review,
        )
    for expected, got in zip(original.replies, draft.replies, strict=True):
        assert (got.responder, got.text) == (expected.responder, expected.text)
        assert [numbers.get(n, n) for n in got.numbers] == expected.numbers
    assert not [doubt for doubt in draft.all_doubts() if doubt.level != "warning"]


def test_footnotes_are_notes_of_their_item_never_in_the_text():
    draft = draft_of("pdf-chapters-footnotes-hyphens")
    by_number = {seed: r for r in draft.recommendations for chapter, seed in seed_numbers(draft.path[5:]).items()
                 if r.number == chapter}  # fmt: skip
    assert by_number["12"].notes == ["Local Authority Interactive Tool"]
    assert any("footnote text removed" in doubt.message for doubt in by_number["12"].doubts)
    reply = next(r for r in draft.replies if r.text.startswith("We do not accept the Committee's finding."))
    assert reply.notes == ["Children and Families Act 2014"]
    html_reply = next(r for r in draft_of("commons-html").replies if "We provided a total of £252 million" in r.text)
    assert html_reply.notes == ["Children and Families Act 2014"]
    assert "£252 million1" not in html_reply.text


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pdf-shaded-headed", "commons-html"])
def test_a_layout_saves_as_the_text_does(name, original):
    """The same save as the command's, from each layout's draft, gives the rows the text gives."""

    def rows(slug):
        report = Report.objects.get(slug=slug)
        recommendations = report.recommendations.order_by("position").values_list("number", "text", "status")
        replies = [(r.text, sorted(r.recommendations.values_list("number", flat=True))) for r in report.replies.all()]
        return list(recommendations), replies

    for slug, draft in (("send-layout", draft_of(name)), ("send-text", original)):
        options = SaveOptions(
            slug=slug,
            title="Special educational needs and disabilities",
            committee="Education Committee",
            effective_on=original.front.received_on,
        )
        save(draft, options)
    assert rows("send-layout") == rows("send-text")


@pytest.mark.django_db
def test_the_command_reads_a_pdf_and_a_second_run_changes_nothing(tmp_path):
    path = tmp_path / "send-response.pdf"
    path.write_bytes(send_pdf(LAYOUTS["pdf-bold"]))
    out = io.StringIO()
    call_command("import_response", str(path), stdout=out)
    assert "recommendations: created 38" in out.getvalue() and "replies: created 35" in out.getvalue()
    call_command("import_response", str(path), stdout=out)
    assert "Nothing changed." in out.getvalue()
    assert Report.objects.get().source_document == "send-response.pdf"


def test_dry_run_prints_the_items_and_saves_nothing(tmp_path):
    path = tmp_path / "send.html"
    path.write_text(send_html(), encoding="utf-8")
    out = io.StringIO()
    call_command("import_response", str(path), "--dry-run", stdout=out)
    assert "read as html; 38 recommendations, 35 replies" in out.getvalue()
    assert "Dry run: nothing was saved." in out.getvalue()


def _pdf(write=None, encrypt=False) -> bytes:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_page()
    if write:
        write(pdf)
    if encrypt:
        pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    return bytes(pdf.output())


def _scanned(pdf):
    # A scan: the page is a picture (here grey boxes standing for lines of print), with no text layer.
    pdf.set_fill_color(90, 90, 90)
    for row in range(30):
        pdf.rect(60, 80 + row * 20, 460, 9, style="F")


def _text(pdf):
    pdf.set_font("DejaVu", "", 11)
    pdf.text(60, 100, "We are committed to the ongoing improvement of the SEND system.")


BAD = {
    "empty.pdf": (lambda: _pdf(), "page 1: the PDF has no text layer"),
    "scanned.pdf": (lambda: _pdf(_scanned), "page 1: the PDF has no text layer"),
    "encrypted.pdf": (lambda: _pdf(_text, encrypt=True), "page 1: the PDF is encrypted"),
    "broken.pdf": (lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF", "page 1: "),
    "no-recommendations.pdf": (lambda: _pdf(_text), "page 1: no numbered recommendations found"),
    "no-recommendations.html": (
        lambda: b"<!DOCTYPE html><html><body><h1>Written evidence</h1><p>We welcome the report.</p></body></html>",
        "line 1: no numbered recommendations found",
    ),
    "empty.html": (lambda: b"<html><body><nav>Menu</nav></body></html>", "line 1: the HTML page has no text"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD)
def test_bad_files_get_a_clear_message_and_change_nothing(tmp_path, name):
    make, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError) as error:
        call_command("import_response", str(path), stdout=io.StringIO())
    assert str(error.value).startswith(f"{path}, {message}")
    assert str(error.value).endswith("Nothing was imported.")
    assert not Report.objects.exists() and not Recommendation.objects.exists()


def test_the_type_is_read_from_the_content_not_the_name(tmp_path):
    path = tmp_path / "response.txt"
    path.write_text(send_html(), encoding="utf-8")
    assert make_draft(path, path.read_bytes()).format == "html"
    with pytest.raises(DocumentError, match="the PDF has no text layer"):
        make_draft(tmp_path / "response.html", _pdf())
