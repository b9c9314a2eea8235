from django.apps import AppConfig


class GoodworkConfig(AppConfig):
    name = "goodwork"
    verbose_name = "Portal"
