"""What bench/load.py prepares in the database and on disk, after django.setup(): the bench's buyers and
bidders with API tokens, an open auction with lots to bid on, the pages to read, and the request lists
(one file per wrk thread) that make the mix.

The mix must be valid, so that "zero errors" means something: every offer is a (buyer, work) pair that
has never had an offer, on a listed unique work for sale that is in no open lot; every bid is by another
bidder than the lot's last one, above the lot's current maximum, and each next bid on a lot is three
increments higher, so that even two bids of one lot answered in the wrong order are both accepted. Bids
on one lot are as far apart in the list as the thread has lots (hundreds of requests), so two are never
in flight together in practice. Prices and leaders are read afresh before each list is written.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

from pages import NextLinkParser

DOMAIN = "load.bench.example"
AUCTION_TITLE = {"en": "Load bench", "kk": "Жүктеме сынағы", "ru": "Нагрузочный тест"}
STARTING_AMOUNT = 1_000_000  # minor units: 10 000 ₸
SEARCH_QUERIES = Path(__file__).resolve().parent / "search_queries.json"
KINDS = ("browse", "search", "artwork", "offer", "bid")


@dataclass
class People:
    """The bench's accounts (id, bearer key) and the open lots they bid on."""

    buyers: list[tuple[int, str]]
    bidders: list[tuple[int, str]]
    lots: list[int]


@dataclass
class Pools:
    """The GET paths of the mix, by kind."""

    browse: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    artwork: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[str]:
        return {"browse": self.browse, "search": self.search, "artwork": self.artwork}[kind]


def _user(email: str, **extra: Any) -> Any:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.filter(email=email).first() or User.objects.create_user(email=email, password=None, **extra)


def _offerable_works() -> Any:
    """Listed unique works for sale at a price, in no open lot: an offer on any of them is accepted."""
    from dala.catalog.models import Artwork, Availability, EditionType
    from dala.market.models import Lot, LotStatus

    in_lots = Lot.objects.filter(status=LotStatus.OPEN).values("artwork_id")
    return (Artwork.objects.listed().filter(availability=Availability.FOR_SALE, edition_type=EditionType.UNIQUE,
                                            price_amount__gt=0).exclude(pk__in=in_lots))


def prepare_people(*, buyers: int, bidders: int, lots: int, rng: random.Random) -> People:
    """Find or make the bench's buyers, bidders and auctioneer, give each a new API token, and make sure
    an auction open for at least two more days has ``lots`` open lots."""
    from django.utils import timezone

    from dala.accounts.services import create_api_token
    from dala.market.models import Auction, Lot, LotStatus
    from dala.market.services import auctions

    def with_tokens(users: list[Any]) -> list[tuple[int, str]]:
        return [(user.pk, create_api_token(user=user, name="load bench")[1]) for user in users]

    buyer_users = [_user(f"buyer{n}@{DOMAIN}") for n in range(buyers)]
    bidder_users = [_user(f"bidder{n}@{DOMAIN}") for n in range(bidders)]
    staff = _user(f"auctioneer@{DOMAIN}", is_staff=True)

    now = timezone.now()
    horizon = now + timedelta(days=2)
    auction = (Auction.objects.filter(organiser=staff, is_published=True, ends_at__gt=horizon)
               .order_by("-ends_at").first())
    if auction is None:
        auction = auctions.create_auction(organiser=staff, title=AUCTION_TITLE, starts_at=now - timedelta(hours=1),
                                          ends_at=now + timedelta(days=30), lot_interval_seconds=0,
                                          is_published=True)
    lot_ids = list(Lot.objects.filter(auction=auction, status=LotStatus.OPEN, ends_at__gt=horizon)
                   .order_by("pk").values_list("pk", flat=True)[:lots])
    missing = lots - len(lot_ids)
    if missing > 0:
        candidates = list(_offerable_works().values_list("pk", flat=True))
        for artwork_id in rng.sample(candidates, min(missing, len(candidates))):
            lot_ids.append(auctions.add_lot(auction=auction, user=staff, artwork_id=artwork_id,
                                            starting_amount=STARTING_AMOUNT).pk)
    if len(lot_ids) < lots:
        print(f"load: only {len(lot_ids)} lots could be opened (asked for {lots})", flush=True)
    return People(buyers=with_tokens(buyer_users), bidders=with_tokens(bidder_users), lots=lot_ids)


