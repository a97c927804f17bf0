"""The data version behind the public pages' caches and ETags.

`data_changed()` is called (through `changes.announce`) by every write path,
inside its transaction; the version is bumped when the transaction commits.
"""

from django.db import transaction


def data_changed() -> None:
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    """Placeholder until the public pages are cached (issue 12)."""
