"""The Editors group, with only the permissions editors need.

Permissions are normally created after all migrations run, so they are created
here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = {
    "recommendation": ["view", "add", "change"],
    "reply": ["view", "add", "change"],
    "theme": ["view", "add", "change"],
    "body": ["view", "add", "change"],
    "review": ["view", "add", "change"],
    "writtenquestion": ["view", "add", "change"],
    "statusentry": ["view", "add"],
    "report": ["view", "change"],
    "committee": ["view"],
}


def editor_permissions(apps, permissions_by_model: dict[str, list[str]]):
    """The Permission rows for {model: [action, ...]}, created first if need be (later migrations use this too)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in permissions_by_model.items() for action in actions]
    return Permission.objects.filter(content_type__app_label="recommendations", codename__in=codenames)


def create_editors_group(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    group.permissions.set(editor_permissions(apps, EDITOR_PERMISSIONS))


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
