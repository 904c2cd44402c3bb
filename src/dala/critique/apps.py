from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CritiqueConfig(AppConfig):
    name = "dala.critique"
    label = "critique"
    verbose_name = _("Critique")
    default_auto_field = "django.db.models.BigAutoField"
