"""The market's JSON API: one router per part, mounted under ``/api/v1/market/``.

Every operation that creates an offer, bid or order accepts an ``Idempotency-Key`` header
(see :mod:`dala.market.idempotency`)."""

from __future__ import annotations

from ninja import Router

from . import auctions, inquiries, offers, orders, provenance, representation

router = Router()
router.add_router("", offers.router)
router.add_router("", inquiries.router)
router.add_router("", orders.router)
router.add_router("", provenance.router)
router.add_router("", auctions.router)
router.add_router("", representation.router)
