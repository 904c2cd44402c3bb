"""Programmes admin, one module per area."""
from . import (
    calls,  # noqa: F401
    exhibitions,  # noqa: F401
    jury,  # noqa: F401
    mentorship,  # noqa: F401
)
