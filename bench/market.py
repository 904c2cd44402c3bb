"""How many offers and bids the market takes per second under concurrent clients, and that none of
them breaks its rules (a benchmark, not a test).

    .venv/bin/python bench/market.py [--clients 16] [--seconds 10] [--engines sqlite,postgresql]

For each engine, in its own process: a throw-away database (SQLite: a file in a temporary folder, WAL,
BEGIN IMMEDIATE, as configured for production; PostgreSQL: a server started by `bin/with-postgres`,
skipped with a message if none is installed), `migrate`, `demo --artworks 60 --no-images`, one call of
each operation to warm the caches the clients inherit, then two workloads, each run by N client
**processes** (forked, so no GIL between them; each with its own connection) for S seconds, all
released at the same instant. Clients call the services directly, not HTTP.

- offers: each client is one buyer on 8 unique works. On a work it has no open offer on, it makes
  one; on one it has, it withdraws it (3 in 4) or the artist accepts it (an order that holds the
  work) and then cancels that order, releasing the work. Offers on a held work are refused (409).
- bids: each client is one bidder on 4 lots of one open auction. It reads a lot's price without a
  lock and bids 1–4 increments over it; a bid made stale by another client is refused (bid_too_low).

Reported per operation: calls, refusals (clean DomainErrors, by code), p50 and p99 latency; per
workload: successful offers (or bids) per second and all calls per second. Anomalies, which must be 0:
any exception other than a DomainError; a buyer with two open offers on one work; a unique work with
two live orders; a work on hold without exactly one pending order (or for sale with one); an accepted
offer without its order; a lot whose stored state differs from `bidding.replay` of its stored bids in
id order, whose bid_count differs from its number of bids, or a stored bid that the replay refuses or
that recorded another price or leader than the replay's at that step.
Results go to bench/results/market.md and .json and are printed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from engines import ENGINES, percentile, run_children

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WORKS = 8
LOTS = 4
PRICE = 1_500_000_00
START_DELAY_S = 1.5  # time for every client process to be forked and ready before the common start


# --------------------------------------------------------------------------------------------------
# One engine, in a child process: everything below runs after django.setup().


def build(clients: int) -> dict[str, Any]:
    """Migrate, load the demo catalogue, and make the buyers, bidders, works and lots the clients use."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from dala.catalog.models import Artwork, Availability, EditionType
    from dala.market.services import auctions

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    call_command("demo", "--artworks", "60", "--no-images", verbosity=0)
    timings["demo_s"] = round(time.perf_counter() - started, 2)

    User = get_user_model()
    unique = list(Artwork.objects.filter(edition_type=EditionType.UNIQUE, availability=Availability.FOR_SALE,
                                         is_listed=True, price_amount__gt=0).order_by("pk")
                  .values_list("pk", flat=True)[: WORKS + LOTS])
    if len(unique) < WORKS + LOTS:
        raise SystemExit(f"market: the demo has only {len(unique)} unique works for sale")
    buyers = [User.objects.create_user(email=f"buyer{n}@bench.example", password=None).pk for n in range(clients)]
    bidders = [User.objects.create_user(email=f"bidder{n}@bench.example", password=None).pk
               for n in range(clients)]
    staff = User.objects.create_user(email="auctioneer@bench.example", password=None, is_staff=True)
    now = timezone.now()
    auction = auctions.create_auction(organiser=staff, title={"en": "Bench"}, starts_at=now - timedelta(hours=1),
                                      ends_at=now + timedelta(days=1), is_published=True)
    lots = [auctions.add_lot(auction=auction, user=staff, artwork_id=pk, starting_amount=1_000_000,
                             reserve_amount=20_000_000).pk
            for pk in unique[WORKS:]]
    setup = {"timings": timings, "works": unique[:WORKS], "lots": lots, "buyers": buyers, "bidders": bidders}
    warm_up(setup)
    return setup


