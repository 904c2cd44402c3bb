import posixpath
import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import include, path, re_path
from django.views.static import serve

from dala.api.api import api
from dala.site import views as site_views

handler500 = "dala.site.views.server_error"

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


# What an upload may be shown as in the browser; anything else is offered as a download of opaque bytes,
# so a file that slipped through as HTML or SVG can never run script on the site's origin.
_INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif", "image/tiff",
                       "application/json", "text/plain"}


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    # IIIF pyramids sit under MEDIA_ROOT/iiif/ for pyvips, but they are full-resolution copies of works that
    # may be drafts: only the IIIF service, which checks who may see what, reads them.
    if posixpath.normpath(path).lstrip("/").startswith("iiif/"):
        raise Http404("Not found.")
    # MEDIA_ROOT is read per request (not frozen into the URL map), so a changed setting takes effect.
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if content_type not in _INLINE_MEDIA_TYPES:
        response.headers["Content-Type"] = "application/octet-stream"
        response.headers["Content-Disposition"] = "attachment"
    response.headers["Content-Security-Policy"] = settings.DALA_MEDIA_CONTENT_SECURITY_POLICY
    return response


if settings.DALA_SERVE_MEDIA:
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)]
