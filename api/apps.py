from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Read API"

    def ready(self):
        from recommendations import changes, freshness

        from .tombstones import record_deletions

        changes.listen(record_deletions)
        # Answers carry ETags and are kept like pages; the views refuse parameters they do not know.
        freshness.public_prefix("/api/v1/")
