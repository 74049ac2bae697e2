"""Load the demo workspaces and users; safe to run again (existing rows are left as they are).

Each module may add its own demo records: a `<module>/demo.py` with
`seed(*, workspace, owner) -> None` is called for every demo workspace, in the order of
`MODULES`, and must itself be safe to run again.
"""

import importlib
import importlib.util
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Membership, User, Workspace
from accounts.plans import Plan
from accounts.roles import Role

DEMO_PASSWORD = "secret"
# username -> (workspace name, slug, plan)
DEMO_ACCOUNTS = {
    "demo": ("Acme Enterprise", "acme", Plan.ENTERPRISE),
    "pro": ("Bluebird Pro", "bluebird", Plan.PRO),
    "free": ("Corner Shop Free", "corner-shop", Plan.FREE),
}
MODULES = ["catalog", "sales", "analytics", "automation", "integrations", "assistant"]
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"


class Command(BaseCommand):
    help = "Create the demo users and workspaces (development only; refuses to run without DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates known passwords; it runs only with DEBUG=1.")
        # Thousands of records would each log a line; the summary below is what matters here.
        logging.disable(logging.INFO)
        try:
            self._seed()
        finally:
            logging.disable(logging.NOTSET)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))

    @transaction.atomic
    def _seed(self) -> None:

        for username, (name, slug, plan) in DEMO_ACCOUNTS.items():
            user = self._user(username, DEMO_PASSWORD, email=f"{username}@example.com")
            workspace, _ = Workspace.objects.get_or_create(
                slug=slug, defaults={"name": name, "plan": plan}
            )
            Membership.objects.get_or_create(
                user=user, workspace=workspace, defaults={"role": Role.OWNER}
            )
            for seed in self._module_seeders():
                seed(workspace=workspace, owner=user)

        self._user(ADMIN_USERNAME, ADMIN_PASSWORD, email="admin@example.com", staff=True)

    @staticmethod
    def _module_seeders():
        for module in MODULES:
            if importlib.util.find_spec(f"{module}.demo") is not None:
                yield importlib.import_module(f"{module}.demo").seed

    def _user(self, username: str, password: str, *, email: str, staff: bool = False) -> User:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": email, "is_staff": staff, "is_superuser": staff}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        return user
