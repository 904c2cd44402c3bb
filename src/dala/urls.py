import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponseBase
from django.urls import include, path, re_path
from django.views.static import serve

from dala.api.api import api
from dala.site import views as site_views

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("iiif/", include("dala.imaging.iiif_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("dala.site.urls")),
    path("accounts/", include("dala.accounts.urls")),
    path("", include("dala.catalog.urls")),
    path("", include("dala.market.urls")),
    path("", include("dala.social.urls")),
    path("", include("dala.programmes.urls")),
    path("", include("dala.critique.urls")),
    path("", include("dala.discovery.urls")),
    path("", include("dala.search.urls")),
    prefix_default_language=True,
)


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    # MEDIA_ROOT is read per request (not frozen into the URL map), so a changed setting takes effect.
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


if settings.DALA_SERVE_MEDIA:
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)]
