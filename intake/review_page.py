"""What one page of the review shows, so that a draft of thousands of items renders a page of bounded size.

A page holds PAGE_SIZE recommendations (in the document's order) with the replies that answer them (at most
MAX_REPLIES each), the same number of replies that answer none of the draft's recommendations, and of the
editors' corrections the document changes too. The doubts come first: the most serious MAX_DOUBTS of the whole
draft, each linking to its page. Everything is read in one pass over the draft (no step scans the replies once
per recommendation).
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from . import review
from .draft import CHECK, ERROR, DraftResponse

PAGE_SIZE = 50
MAX_DOUBTS = 100
MAX_REPLIES = 20  # beside one recommendation
LEVEL_ORDER = {ERROR: 0, CHECK: 1}


@dataclass
class ReviewPage:
    page: Page
    rows: list[dict]  # {"index", "item", "replies": [(j, reply)], "more_replies", "sentences"}
    replies: list[tuple[int, object]]  # the replies to correct on this page
    doubts: list[dict]  # {"anchor", "page", "label", "doubt"}, the most serious first
    doubt_count: int
    blocking: bool
    conflicts: list


def review_page(draft: DraftResponse, number, conflicts: list) -> ReviewPage:
    """Page `number` (any value: a bad one gives the first or the last page) of the draft's review."""
    answering: dict[str, list[int]] = {}
    for j, reply in enumerate(draft.replies):
        for answered in dict.fromkeys(reply.numbers):
            answering.setdefault(answered, []).append(j)
    recommendations = draft.recommendations
    known = {item.number for item in recommendations}
    orphans = [j for j, reply in enumerate(draft.replies) if not known.intersection(reply.numbers)]
    longest = max(len(recommendations), len(orphans), len(conflicts))
    page = Paginator(range(longest), PAGE_SIZE).get_page(number)
    start = (page.number - 1) * PAGE_SIZE
    window = slice(start, start + PAGE_SIZE)

    rows, shown = [], {}
    for index, item in enumerate(recommendations[window], start=start):
        answers = answering.get(item.number, [])
        replies = [(j, draft.replies[j]) for j in answers[:MAX_REPLIES]]
        rows.append({"index": index, "item": item, "replies": replies, "more_replies": len(answers) - len(replies),
                     "sentences": review.sentences(item.text)})  # fmt: skip
        shown.update(replies)
    shown.update((j, draft.replies[j]) for j in orphans[window])

    reply_page = {j: position // PAGE_SIZE + 1 for position, j in enumerate(orphans)}
    for index, item in enumerate(recommendations):
        for j in answering.get(item.number, ())[:MAX_REPLIES]:
            reply_page.setdefault(j, index // PAGE_SIZE + 1)
    doubts = [
        {"anchor": f"recommendation-{i}", "page": i // PAGE_SIZE + 1, "label": f"Recommendation {r.number}", "doubt": d}
        for i, r in enumerate(recommendations) for d in r.doubts
    ] + [
        {"anchor": f"reply-{j}", "page": reply_page.get(j, 1), "label": f"Reply {j + 1}", "doubt": d}
        for j, r in enumerate(draft.replies) for d in r.doubts
    ] + [{"anchor": "", "page": None, "label": "The document", "doubt": d} for d in draft.doubts]  # fmt: skip
    doubts.sort(key=lambda entry: LEVEL_ORDER.get(entry["doubt"].level, 2))
    return ReviewPage(
        page=page,
        rows=rows,
        replies=sorted(shown.items()),
        doubts=doubts[:MAX_DOUBTS],
        doubt_count=len(doubts),
        blocking=any(entry["doubt"].level == ERROR for entry in doubts),
        conflicts=conflicts[window],
    )
