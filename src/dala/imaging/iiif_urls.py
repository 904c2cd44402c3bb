"""URLs of the IIIF Image and Presentation APIs, mounted at /iiif/ outside the language prefixes."""

from django.urls import path, re_path

from dala.imaging import iiif_views

app_name = "iiif"

urlpatterns = [
    path("image/<str:identifier>", iiif_views.service, name="service"),
    path("image/<str:identifier>/info.json", iiif_views.info_json, name="info"),
    path("image/<str:identifier>/<str:region>/<str:size>/<str:rotation>/<str:quality_format>",
         iiif_views.image_request, name="image"),
    path("manifest/<int:artwork_id>", iiif_views.manifest_json, name="manifest"),
    re_path(r"^(?P<rest>.*)$", iiif_views.unknown),
]