def read_pools(*, artworks: int, rng: random.Random) -> Pools:
    """The browse pages (filters, and pages 2 and 3 through their cursor links), every search of
    bench/search_queries.json, and ``artworks`` random listed works' pages."""
    from django.db.models import Count, Q
    from django.test import Client
    from django.utils import translation

    from dala.catalog.models import Artwork, Availability, Medium

    pools = Pools()
    media = (Medium.objects.annotate(n=Count("artworks", filter=Q(artworks__is_listed=True,
                                                                  artworks__availability=Availability.FOR_SALE)))
             .order_by("-n", "pk").values_list("slug", flat=True)[:3])
    firsts = ["/en/", "/en/artists/", "/en/artworks/",
              *[f"/en/artworks/?{urlencode({'medium': slug, 'availability': 'for_sale'})}" for slug in media],
              "/en/artworks/?price_min=100000&price_max=500000",
              "/en/artworks/?year_min=2010&year_max=2012",
              "/en/artworks/?country=KG&career_stage=emerging",
              "/en/artworks/?sort=price_asc",
              "/en/artworks/?availability=for_sale&sort=price_desc"]
    client = Client()
    for first in firsts:
        url: str | None = first
        for _page in range(3):  # the first page and the two after it, through rel="next"
            if url is None:
                break
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"load: {url} answered {response.status_code} while the mix was prepared")
            pools.browse.append(url)
            parser = NextLinkParser()
            parser.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
            url = urljoin(url, parser.href) if parser.href else None

    for entry in json.loads(SEARCH_QUERIES.read_text())["latency"]:
        pools.search.append("/en/search/?" + urlencode({"q": entry["q"], **entry["filters"]}))

    ids = list(Artwork.objects.listed().values_list("pk", flat=True))
    chosen = rng.sample(ids, min(artworks, len(ids)))
    with translation.override("en"):
        for work in Artwork.objects.filter(pk__in=chosen).select_related("artist"):
            pools.artwork.append(work.get_absolute_url())
    if not pools.artwork:
        raise SystemExit("load: the database has no listed artwork")
    rng.shuffle(pools.artwork)
    return pools


