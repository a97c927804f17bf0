from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Read API"

    def ready(self):
        from recommendations import changes

        from .tombstones import record_deletions

        changes.listen(record_deletions)
