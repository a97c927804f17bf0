from django.apps import AppConfig


class ParliamentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parliament"
    verbose_name = "Sync from Parliament"
