from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dala.api"
    label = "api"
