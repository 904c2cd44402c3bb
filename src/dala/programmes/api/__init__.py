"""The programmes API: one router per area, mounted together at ``/api/v1/``."""

from ninja import Router

from . import calls, exhibitions, jury, mentorship

router = Router()
for area in (exhibitions, calls, jury, mentorship):
    router.add_router("", area.router)
