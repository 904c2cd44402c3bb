"""Staff-only views of the catalogue: the private original of an artwork image, as a download."""

from __future__ import annotations

import logging

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dala.core.storage import STORAGE_FAILURES

from ..models import ArtworkImage
from ..permissions import can_download_original

logger = logging.getLogger(__name__)


@require_safe
def download_original(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The original of image ``pk`` as uploaded, streamed from the never-served originals storage.

    An attachment, never shown inline, and kept out of every cache: it may hold what the renditions
    strip (GPS and other metadata)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_download_original(request.user):
        raise PermissionDenied
    image = get_object_or_404(ArtworkImage.objects.only("pk", "file", "format"), pk=pk)
    extension = image.file.name.rsplit(".", 1)[-1] if "." in image.file.name else "bin"
    try:
        original = image.file.open("rb")
        # From a bucket, the response reads the whole file here (to give its length), so a connection
        # that drops mid-download fails here too, before anything is sent.
        response = FileResponse(original, as_attachment=True, filename=f"artwork-image-{image.pk}.{extension}")
    except (FileNotFoundError, ValueError):  # ValueError: the row names no file
        raise Http404 from None
    except STORAGE_FAILURES:
        logger.warning("Could not read the original of image %s from storage", image.pk, exc_info=True)
        unavailable = HttpResponse(_("The original could not be read just now: the storage is out of reach. "
                                     "Please try again in a few minutes."),
                                   status=503, content_type="text/plain; charset=utf-8")
        unavailable["Retry-After"] = "30"
        return unavailable
    response["Cache-Control"] = "private, no-store"
    return response
