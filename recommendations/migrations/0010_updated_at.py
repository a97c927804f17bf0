"""`updated_at` on every object the read API lists, so that a mirror can ask for what changed since a time.
Existing rows take the time of the migration."""

import django.utils.timezone
from django.db import migrations, models

MODELS = ["committee", "report", "theme", "review", "recommendation", "writtenquestion", "commitment"]


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0009_text_rules")]

    operations = [
        migrations.AddField(
            model_name=name,
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        )
        for name in MODELS
    ]
