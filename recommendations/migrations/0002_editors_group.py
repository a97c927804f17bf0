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


def create_editors_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    permissions = Permission.objects.filter(content_type__app_label="recommendations", codename__in=codenames)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
