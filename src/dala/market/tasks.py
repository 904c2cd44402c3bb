"""Market jobs that run in the worker; ``market_tick`` is enqueued by ``dala scheduler``."""

from __future__ import annotations

from django_tasks import task

from .services.auctions import close_due_lots
from .services.offers import expire_offers
from .services.orders import lapse_orders


@task()
def market_tick() -> dict[str, int]:
    """Expire offers past their time, lapse unpaid orders past their hold, close lots whose time is up.
    Each step is idempotent, so two schedulers or a late tick do no harm."""
    return {"offers_expired": expire_offers(), "orders_lapsed": lapse_orders(), "lots_closed": close_due_lots()}
