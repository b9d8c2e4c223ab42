"""`despedida init`: what `make run` does before serving.

Applies migrations, creates the owner account on the first run (asking
for it on a terminal, generating a password otherwise), and loads the
demo portfolio into an empty store. Safe to run every time.
"""

from __future__ import annotations

import getpass
import secrets
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from despedida.accounts.models import Membership, Role, Workspace
from despedida.portability.demo_store import DEFAULT_CLIENTS as DEMO_CLIENTS
from despedida.portability.demo_store import DEFAULT_SEED as DEMO_SEED


class Command(BaseCommand):
    help = _("Prepare the store: migrate, create the owner on the first run, load the demo portfolio if empty.")

    def add_arguments(self, parser):
        parser.add_argument("--no-input", action="store_true", help=_("Never prompt; generate the owner's password."))
        parser.add_argument("--no-demo", action="store_true", help=_("Do not load the demo portfolio."))
        parser.add_argument("--username", default="owner", help=_("The owner's user name (default: owner)."))

    def handle(self, *args, no_input, no_demo, username, **options):
        call_command("migrate", interactive=False, verbosity=0)
        User = get_user_model()
        owner = User.objects.filter(is_superuser=True).order_by("pk").first()
        password = None
        if owner is None:
            interactive = not no_input and sys.stdin.isatty()
            owner, password = self.create_owner(username, interactive)
        if not no_demo and not Workspace.objects.exists():
            self.stdout.write(_("Loading the demo portfolio (%(count)d clients)…") % {"count": DEMO_CLIENTS})
            call_command("demo", clients=DEMO_CLIENTS, seed=DEMO_SEED, verbosity=0)
        for workspace in Workspace.objects.exclude(memberships__role=Role.OWNER):
            Membership.objects.get_or_create(workspace=workspace, user=owner, defaults={"role": Role.OWNER})
        if password:
            self.stdout.write(
                _("Owner account created. Log in as «%(user)s» with password: %(password)s")
                % {"user": owner.get_username(), "password": password}
            )
        else:
            self.stdout.write(
                _("Log in as «%(user)s». Forgot the password? Run: .venv/bin/despedida changepassword %(user)s")
                % {"user": owner.get_username()}
            )

    def create_owner(self, username: str, interactive: bool):
        User = get_user_model()
        if not interactive:
            password = secrets.token_urlsafe(12)
            with transaction.atomic():
                owner = User.objects.create_superuser(username=username, email="", password=password)
            return owner, password
        self.stdout.write(_("First run: create the owner account."))
        name = input(_("User name [%(default)s]: ") % {"default": username}).strip() or username
        while True:
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password (again): ")):
                self.stderr.write(_("The passwords do not match."))
                continue
            try:
                validate_password(password, User(username=name))
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            break
        owner = User.objects.create_superuser(username=name, email="", password=password)
        return owner, None
