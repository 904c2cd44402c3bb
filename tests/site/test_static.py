"""The static files collect with the production storage (hashed names, compressed), as `make run` does."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def collect(static_root: Path) -> str:
    """Run collectstatic into ``static_root`` with the production storage; return its manifest."""
    # The manifest storage follows every url() and sourceMappingURL: a vendored file whose map or
    # image is missing fails here rather than on a user's first `make run`.
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=static_root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return (static_root / "staticfiles.json").read_text()


def test_collectstatic_with_the_production_storage_succeeds(tmp_path: Path) -> None:
    assert "site/dala.css" in collect(tmp_path / "static")


@pytest.mark.skipif(not Path("node_modules/openseadragon").exists(),
                    reason="OpenSeadragon is installed by npm (make vendor); this checks its copy")
def test_the_vendored_viewer_is_collected_with_its_source_map(tmp_path: Path) -> None:
    assert "vendor/openseadragon/openseadragon.min.js" in collect(tmp_path / "static")
