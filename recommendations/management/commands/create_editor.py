"""Create an editor account interactively. There is never a default password."""

from getpass import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create a staff account in the Editors group. Asks for the user name, email and password."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="The new editor's user name (asked for if not given).")
        parser.add_argument("--email", default=None, help="The new editor's email address.")

    def handle(self, *args, username=None, email=None, **options):
        User = get_user_model()
        username = (username or input("User name: ")).strip()
        if not username:
            raise CommandError("A user name is required.")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called “{username}”.")
        if email is None:
            email = input("Email address (optional): ").strip()
        password = getpass("Password: ")
        if password != getpass("Password (again): "):
            raise CommandError("The two passwords differ. Nothing was created.")
        user = User(username=username, email=email, is_staff=True)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(self.style.SUCCESS(f"Created the editor “{username}”. They can sign in at /admin/."))
