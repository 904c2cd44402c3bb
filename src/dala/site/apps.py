from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "dala.site"
    label = "site"
