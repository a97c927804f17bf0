"""Write a complete, restorable copy of the tracker's data to backups/ (see restore_data).

On PostgreSQL: `pg_dump --format=custom` of the whole database. Otherwise: what `dumpdata --natural-foreign
--natural-primary` writes, as JSON, leaving out only what `migrate` makes again (content types, permissions) and
the sessions; the admin's log of changes is kept, as the audit trail. Unlike `dumpdata`, times keep their
microseconds (Django's JSON encoder cuts them to milliseconds), so that a restore gives back every value.
"""

import datetime
import os
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def rows():
    """Every row of every table but EXCLUDED's, models with natural keys first (as dumpdata orders them).

    A model whose table is not there (its migration not yet applied) has no rows to lose, and is passed over.
    """
    tables = set(connection.introspection.table_names())
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        meta = model._meta
        if meta.label_lower not in EXCLUDED and not meta.proxy and meta.managed and meta.db_table in tables:
            yield from model._base_manager.order_by(meta.pk.name).iterator()


def postgres_environment(settings_dict: dict) -> dict:
    """libpq's variables for the database, so that no password is put on a command line."""
    env = dict(os.environ)
    for variable, key in [("PGDATABASE", "NAME"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"), ("PGHOST", "HOST")]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for variable, key in [("PGPORT", "PORT")]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


class Command(BaseCommand):
    help = "Write a complete, restorable copy of the data to backups/ (pg_dump on PostgreSQL, JSON otherwise)."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(Path(settings.BASE_DIR) / "backups"))
        parser.add_argument(
            "--format", choices=["auto", "json"], default="auto", help="json: a JSON dump even on PostgreSQL."
        )

    def handle(self, *args, output_dir, format, **options):
        directory = Path(output_dir)
        if not directory.exists():
            directory.mkdir(parents=True)
            (directory / ".gitignore").write_text("*\n")
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        postgres = connection.vendor == "postgresql" and format == "auto"
        path = directory / f"tracker-{stamp}.{'dump' if postgres else 'json'}"
        partial = path.with_name(path.name + ".partial")  # renamed only once complete
        try:
            if postgres:
                self.pg_dump(partial)
            else:
                # One transaction: on SQLite, one consistent snapshot of every table.
                with transaction.atomic(), partial.open("w", encoding="utf-8") as stream:
                    serializers.serialize(
                        "json",
                        rows(),
                        stream=stream,
                        indent=1,
                        use_natural_foreign_keys=True,
                        use_natural_primary_keys=True,
                        cls=ExactEncoder,
                    )
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.rename(path)
        self.stdout.write(str(path))

    def pg_dump(self, path: Path) -> None:
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"]
        try:
            result = subprocess.run(
                command, env=postgres_environment(connection.settings_dict), capture_output=True, text=True
            )
        except FileNotFoundError as error:
            raise CommandError("pg_dump is not installed (Debian: apt-get install postgresql-client).") from error
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
