from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The portal's core: users and roles, the audit log, shared web plumbing. Its label stays
    `goodwork`, so the user model is still `goodwork.User`."""

    name = "goodwork.core"
    label = "goodwork"
    verbose_name = "Portal"
