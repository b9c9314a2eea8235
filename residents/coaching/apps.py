from django.apps import AppConfig


class CoachingConfig(AppConfig):
    """Work coaching. Its models keep the `residents` app label, so their tables and
    migrations stay with the residents app; this app holds everything else of coaching."""

    name = "residents.coaching"
    label = "coaching"
    verbose_name = "Work coaching"

    def ready(self) -> None:
        # Django's way to run code once the models are loaded: these modules add coaching's
        # rule to who may open a resident's record, and its sections to the data download.
        from residents.coaching import access  # noqa: F401
        from residents.coaching.selectors import export  # noqa: F401