def warm_up(setup: dict[str, Any]) -> None:
    """Run each operation once before the clients are forked, so that they inherit warm caches (imports,
    translation catalogues, compiled queries): a first call costs ~0.4 s, and on a busy machine a client
    doing it while holding a work's lock made every other client wait behind it."""
    from django.contrib.auth import get_user_model

    from dala.catalog.models import Artwork
    from dala.market.services import auctions, offers, orders

    User = get_user_model()
    buyer, bidder = User.objects.get(pk=setup["buyers"][0]), User.objects.get(pk=setup["bidders"][0])
    artwork = Artwork.objects.select_related("artist__user").get(pk=setup["works"][0])
    offer = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=1_000_000_00, currency="KZT")
    order = offers.accept_offer(offer_id=offer.pk, user=artwork.artist.user)
    orders.cancel_order(order_id=order.pk, user=artwork.artist.user, reason="bench warm-up")
    offer = offers.make_offer(buyer=buyer, artwork_id=artwork.pk, amount=1_000_000_00, currency="KZT")
    offers.withdraw_offer(offer_id=offer.pk, user=buyer)
    auctions.place_bid(lot_id=setup["lots"][0], bidder=bidder, max_amount=1_000_000)


def offers_client(index: int, setup: dict[str, Any], start_at: float, seconds: float) -> list[tuple[Any, ...]]:
    from django.contrib.auth import get_user_model
    from django.db import connections

    from dala.catalog.models import Artwork
    from dala.core.errors import DomainError
    from dala.market.services import offers, orders

    rng = random.Random(index)
    calls: list[tuple[Any, ...]] = []
    try:
        buyer = get_user_model().objects.get(pk=setup["buyers"][index])
        artists = {pk: artwork.artist.user for pk, artwork in
                   Artwork.objects.select_related("artist__user").in_bulk(setup["works"]).items()}
        mine: dict[int, int] = {}  # work → my open offer on it
        time.sleep(max(0.0, start_at - time.time()))
        while time.time() < start_at + seconds:
            work = rng.choice(setup["works"])
            name = ("make_offer" if work not in mine else "accept_offer" if rng.random() < 0.25
                    else "withdraw_offer")

            def act(name: str = name, work: int = work) -> Any:
                if name == "make_offer":
                    return offers.make_offer(buyer=buyer, artwork_id=work, currency="KZT",
                                             amount=rng.randrange(1_000_000_00, PRICE, 100))
                if name == "accept_offer":
                    return offers.accept_offer(offer_id=mine[work], user=artists[work])
                return offers.withdraw_offer(offer_id=mine[work], user=buyer)

            started = time.perf_counter()
            try:
                result = act()
            except DomainError as exc:
                calls.append((name, time.perf_counter() - started, exc.code, None))
                continue
            except Exception:
                calls.append((name, time.perf_counter() - started, None, traceback.format_exc(limit=3)))
                continue
            calls.append((name, time.perf_counter() - started, None, None))
            if name == "make_offer":
                mine[work] = result.pk
            elif name == "withdraw_offer":
                del mine[work]
            else:
                del mine[work]
                started = time.perf_counter()
                try:
                    orders.cancel_order(order_id=result.pk, user=artists[work], reason="bench")
                except DomainError as exc:
                    calls.append(("cancel_order", time.perf_counter() - started, exc.code, None))
                except Exception:
                    calls.append(("cancel_order", time.perf_counter() - started, None,
                                  traceback.format_exc(limit=3)))
                else:
                    calls.append(("cancel_order", time.perf_counter() - started, None, None))
    finally:
        connections.close_all()
    return calls


