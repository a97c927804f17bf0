"""Text typed in the review page's textareas arrives with the line ends browsers send (CR LF): the corrections
keep plain newlines, so the text rules (which refuse CR) do not refuse an ordinary correction."""

from intake import review
from intake.management.commands.load_send_data import RESPONSE
from intake.pipeline import make_draft


def test_corrections_typed_in_a_browser_keep_plain_newlines():
    draft = make_draft(RESPONSE, RESPONSE.read_bytes())
    reply = draft.replies[0]
    draft = review.edit_reply(
        draft, 0, heading=reply.heading, responder=reply.responder, text="First line.\r\nSecond line.", numbers="1, 2"
    )
    assert draft.replies[0].text == "First line.\nSecond line."
    first = draft.recommendations[0]
    draft = review.edit_recommendation(draft, 0, number=first.number, paragraphs="17", text="One.\r\nTwo.\rThree.")
    assert draft.recommendations[0].text == "One.\nTwo.\nThree."
