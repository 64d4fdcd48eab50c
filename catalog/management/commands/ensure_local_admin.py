import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a local superuser with a random password, printed once. Only for the local SQLite setup."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("ensure_local_admin is only for the local SQLite database; use createsuperuser.")
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Local admin account “{username}” already exists (password as printed earlier).")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created local admin account — username: {username}  password: {password}\n"
                "This password is shown only once. Change it with: manage.py changepassword " + username
            )
        )
