"""Staff-only views of the catalogue: the private original of an artwork image, as a download."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ..models import ArtworkImage
from ..permissions import can_download_original


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
    try:
        original = image.file.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: the row names no file
        raise Http404 from None
    extension = image.file.name.rsplit(".", 1)[-1] if "." in image.file.name else "bin"
    response = FileResponse(original, as_attachment=True, filename=f"artwork-image-{image.pk}.{extension}")
    response["Cache-Control"] = "private, no-store"
    return response
