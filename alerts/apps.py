from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Email alerts"

    def ready(self):
        from recommendations import changes

        from . import (
            checks,  # noqa: F401  (registers the deploy check on DJANGO_SITE_URL)
            events,
        )

        changes.listen(events.record)
