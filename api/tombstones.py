"""Deletions of public objects, recorded for mirrors from the announcements every write makes."""

from recommendations.changes import Change

from .models import Tombstone

# The API's resource for each model a deletion can name; objects only shown inside others have none.
RESOURCES = {
    "recommendation": "recommendations",
    "report": "reports",
    "committee": "committees",
    "department": "departments",
    "commitment": "commitments",
    "review": "reviews",
    "theme": "themes",
    "writtenquestion": "questions",
}


def record_deletions(change: Change) -> None:
    Tombstone.objects.bulk_create(
        Tombstone(resource=RESOURCES[model], object_id=pk) for model, pk in change.deleted if model in RESOURCES
    )
