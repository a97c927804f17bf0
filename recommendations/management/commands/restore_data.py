"""Bring back a copy written by backup_data.

FILE.dump (PostgreSQL): `pg_restore --clean --if-exists --single-transaction` into the configured database.
FILE.json: migrate, then load it in one transaction; a database that already holds data is emptied first.
Either way a restore that fails part-way changes nothing, and replacing existing data asks first. After it,
the tables are analysed and the public pages' caches refresh (changes.announce).
"""

import subprocess
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, call_command
from django.db import connection, transaction

from recommendations.bulk import gather_statistics
from recommendations.changes import Change, ChangeKind, announce
from recommendations.models import Recommendation, Report, StatusEntry

from .backup_data import postgres_environment


def holds_data() -> bool:
    if Recommendation._meta.db_table not in connection.introspection.table_names():
        return False
    return any(model.objects.exists() for model in (Report, Recommendation, StatusEntry, get_user_model()))


class Command(BaseCommand):
    help = "Bring back a copy written by backup_data (a .dump on PostgreSQL, or a .json)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Replace existing data without asking."
        )

    def handle(self, *args, file, interactive, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.suffix == ".dump":
            if connection.vendor != "postgresql":
                raise CommandError(f"{path} is a PostgreSQL dump; set DATABASE_URL to a PostgreSQL database.")
            self.confirm(interactive)
            self.pg_restore(path)
        else:
            call_command("migrate", verbosity=0, interactive=False)
            with transaction.atomic():
                if holds_data():
                    self.confirm(interactive)
                    call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(path), verbosity=0)
        gather_statistics(apps.get_app_config("recommendations").get_models())
        announce(Change(kind=ChangeKind.EDIT, summary="Backup restored"))
        self.stdout.write(f"Restored {path} into database {connection.settings_dict['NAME']}.")

    def confirm(self, interactive: bool) -> None:
        if not interactive or not holds_data():
            return
        name = connection.settings_dict["NAME"]
        answer = input(f"Database {name} holds data: replace all of it with the backup? Type 'yes' to go on: ")
        if answer.strip() != "yes":
            raise CommandError("Nothing was restored.")

    def pg_restore(self, path: Path) -> None:
        connection.close()  # pg_restore drops tables: hold no connection of our own meanwhile
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        env = postgres_environment(connection.settings_dict)
        try:
            result = subprocess.run(
                [*command, f"--dbname={env['PGDATABASE']}", str(path)], env=env, capture_output=True, text=True
            )
        except FileNotFoundError as error:
            raise CommandError("pg_restore is not installed (Debian: apt-get install postgresql-client).") from error
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed, nothing was changed: {result.stderr.strip()}")