def bids_client(index: int, setup: dict[str, Any], start_at: float, seconds: float) -> list[tuple[Any, ...]]:
    from django.contrib.auth import get_user_model
    from django.db import connections

    from dala.core.errors import DomainError
    from dala.market.bidding import increment_at
    from dala.market.models import Lot
    from dala.market.services import auctions

    rng = random.Random(1000 + index)
    calls: list[tuple[Any, ...]] = []
    try:
        bidder = get_user_model().objects.get(pk=setup["bidders"][index])
        table = Lot.objects.select_related("auction").get(pk=setup["lots"][0]).auction.increments
        my_max: dict[int, int] = {}
        time.sleep(max(0.0, start_at - time.time()))
        while time.time() < start_at + seconds:
            lot_id = rng.choice(setup["lots"])
            # What a bidder sees on the page: the price, read without a lock, stale by the time it bids.
            price, starting = Lot.objects.values_list("current_amount", "starting_amount").get(pk=lot_id)
            base = max(price or starting, my_max.get(lot_id, 0))
            amount = base + increment_at(base, table) * rng.randint(1, 4)
            started = time.perf_counter()
            try:
                auctions.place_bid(lot_id=lot_id, bidder=bidder, max_amount=amount)
            except DomainError as exc:
                calls.append(("place_bid", time.perf_counter() - started, exc.code, None))
            except Exception:
                calls.append(("place_bid", time.perf_counter() - started, None, traceback.format_exc(limit=3)))
            else:
                calls.append(("place_bid", time.perf_counter() - started, None, None))
                my_max[lot_id] = amount
    finally:
        connections.close_all()
    return calls


def offer_anomalies(setup: dict[str, Any]) -> dict[str, int]:
    from django.db.models import Count

    from dala.catalog.models import Artwork, Availability
    from dala.market.models import Offer, OfferStatus, Order, OrderStatus

    works = setup["works"]
    double_open = (Offer.objects.filter(artwork_id__in=works, status=OfferStatus.OPEN).values("buyer", "artwork")
                   .annotate(n=Count("pk")).filter(n__gt=1).count())
    live = [OrderStatus.PENDING, OrderStatus.PAID]
    double_orders = (Order.objects.filter(artwork_id__in=works, edition_copy__isnull=True, status__in=live)
                     .values("artwork").annotate(n=Count("pk")).filter(n__gt=1).count())
    holds_wrong = 0
    for artwork in Artwork.objects.filter(pk__in=works):
        pending = Order.objects.filter(artwork=artwork, status=OrderStatus.PENDING).count()
        if (artwork.availability == Availability.ON_HOLD) != (pending == 1) or pending > 1:
            holds_wrong += 1
    orphans = Offer.objects.filter(artwork_id__in=works, status=OfferStatus.ACCEPTED, order__isnull=True).count()
    return {"two_open_offers_by_one_buyer_on_one_work": double_open, "two_live_orders_on_one_work": double_orders,
            "hold_not_matching_orders": holds_wrong, "accepted_offer_without_order": orphans}


def bid_anomalies(setup: dict[str, Any]) -> dict[str, int]:
    from dala.market.bidding import BidTooLow, LotState, place_bid, replay
    from dala.market.models import Bid, Lot

    counts = {"lot_state_differs_from_replay": 0, "bid_count_differs": 0, "stored_bid_refused_by_replay": 0,
              "stored_bid_result_differs": 0}
    for lot in Lot.objects.select_related("auction").filter(pk__in=setup["lots"]):
        bids = list(Bid.objects.filter(lot=lot).order_by("pk").values_list("bidder_id", "max_amount",
                                                                           "resulting_amount", "resulting_leader_id"))
        state = LotState()
        for bidder, amount, resulting_amount, resulting_leader in bids:
            try:
                state = place_bid(state, bidder=bidder, max_amount=amount, starting=lot.starting_amount,
                                  reserve=lot.reserve_amount, table=lot.auction.increments)
            except BidTooLow:
                counts["stored_bid_refused_by_replay"] += 1
                continue
            if (state.price, state.leader) != (resulting_amount, resulting_leader):
                counts["stored_bid_result_differs"] += 1
        # The same check through the public replay, as a reader of the stored bids would run it.
        replayed = replay([(bidder, amount) for bidder, amount, _a, _l in bids], starting=lot.starting_amount,
                          reserve=lot.reserve_amount, table=lot.auction.increments)
        if replayed != LotState(price=lot.current_amount, leader=lot.leader_id, leader_max=lot.leader_max):
            counts["lot_state_differs_from_replay"] += 1
        if lot.bid_count != len(bids):
            counts["bid_count_differs"] += 1
    return counts


