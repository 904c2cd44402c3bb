"""Discovery admin, one module per area."""

from . import saves, similar, trending, views  # noqa: F401
