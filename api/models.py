"""The read API's own tables: the keys superusers issue, and the deletions a mirror must hear of."""

import hashlib
import secrets

from django.db import models

KEY_PREFIX = "trk_"


def digest(key: str) -> str:
    """Keys are long random strings, so one SHA-256 (no salt, no stretching) keeps them safe at rest."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(models.Model):
    """A key that lifts the anonymous rate limit. Only its digest is stored: the key is shown once, when issued."""

    name = models.CharField(max_length=200, help_text="Who the key is for, e.g. “Institute for Government”.")
    contact = models.EmailField(blank=True, help_text="Whom to write to about the key.")
    prefix = models.CharField(max_length=12, editable=False, help_text="The key's first characters, to recognise it.")
    hashed = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Requests per window of API_RATE_WINDOW seconds; empty for API_KEY_RATE_LIMIT.",
    )
    active = models.BooleanField(default=True, help_text="Untick to revoke the key.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API key"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self) -> str:
        """A new key for this row (kept only as its digest); returns the key, to be shown once."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.prefix, self.hashed = key[:12], digest(key)
        return key


class Tombstone(models.Model):
    """A public object deleted: a mirror that asks what changed since a time is told to delete it too."""

    resource = models.CharField(max_length=40, help_text="The API's name for it: “themes”, “reports”, ...")
    object_id = models.BigIntegerField()
    deleted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["deleted_at", "id"]

    def __str__(self):
        return f"{self.resource} {self.object_id} deleted at {self.deleted_at:%Y-%m-%d %H:%M}"
