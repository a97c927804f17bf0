"""Never a crash: any document, whole or damaged, gives a draft or a DocumentError naming its place."""

import os

from fpdf import FPDF
from hypothesis import HealthCheck, given, settings

from intake import readers
from intake.common import DocumentError
from intake.pipeline import draft_of, make_draft
from tests.intake.fuzzdocs import damaged, html_document, pdf_document, text_document

# Thousands of cases in all, well under a minute on CI; FUZZ_SCALE=10 to search longer.
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
FAST = settings(max_examples=1500 * SCALE, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
SLOW = settings(max_examples=250 * SCALE, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def _reads_or_says_where(name: str, data: bytes) -> None:
    # The reader in this process (the admin and the command run it in a child process with limits, which
    # would hide a crash inside it as a failed child).
    try:
        draft = draft_of(readers.read(name, data))
    except DocumentError as error:
        assert error.line is not None, str(error)
        assert str(error).startswith(f"{name}, "), str(error)
    else:
        assert draft.recommendations


@FAST
@given(damaged(text_document()))
def test_text_documents_never_crash(data):
    _reads_or_says_where("fuzz.txt", data)


@FAST
@given(damaged(html_document()))
def test_html_documents_never_crash(data):
    _reads_or_says_where("fuzz.html", data)


@SLOW
@given(damaged(pdf_document()))
def test_pdf_documents_never_crash(data):
    _reads_or_says_where("fuzz.pdf", data)


def test_a_pdf_with_an_empty_page_among_others_reads():
    """Command papers have blank pages; removing page furniture once failed on them."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("Helvetica", "", 10)
    for page in range(1, 5):
        pdf.add_page()
        if page != 2:
            pdf.text(60, 40, "Government Response")
            pdf.text(60, 100, f"{page}. The Department should act. (Paragraph {page})")
            pdf.text(60, 130, "We accept this recommendation.")
            pdf.text(300, 800, str(page))
    draft = make_draft("blank-page.pdf", bytes(pdf.output()))
    assert [r.number for r in draft.recommendations] == ["1", "3", "4"]