def summarise(calls: list[tuple[Any, ...]], seconds: float, goal: str) -> dict[str, Any]:
    by_operation: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for call in calls:
        by_operation[call[0]].append(call)
    operations: dict[str, dict[str, Any]] = {}
    for name, rows in sorted(by_operation.items()):
        latencies = [row[1] * 1000 for row in rows]
        operations[name] = {
            "calls": len(rows), "ok": sum(1 for row in rows if row[2] is None and row[3] is None),
            "refused": dict(Counter(row[2] for row in rows if row[2] is not None)),
            "errors": sum(1 for row in rows if row[3] is not None),
            "p50_ms": round(percentile(latencies, 0.50), 2), "p99_ms": round(percentile(latencies, 0.99), 2),
        }
    done = operations.get(goal, {}).get("ok", 0)
    return {"seconds": seconds, "calls": len(calls), "calls_per_s": round(len(calls) / seconds, 1),
            f"{goal}_ok_per_s": round(done / seconds, 1), "operations": operations,
            "errors": [row[3] for row in calls if row[3] is not None][:5]}


def run_workload(name: str, setup: dict[str, Any], clients: int, seconds: float) -> list[tuple[Any, ...]]:
    from django.db import connections

    # Forked clients must not share the parent's sockets: close them first, each opens its own.
    connections.close_all()
    client = offers_client if name == "offers" else bids_client
    start_at = time.time() + START_DELAY_S
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        per_client = pool.starmap(client, [(n, setup, start_at, seconds) for n in range(clients)])
    return [call for calls in per_client for call in calls]


def run_engine(engine: str, clients: int, seconds: float, out: Path) -> int:
    var_dir = tempfile.mkdtemp(prefix="dala-bench-market-")
    try:
        os.environ["DALA_VAR_DIR"] = var_dir
        os.environ["DALA_DEBUG"] = "false"
        if engine == "sqlite":
            os.environ.pop("DATABASE_URL", None)
            os.environ["DALA_SQLITE_PATH"] = str(Path(var_dir) / "market.sqlite3")
        elif not os.environ.get("DATABASE_URL"):
            print("market: no DATABASE_URL for PostgreSQL (run through bin/with-postgres)", file=sys.stderr)
            return 2
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dala.settings")

        import django

        django.setup()
        from django.db import connection

        setup = build(clients)
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if engine == "sqlite" else "SHOW server_version")
            version = str(cursor.fetchone()[0])
        print(f"market: {engine} {version}, {clients} client processes, {seconds:g} s per workload", flush=True)

        result: dict[str, Any] = {"engine": engine, "version": version, "setup": setup["timings"]}
        for workload, goal, check in (("offers", "make_offer", offer_anomalies), ("bids", "place_bid", bid_anomalies)):
            calls = run_workload(workload, setup, clients, seconds)
            summary = summarise(calls, seconds, goal)
            anomalies = check(setup)
            operations = summary["operations"].values()
            anomalies["exceptions_other_than_domain_errors"] = sum(op["errors"] for op in operations)
            summary["anomalies"] = anomalies
            result[workload] = summary
            print(f"market: {engine} {workload}: {summary[f'{goal}_ok_per_s']} {goal}/s ok, "
                  f"{summary['calls_per_s']} calls/s, anomalies {sum(anomalies.values())}", flush=True)
        out.write_text(json.dumps(result, indent=2))
        return 0
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# The parent: one child per engine, then the results files.


