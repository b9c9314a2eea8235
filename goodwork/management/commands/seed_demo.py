from django.core.management.base import BaseCommand

from goodwork.demo import DEMO_TOTP_SECRET, load_demo_data


class Command(BaseCommand):
    help = "Load realistic demo data. Safe to run again: it adds only what is missing."

    def add_arguments(self, parser):
        parser.add_argument("--vacancies", type=int, default=320)

    def handle(self, *args, **options):
        result = load_demo_data(vacancies=options["vacancies"])
        self.stdout.write(
            f"Demo data ready: {result['organisations']} employers, "
            f"{result['vacancies']} live vacancies."
        )
        self.stdout.write(f"Demo log-ins (password for all: {result['password']}):")
        for role, email in result["logins"]:
            self.stdout.write(f"  {role:<18} {email}")
        self.stdout.write(
            "Coaches and the council admin also need a one-time code: run "
            "`.venv/bin/python manage.py demo_code` (with DJANGO_DEBUG=true and the same "
            f"database settings), or add the secret {DEMO_TOTP_SECRET} to an authenticator app."
        )
