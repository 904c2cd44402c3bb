"""The discovery API: one router per area, mounted together at ``/api/v1/``."""

from ninja import Router

from . import dashboard, saves, similar, trending

router = Router()
for area in (saves, trending, similar, dashboard):
    router.add_router("", area.router)
