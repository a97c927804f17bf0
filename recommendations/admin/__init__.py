"""The editors' admin: every ModelAdmin of public data announces its saves (announcing.AnnouncingAdmin)."""

from . import progress, recommendations, sources  # noqa: F401  (each registers its ModelAdmins)
