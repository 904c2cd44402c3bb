"""The IIIF consortium's own validator (iiif-validator), run at level 2 against a live server."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from iiif_validator.validator import ValidationInfo
from PIL import Image, ImageDraw
from pytest_django.live_server_helper import LiveServer

from dala.catalog.models import ArtworkImage
from tests.factories import ArtworkFactory, ArtworkImageFactory

VALIDATOR = Path(sys.executable).parent / "iiif-validate.py"


def validator_test_image() -> bytes:
    """The validator's 1000×1000 test image: 10×10 squares of 100 px, colours indexed [column][row]."""
    colours = ValidationInfo().colorInfo
    image = Image.new("RGB", (1000, 1000))
    draw = ImageDraw.Draw(image)
    for column in range(10):
        for row in range(10):
            box = (column * 100, row * 100, column * 100 + 99, row * 100 + 99)
            draw.rectangle(box, fill=colours[column][row])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def run_validator(live_server: LiveServer, *options: str) -> subprocess.CompletedProcess[str]:
    """Ingest the validator's image as a listed artwork's image and run the validator against it."""
    image = cast(ArtworkImage, ArtworkImageFactory(
        artwork=ArtworkFactory(), file=ContentFile(validator_test_image(), name="squares.png"),
        format="PNG", width=1000, height=1000))
    # Loopback only: the live server listens on localhost, which is 127.0.0.1 here.
    server = f"127.0.0.1:{urlsplit(live_server.url).port}"
    return subprocess.run(
        [sys.executable, str(VALIDATOR), "--server", server, "--prefix", "iiif/image",
         "--identifier", str(image.pk), "--version=3.0", "--verbose", *options],
        capture_output=True, text=True, timeout=300,
    )


@pytest.mark.usefixtures("transactional_db")
def test_service_passes_the_iiif_level_2_validator(live_server: LiveServer) -> None:
    completed = run_validator(live_server, "--level=2")

    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "FAIL" not in output, output
    assert ", 0 failures)" in output, output


@pytest.mark.usefixtures("transactional_db")
def test_advertised_extra_features_pass_the_validator(live_server: LiveServer) -> None:
    # Not format_webp: that check in iiif-validator 1.0.5 calls urllib.urlopen, which Python 3 lacks
    # (webp is checked in test_iiif.py instead).
    extras = ["rot_mirror", "rot_mirror_180", "size_up", "linkheader_canonical"]

    completed = run_validator(live_server, *(f"--test={name}" for name in extras))

    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert f"Done ({len(extras)} tests, 0 failures)" in output, output
