"""The stages in order, for a document on disk or uploaded: read → segment → rules → draft, then save.

`make_draft` stops before the save (the admin keeps the draft for an editor's review); `import_response` goes on
to save when nothing in the draft needs an editor's eye (the command's way). Where the report is saved already,
the draft's pairing with its recommendations (save.pair_doubts) is checked too, before anything is written.
"""

import datetime
import hashlib
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.text import slugify

from intake.common import DocumentError, read_bytes

from . import readers
from .draft import CHECK, ERROR, DraftResponse, StageFailed, to_json
from .models import Draft
from .pairing import pair_doubts
from .readers import limits
from .rules.apply import apply as apply_rules
from .save import ImportResult, SaveOptions, save
from .segment import NoRecommendations, segment

logger = logging.getLogger(__name__)
UNFORESEEN = (
    "the document could not be read here: it holds something the importer does not handle yet; please report it"
)


def make_draft(path, data: bytes) -> DraftResponse:
    """The draft of a document's bytes; DocumentError, naming the place, if it cannot be read or holds no
    recommendations. No failure of a stage escapes as anything else."""
    return draft_of(_read(path, data))


def draft_of(document: readers.Document) -> DraftResponse:
    """The draft of a document already read; DocumentError as for `make_draft`."""
    path = document.path
    try:
        return apply_rules(segment(document))
    except NoRecommendations as none:
        if none.message:
            raise DocumentError(path, none.place, none.message) from None
        example = "paragraphs like “1. ... (Paragraph 17)”, or numbered paragraphs in bold, italic or a box"
        raise DocumentError(path, _start(document), f"no numbered recommendations found ({example}).") from None
    except StageFailed as failure:
        logger.exception("intake: %s in %s", failure, path)
        raise DocumentError(path, failure.place, f"{UNFORESEEN} ({failure.stage}, {failure.cause.__class__.__name__})."
                            ) from None  # fmt: skip


def _read(path, data: bytes) -> readers.Document:
    try:
        return limits.read(path, data)
    except DocumentError:
        raise
    except Exception as error:  # a reader's bug, or a file no rule foresaw: a message, never a traceback
        logger.exception("intake: the reader failed on %s", path)
        place = "page 1" if readers.sniff(data) == readers.PDF else 1
        raise DocumentError(path, place, f"{UNFORESEEN} (reading the file, {error.__class__.__name__}).") from None


def keep_draft(name: str, data: bytes, draft: DraftResponse, *, user=None, **details) -> Draft:
    """A Draft row waiting for an editor's review: the original file, its SHA-256 and what the pipeline read.
    `details` (title, committee, report_slug, response_date, source_url) stand in for the front matter."""
    title = details.pop("title", "") or draft.front.title
    slug = (details.pop("report_slug", "") or slugify(title))[:200]
    pair_doubts(draft, slug)
    return Draft.objects.create(
        file_name=name[:200],
        original=data,
        sha256=hashlib.sha256(data).hexdigest(),
        format=draft.format,
        content=to_json(draft),
        title=title[:300],
        committee=(details.pop("committee", "") or draft.front.committee)[:200],
        report_slug=slug,
        uploaded_by=user,
        **{name: value for name, value in details.items() if value},
    )


def review_address(row: Draft) -> str:
    return settings.SITE_URL + reverse("admin:intake_draft_review", args=[row.pk])


def _start(document) -> int | str:
    return document.blocks[0].line if document.blocks and document.format == readers.PDF else 1


def refuse_doubts(draft: DraftResponse, *, strict: bool) -> None:
    """DocumentError for the first doubt that stops a save: errors always, checks too when `strict`."""
    stopping = (ERROR, CHECK) if strict else (ERROR,)
    doubt = next((doubt for doubt in draft.all_doubts() if doubt.level in stopping), None)
    if doubt is not None:
        raise DocumentError(draft.path, doubt.line, doubt.message)


def target_for(
    draft: DraftResponse,
    *,
    report_slug: str = "",
    title: str = "",
    committee: str = "",
    response_date: datetime.date | None = None,
    source_url: str = "",
    choices: dict | None = None,
) -> SaveOptions:
    """Where the draft goes, from what the document says and what the caller adds; DocumentError if it is unclear.

    The options stand in for front matter a document lacks (or correct it): the report's slug and title, the
    committee's name, and the date the response took effect (otherwise the date it was received or printed).
    """
    path, front = draft.path, draft.front
    if source_url:
        try:
            URLValidator()(source_url)
        except ValidationError:
            raise DocumentError(path, None, f"the source URL “{source_url}” is not a web address.") from None
    title = title or front.title
    slug = report_slug or slugify(title)[:200]
    if report_slug and not re.fullmatch(r"[-a-zA-Z0-9_]{1,200}", report_slug):
        raise DocumentError(path, None, f"the report slug “{report_slug}” may have only letters, digits, - and _.")
    if not slug:
        raise DocumentError(
            path, 1, "the front matter does not give the report's title; give --title (and --report-slug)."
        )
    effective_on = response_date or front.received_on or front.printed_on
    if effective_on is None and any(r.status for r in draft.recommendations):
        raise DocumentError(
            path, 1, "the front matter does not say when the response was received; give --response-date YYYY-MM-DD."
        )
    return SaveOptions(
        slug=slug,
        title=title,
        committee=committee or front.committee,
        effective_on=effective_on,
        source_url=source_url,
        source_document=Path(path).name,
        choices=choices or {},
    )


def import_response(path, **options) -> ImportResult:
    """Import a response document (PDF, HTML or text), or a committee report's own recommendations before its
    response; a second run changes nothing. Raises DocumentError, changing nothing, if the document cannot be read
    or any doubt needs an editor (use the admin's review), pairings with the saved report's recommendations made
    by their words among them."""
    draft = make_draft(path, read_bytes(path))
    refuse_doubts(draft, strict=True)
    target = target_for(draft, **options)
    refuse_doubts(pair_doubts(draft, target.slug), strict=True)  # then the pairing with the saved report
    return save(draft, target)
