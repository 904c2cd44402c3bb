from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dala.core"
    label = "core"
