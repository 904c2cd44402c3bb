from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "dala.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        # Once per process, for every reader of originals: the upload checks here, and imaging's
        # pipeline and IIIF pyramid (imaging needs catalog installed, so this always runs first).
        from . import listing  # noqa: F401  (tells the apps above when a work's listing changes)
        from .images import register_heif_opener

        register_heif_opener()
