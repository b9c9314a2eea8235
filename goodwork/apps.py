from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The wiring above every app: its management commands (demo data) live here."""

    name = "goodwork"
    label = "portal"
    verbose_name = "Portal wiring"
