"""System checks: the pipeline needs Pillow with LittleCMS and WebP, and the IIIF service pyvips."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Warning, register


@register()
def imaging_libraries(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from PIL import features

    problems: list[CheckMessage] = []
    for feature in ("littlecms2", "webp", "jpg", "zlib", "libtiff"):
        if not features.check(feature):
            problems.append(Error(f"Pillow was built without {feature}; image renditions need it.",
                                  hint="Install Pillow from its wheels on PyPI.", id="dala_imaging.E001"))
    try:
        import pyvips  # noqa: F401
    except (ImportError, OSError):
        problems.append(Warning("pyvips cannot load libvips; IIIF tiles will be unavailable.",
                                hint="pip install pyvips pyvips-binary", id="dala_imaging.W001"))
    return problems
