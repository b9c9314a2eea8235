from django.core.management.base import BaseCommand

from goodwork.demo import demo_code


class Command(BaseCommand):
    help = "Print the one-time code for the demo coaches' and council admin's authenticator."

    def handle(self, *args, **options):
        self.stdout.write(demo_code())
