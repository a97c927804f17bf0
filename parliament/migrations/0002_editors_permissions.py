"""Editors see what the sync did, confirm or reject the questions it proposes, and keep departments (never delete)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

PARLIAMENT = ["view_syncwindow", "view_publication", "view_questionproposal", "change_questionproposal"]
RECOMMENDATIONS = ["view_department", "add_department", "change_department"]


def _permissions(apps):
    for label in ("parliament", "recommendations"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(
        Q(content_type__app_label="parliament", codename__in=PARLIAMENT)
        | Q(content_type__app_label="recommendations", codename__in=RECOMMENDATIONS)
    )


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("parliament", "0001_initial"),
        ("recommendations", "0008_departments_and_sync"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