def _offer_requests(count: int, people: People, rng: random.Random) -> list[tuple[str, str, str]]:
    """(path, token, body) of ``count`` offers, each on a (buyer, work) pair that has never had one: one
    round over the works, buyers taking turns, then another round with the next buyers."""
    from dala.catalog.models import Artwork
    from dala.market.models import Offer

    buyer_ids = [pk for pk, _key in people.buyers]
    keys = dict(people.buyers)
    used = set(Offer.objects.filter(buyer_id__in=buyer_ids).values_list("buyer_id", "artwork_id"))
    works = list(_offerable_works().values_list("pk", flat=True))
    rng.shuffle(works)
    pairs: list[tuple[int, int]] = []
    for round_ in range(len(buyer_ids)):
        for index, artwork_id in enumerate(works):
            if len(pairs) == count:
                break
            buyer = buyer_ids[(index + round_) % len(buyer_ids)]  # each round, each work meets the next buyer
            if (buyer, artwork_id) not in used:
                used.add((buyer, artwork_id))
                pairs.append((buyer, artwork_id))
    if len(pairs) < count:
        raise SystemExit(f"load: only {len(pairs)} unused (buyer, work) pairs for {count} offers; "
                         "give more --buyers")
    prices = {pk: (amount, currency) for pk, amount, currency in Artwork.objects.filter(
        pk__in={artwork_id for _buyer, artwork_id in pairs}).values_list("pk", "price_amount", "price_currency")}
    requests = []
    for buyer, artwork_id in pairs:
        amount, currency = prices[artwork_id]
        body = json.dumps({"artwork_id": artwork_id, "amount": max(1, (amount or 0) * 85 // 100), "currency": currency})
        requests.append(("/api/v1/market/offers", keys[buyer], body))
    return requests


class LotPlan:
    """The next bids on one lot: by the bidders in turn, each three increments above the last."""

    def __init__(self, lot: Any, bidders: list[tuple[int, str]], offset: int) -> None:
        from dala.market.bidding import LotState, minimum_bid

        self.lot_id = lot.pk
        self.table = lot.auction.increments
        least = minimum_bid(LotState(price=lot.current_amount, leader=lot.leader_id, leader_max=lot.leader_max),
                            starting=lot.starting_amount, table=self.table)
        self.amount = self._above(max(least, (lot.leader_max or 0) + 1))
        self.bidders = [bidder for bidder in bidders if bidder[0] != lot.leader_id] or bidders
        self.turn = offset

    def _above(self, amount: int) -> int:
        from dala.market.bidding import increment_at

        # Two increments, then one at the level reached: the next bid clears the price even if the one
        # after it is answered first (price = the lower maximum + one increment).
        raised = amount + 2 * increment_at(amount, self.table)
        return raised + increment_at(raised, self.table)

    def next(self) -> tuple[str, str, str]:
        bidder_key = self.bidders[self.turn % len(self.bidders)][1]
        self.turn += 1
        body = json.dumps({"max_amount": self.amount})
        self.amount = self._above(self.amount)
        return f"/api/v1/market/lots/{self.lot_id}/bids", bidder_key, body


def _lot_plans(lot_ids: list[int], people: People) -> list[LotPlan]:
    from dala.market.models import Lot

    lots = {lot.pk: lot for lot in Lot.objects.filter(pk__in=lot_ids).select_related("auction")}
    return [LotPlan(lots[pk], people.bidders, offset=index) for index, pk in enumerate(lot_ids) if pk in lots]


def write_mix(run_dir: Path, *, weights: dict[str, int], lines_per_thread: int, threads: int, people: People,
              pools: Pools, rng: random.Random) -> dict[str, Any]:
    """Write ``thread-<n>.tsv`` for each wrk thread: ``lines_per_thread`` requests drawn by ``weights``.
    Offers and bids are made valid against the database as it is now; each thread has its own offers
    and its own lots. Returns how many lines of each kind were written."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for stale in run_dir.glob("thread-*.tsv"):
        stale.unlink()
    names = [kind for kind in KINDS if weights.get(kind)]
    kinds = [rng.choices(names, weights=[weights[kind] for kind in names], k=lines_per_thread)
             for _thread in range(threads)]
    offers = _offer_requests(sum(row.count("offer") for row in kinds), people, rng) if "offer" in names else []
    if "bid" in names and len(people.lots) < threads:
        raise SystemExit(f"load: {len(people.lots)} open lots for {threads} wrk threads")
    plans = _lot_plans(people.lots, people) if "bid" in names else []
    written: Counter[str] = Counter()
    next_offer = 0
    for thread, row in enumerate(kinds, start=1):
        own_lots = plans[thread - 1::threads]
        bids_made = 0
        lines = []
        for kind in row:
            if kind == "offer":
                path, token, body = offers[next_offer]
                next_offer += 1
                method = "POST"
            elif kind == "bid":
                path, token, body = own_lots[bids_made % len(own_lots)].next()
                bids_made += 1
                method = "POST"
            else:
                path, token, body, method = rng.choice(pools.of(kind)), "", "", "GET"
            lines.append(f"{kind}\t{method}\t{path}\t{token}\t{body}\n")
            written[kind] += 1
        (run_dir / f"thread-{thread}.tsv").write_text("".join(lines))
    return {"lines": lines_per_thread * threads, "by_kind": dict(written)}


def sent_by_kind(run_dir: Path, wrk_threads: list[dict[str, int]]) -> dict[str, int]:
    """How many requests of each kind wrk sent in its first pass over each thread's list."""
    sent: Counter[str] = Counter()
    for thread in wrk_threads:
        lines = (run_dir / f"thread-{thread['thread']}.tsv").read_text().splitlines()
        upto = len(lines) if thread["wraps"] else thread["first_pass"]
        sent.update(line.split("\t", 1)[0] for line in lines[:upto])
    return dict(sent)


def write_marks() -> dict[str, int]:
    """The newest offer and bid ids, to count what a run stored."""
    from django.db.models import Max

    from dala.market.models import Bid, Offer

    return {"offer": Offer.objects.aggregate(top=Max("pk"))["top"] or 0,
            "bid": Bid.objects.aggregate(top=Max("pk"))["top"] or 0}


def stored_since(marks: dict[str, int], people: People) -> dict[str, int]:
    """Offers by the bench's buyers and bids by its bidders stored after ``marks``."""
    from dala.market.models import Bid, Offer

    return {"offer": Offer.objects.filter(pk__gt=marks["offer"], buyer_id__in=[pk for pk, _k in people.buyers]).count(),
            "bid": Bid.objects.filter(pk__gt=marks["bid"], bidder_id__in=[pk for pk, _k in people.bidders]).count()}


def facts() -> dict[str, Any]:
    """What the database holds, and the PostgreSQL server's version."""
    from django.db import connection

    from dala.accounts.models import ArtistProfile
    from dala.catalog.models import Artwork

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {"artworks": Artwork.objects.count(), "listed_artworks": Artwork.objects.listed().count(),
            "offerable_artworks": _offerable_works().count(), "artists": ArtistProfile.objects.count(),
            "postgresql": version}
