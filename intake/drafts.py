"""Publishing a reviewed draft: the same save as `import_response`, in one transaction, at most once per draft."""

from django.db import transaction
from django.utils import timezone

from intake.common import DocumentError

from .draft import from_json
from .models import Draft
from .pairing import pair_doubts
from .pipeline import refuse_doubts, target_for
from .save import ImportResult, save


class PublishRefused(Exception):
    """The draft cannot be published; the message says why and what to do."""


@transaction.atomic
def publish(*, draft_id: int, seen_version: int, user) -> ImportResult:
    """Save a waiting draft's recommendations and replies and mark it published. Changes nothing if refused."""
    row = Draft.objects.select_for_update().get(pk=draft_id)
    if row.state != Draft.State.WAITING:
        raise PublishRefused(f"This draft is already {row.get_state_display().lower()}: it cannot be published again.")
    if row.version != seen_version:
        raise PublishRefused("Someone changed this draft after you opened it; look at their changes, then publish.")
    draft = from_json(row.content)
    try:
        refuse_doubts(draft, strict=False)
        target = target_for(
            draft,
            report_slug=row.report_slug,
            title=row.title,
            committee=row.committee,
            response_date=row.response_date,
            source_url=row.source_url,
            choices=row.choices,
        )
        refuse_doubts(pair_doubts(draft, target.slug), strict=False)  # then the pairing with the saved report
        result = save(draft, target)
    except DocumentError as error:
        raise PublishRefused(f"{error.message[:1].upper()}{error.message[1:]} Nothing was published.") from None
    row.state, row.published_by, row.published_at = Draft.State.PUBLISHED, user, timezone.now()
    row.report_id = _report_id(result)
    row.save(update_fields=["state", "published_by", "published_at", "report"])
    return result


def _report_id(result: ImportResult) -> int:
    from recommendations.models import Report

    return Report.objects.values_list("pk", flat=True).get(slug=result.report)
