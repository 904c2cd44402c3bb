"""What discovery does when the apps below it signal: count views, alert saved searches, refresh similar
works. Each area connects its own receivers in its module."""

from . import searches, similar, views  # noqa: F401
