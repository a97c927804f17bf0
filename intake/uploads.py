"""Taking in a document as a draft, from an editor's upload or `import_response --draft`: one draft per identical
file, and a limit on the drafts each editor has waiting.

The same bytes (by SHA-256) leads to the draft already made of them, waiting or published, instead of a second
copy; a discarded one does not count, so a file can be taken in again after a discard. An editor with
INTAKE_MAX_WAITING_DRAFTS drafts waiting for review is refused another until one is published or discarded. Both
are checked before the document is read (the reading is the costly part) and again, under a lock, before the
draft is kept, so that two uploads at once cannot both pass.

The limit is an editor's: a draft kept by the command (no uploader) is not held to it. Such drafts share "no
uploader" with the ones `sync_parliament` keeps, one per response Parliament publishes, so counting them would
refuse an operator's import because Parliament published ten responses; and whoever can run a management command
can write to the database anyway, so a limit there would protect nothing.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from .draft import DraftResponse
from .models import Draft
from .pipeline import keep_draft, make_draft

# The PostgreSQL advisory lock that makes the checks and the keeping of one upload a single step.
LOCK_KEY = 0x494E54414B45  # "INTAKE"


class UploadRefused(Exception):
    """The upload is not kept; the message says why and what to do."""


def earlier_draft(data: bytes) -> Draft | None:
    """The draft already made of these bytes, waiting or published (the latest), if any."""
    return (
        Draft.objects.defer("original", "content", "choices")
        .filter(sha256=hashlib.sha256(data).hexdigest())
        .exclude(state=Draft.State.DISCARDED)
        .order_by("-uploaded_at", "-id")
        .first()
    )


def check_quota(user) -> None:
    """UploadRefused if the editor has the most drafts waiting that one may; `None` (the command) has no limit."""
    if user is None:
        return
    limit = settings.INTAKE_MAX_WAITING_DRAFTS
    waiting = Draft.objects.filter(uploaded_by=user, state=Draft.State.WAITING).count()
    if waiting >= limit:
        raise UploadRefused(
            f"You have {waiting} drafts waiting for review, and the limit is {limit}. Publish or discard one of "
            "them, then upload this file again. Nothing was saved."
        )


def take_in(path, data: bytes, *, user=None, **details) -> tuple[Draft, bool]:
    """(a new draft of the document, True), or (the earlier draft of the same bytes, False) without reading them.
    Raises UploadRefused (an editor at the limit) or DocumentError (a file that cannot be read), keeping nothing.
    `details` go to keep_draft (title, committee, report_slug, response_date, source_url)."""
    if earlier := earlier_draft(data):
        return earlier, False
    check_quota(user)
    return keep_upload(Path(path).name, data, make_draft(path, data), user=user, **details)


@transaction.atomic
def keep_upload(name: str, data: bytes, draft: DraftResponse, *, user, **details) -> tuple[Draft, bool]:
    """(the draft kept for this upload, True) or (the earlier draft of the same bytes, False).
    Raises UploadRefused, keeping nothing, if the editor is at the limit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    earlier = earlier_draft(data)
    if earlier is not None:
        return earlier, False
    check_quota(user)
    return keep_draft(name, data, draft, user=user, **details), True