def markdown(result: dict[str, Any]) -> str:
    engines = result["engines"]
    lines = [
        "# Market: offers and bids under concurrent clients",
        "",
        f"{result['date']} · Python {result['python']} · {result['cpu_count']} CPUs · "
        f"{result['clients']} client processes · {result['seconds']:g} s per workload · services called "
        "directly (no HTTP)",
        f"Load average (1/5/15 min) before: {' / '.join(f'{x:.2f}' for x in result['load_average_before'])}, "
        f"after: {' / '.join(f'{x:.2f}' for x in result['load_average_after'])}.",
        "",
    ]
    for name in result.get("skipped", []):
        lines += [f"{name}: skipped ({result['skipped'][name]}).", ""]
    lines += ["| engine | workload | operation | calls | ok | refused (code: n) | p50 ms | p99 ms |",
              "| --- | --- | --- | ---: | ---: | --- | ---: | ---: |"]
    for engine in engines:
        for workload in ("offers", "bids"):
            for op, row in engine[workload]["operations"].items():
                refused = ", ".join(f"{code}: {n}" for code, n in sorted(row["refused"].items())) or "–"
                lines.append(f"| {engine['engine']} {engine['version']} | {workload} | {op} | {row['calls']} | "
                             f"{row['ok']} | {refused} | {row['p50_ms']} | {row['p99_ms']} |")
    lines += ["", "| engine | offers made /s | offer calls /s | bids placed /s | bid calls /s | anomalies |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for engine in engines:
        anomalies = sum(engine["offers"]["anomalies"].values()) + sum(engine["bids"]["anomalies"].values())
        lines.append(f"| {engine['engine']} | {engine['offers']['make_offer_ok_per_s']} | "
                     f"{engine['offers']['calls_per_s']} | {engine['bids']['place_bid_ok_per_s']} | "
                     f"{engine['bids']['calls_per_s']} | {anomalies} |")
    if "ratios" in result:
        ratios = result["ratios"]
        lines += ["", f"PostgreSQL ÷ SQLite: offers made /s {ratios['offers']}×, bids placed /s {ratios['bids']}×."]
    lines += ["", "Anomalies by kind (all must be 0):", ""]
    for engine in engines:
        for workload in ("offers", "bids"):
            kinds = ", ".join(f"{kind} {n}" for kind, n in engine[workload]["anomalies"].items())
            lines.append(f"- {engine['engine']} {workload}: {kinds}")
            for error in engine[workload]["errors"]:
                lines.append(f"  - `{error.strip().splitlines()[-1]}`")
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16, help="concurrent client processes")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each workload runs")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: sqlite,postgresql")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.engine:
        return run_engine(args.engine, args.clients, args.seconds, args.out)

    load_before = list(os.getloadavg())  # the machine may be shared: its load is part of the figures
    engines, skipped, failures = run_children("market", __file__, args.engines, lambda out: [
        "--clients", str(args.clients), "--seconds", str(args.seconds)])

    if not engines:
        return 1
    result: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "python": platform.python_version(),
        "cpu_count": os.cpu_count(), "clients": args.clients, "seconds": args.seconds, "engines": engines,
        "skipped": skipped, "load_average_before": load_before, "load_average_after": list(os.getloadavg()),
    }
    by_name = {engine["engine"]: engine for engine in engines}
    if {"sqlite", "postgresql"} <= by_name.keys():
        sqlite, postgres = by_name["sqlite"], by_name["postgresql"]
        result["ratios"] = {
            "offers": round(postgres["offers"]["make_offer_ok_per_s"]
                            / max(sqlite["offers"]["make_offer_ok_per_s"], 0.1), 2),
            "bids": round(postgres["bids"]["place_bid_ok_per_s"] / max(sqlite["bids"]["place_bid_ok_per_s"], 0.1), 2),
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "market.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    table = markdown(result)
    (RESULTS / "market.md").write_text(table)
    print(table, flush=True)
    anomalies = sum(sum(engine[w]["anomalies"].values()) for engine in engines for w in ("offers", "bids"))
    return 1 if failures or anomalies else 0


if __name__ == "__main__":
    sys.exit(main())
