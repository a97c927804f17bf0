"""Links bound to a random secret per subscriber (each existing subscriber is given its own), throttles counted in
one table per mailbox and per client, and search labels without the words searched for."""

import secrets

from django.db import migrations, models
from django.http import QueryDict

import alerts.models


def give_each_subscriber_a_secret(apps, schema_editor):
    Subscriber = apps.get_model("alerts", "Subscriber")
    for subscriber in Subscriber.objects.filter(secret="").only("pk").iterator():
        Subscriber.objects.filter(pk=subscriber.pk).update(secret=secrets.token_urlsafe(24))


def drop_searched_words_from_labels(apps, schema_editor):
    """A search label began "Recommendations with words “…”", then the other filters after "; "."""
    Subscription = apps.get_model("alerts", "Subscription")
    for subscription in Subscription.objects.filter(target="search", query__contains="q=").iterator():
        words = QueryDict(subscription.query).get("q", "")
        rest = subscription.label.removeprefix(f"Recommendations with words “{words}”")
        label = "Recommendations with the words you searched for" + (rest if rest != subscription.label else "")
        Subscription.objects.filter(pk=subscription.pk).update(label=label[:300])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Quota",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64, unique=True)),
                ("started_at", models.DateTimeField()),
                ("used", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.DeleteModel(
            name="FollowRequest",
        ),
        migrations.RemoveField(
            model_name="subscriber",
            name="confirmations_sent",
        ),
        migrations.RemoveField(
            model_name="subscriber",
            name="confirmations_sent_on",
        ),
        migrations.AddField(
            model_name="subscriber",
            name="secret",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.RunPython(give_each_subscriber_a_secret, migrations.RunPython.noop),
        migrations.RunPython(drop_searched_words_from_labels, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscriber",
            name="secret",
            field=models.CharField(
                default=alerts.models.new_secret, help_text="Carried by its links; new on unsubscribe.", max_length=32
            ),
        ),
    ]
