"""`dala demo_market [--if-empty]`: a living market on top of `dala demo`'s people and works.

Everything is written through the market's services, as a visitor's clicks would be, so the audit log,
provenance, certificates and notifications are the real ones: the demo gallery represents two artists
and holds some of their works, a few works can be bought at once, the collector and Bakhyt Naoko are
in the middle of a negotiation (the collector's turn), the collector has asked the gallery about a
work, has bought and paid for one, and bids with the critic in a spring auction that is open for a week.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dala.accounts.models import ArtistProfile, User
from dala.catalog import services as catalog
from dala.catalog.demo.people import ADMIN_EMAIL, COLLECTOR, CRITIC, GALLERY, NAOKO
from dala.catalog.models import Artwork, Availability, EditionType
from dala.market.models import Offer, Representation
from dala.market.services import auctions, inquiries, offers, orders, provenance

AUCTION_TITLE = {"kk": "Көктемгі дала саудасы", "ru": "Весенние торги «Дала»", "en": "Steppe Spring Sale"}
AUCTION_DESCRIPTION = {
    "kk": "Қазақстан мен Орталық Азия суретшілерінің төрт жұмысы. Сауда бір апта ашық.",
    "ru": "Четыре работы художников Казахстана и Центральной Азии. Торги открыты неделю.",
    "en": "Four works by artists from Kazakhstan and Central Asia. Bidding is open for a week.",
}
GALLERY_SHARE_BP = 3000


def _round(amount: int) -> int:
    """A price a person would name: three significant digits."""
    digits = len(str(amount))
    step = 10 ** max(digits - 3, 0)
    return max(step, amount // step * step)


class Pool:
    """The demo's unique works that are listed for sale at a shown price, handed out once each."""

    def __init__(self) -> None:
        self.works = list(
            Artwork.objects.listed().filter(availability=Availability.FOR_SALE, edition_type=EditionType.UNIQUE,
                                            price_visible=True, price_amount__isnull=False)
            .select_related("artist").order_by("pk"))

    def take(self, *, artist: ArtistProfile | None = None, currency: str | None = None) -> Artwork | None:
        """The first work left (of ``artist``; in ``currency`` if there is one, else in any)."""
        for candidates in (self._match(artist, currency), self._match(artist, None)):
            if candidates:
                work = candidates[0]
                self.works.remove(work)
                return work
        return None

    def _match(self, artist: ArtistProfile | None, currency: str | None) -> list[Artwork]:
        return [work for work in self.works if (artist is None or work.artist_id == artist.pk)
                and (currency is None or work.price_currency == currency)]


class Command(BaseCommand):
    help = "Create demo market activity (representation, offers, an order, an auction) after `dala demo`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if there is any offer")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Offer.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("Market demo: there are offers already; nothing to do.")
            return
        people = self._people()
        with transaction.atomic():
            made = build_market(**people)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("Market demo: " + ", ".join(made) + "."))
            self.stdout.write(f"  The collector ({COLLECTOR.email}) and Bakhyt Naoko ({NAOKO.email}) are "
                              "negotiating: it is the collector's turn.")

    def _people(self) -> dict[str, Any]:
        emails = {"naoko": NAOKO.email, "gallery": GALLERY.email, "collector": COLLECTOR.email,
                  "critic": CRITIC.email, "staff": ADMIN_EMAIL}
        found = {user.email: user for user in User.objects.filter(email__in=emails.values())}
        missing = sorted(set(emails.values()) - set(found))
        if missing:
            raise CommandError(f"Run `dala demo` first: {', '.join(missing)} not found.")
        return {role: found[email] for role, email in emails.items()}


def build_market(*, naoko: User, gallery: User, collector: User, critic: User, staff: User) -> list[str]:
    """Write the market demo through the services; returns what was made, for the command's summary."""
    now = timezone.now()
    pool = Pool()
    made: list[str] = []

    def need(work: Artwork | None, what: str) -> Artwork:
        if work is None:
            raise CommandError(f"Not enough works for sale to make {what}; run `dala demo` with more works.")
        return work

    # A negotiation on one of Naoko's works: the collector offered, Naoko answered; the collector's turn.
    naoko_profile = naoko.artist_profile
    negotiated = need(pool.take(artist=naoko_profile), "a negotiation on one of Naoko's works")

    # The gallery represents Naoko and the other artist with the most works for sale, and holds a few.
    second = _artist_with_most_for_sale(exclude=naoko_profile)
    represented = [naoko_profile, *([second] if second is not None else [])]
    held: list[Artwork] = []
    for artist in represented:
        works = [work for work in (pool.take(artist=artist) for _i in range(2)) if work is not None]
        _represent(gallery=gallery, artist=artist).artworks.add(*works)
        held += works
    if len(held) < 2:
        raise CommandError("Not enough works for sale for the gallery to hold; run `dala demo` with more works.")
    made.append(f"{len(represented)} artists represented by the gallery, holding {len(held)} works")

    price = negotiated.price_amount or 0
    first = offers.make_offer(buyer=collector, artwork_id=negotiated.pk, amount=_round(price * 80 // 100),
                              currency=negotiated.price_currency,
                              note="Мен бұл жұмысты көптен бері іздеп жүрмін. Ұсынысымды қарастырыңызшы.",
                              expires_in_hours=72)
    offers.counter_offer(offer_id=first.pk, user=naoko, amount=_round(price * 92 // 100),
                         note="Рақмет! Жақтауымен бірге осы бағаға келісемін.", expires_in_hours=72)
    made.append("an offer chain awaiting the collector")

    # The collector asks the gallery about a held work; the gallery answers.
    asked = held[-1]
    thread = inquiries.ask_about(buyer=collector, artwork_id=asked.pk,
                                 body="Сәлеметсіз бе! Жұмыс жақтаумен бе? Астанаға жеткізу мүмкін бе?")
    inquiries.reply_to_inquiry(inquiry_id=thread.pk, user=gallery,
                               body="Сәлеметсіз бе! Иә, жақтауы бар. Астанаға жеткізуді өзіміз ұйымдастырамыз, "
                                    "бір апта ішінде.")
    inquiries.reply_to_inquiry(inquiry_id=thread.pk, user=collector, body="Рақмет, ойланып көрейін.")
    made.append("an inquiry thread")

    # A sale: a work the gallery holds, exhibited first, bought at its price and paid by bank transfer.
    sold = held[0]
    provenance.add_provenance_event(
        artwork=sold, user=sold.artist.user, kind="exhibition", occurred_at=now - datetime.timedelta(days=200),
        place="Ә. Қастеев атындағы Мемлекеттік өнер музейі, Алматы",
        description={"kk": "«Дала бояулары» көрмесі", "ru": "Выставка «Краски степи»", "en": "Colours of the Steppe"})
    catalog.update_artwork(artwork=sold, buy_now=True)
    order = orders.buy_now(buyer=collector, artwork_id=sold.pk, expected_amount=sold.price_amount,
                           expected_currency=sold.price_currency, now=now - datetime.timedelta(days=3))
    orders.record_payment(order_id=order.pk, user=staff, method="bank_transfer", reference="DEMO-0001",
                          now=now - datetime.timedelta(days=2))
    made.append(f"a paid order {order.number} with its certificate")

    # A few works anyone may buy at once, at their price.
    buyable = [work for work in (pool.take() for _i in range(3)) if work is not None]
    for work in buyable:
        catalog.update_artwork(artwork=work, buy_now=True)
    made.append(f"{len(buyable)} works to buy now")

    # The spring sale: open now, for a week, four lots (the first with a reserve), bids by two people.
    auction = auctions.create_auction(organiser=staff, title=AUCTION_TITLE, description=AUCTION_DESCRIPTION,
                                      starts_at=now, ends_at=now + datetime.timedelta(days=7), currency="KZT")
    lots = []
    for number in range(4):
        work = need(pool.take(currency="KZT"), "four auction lots")
        estimate = _round(work.price_amount or 1_000_000_00)
        lots.append(auctions.add_lot(
            auction=auction, user=staff, artwork_id=work.pk, starting_amount=_round(estimate * 60 // 100),
            reserve_amount=_round(estimate * 90 // 100) if number == 0 else None,
            estimate_low=_round(estimate * 80 // 100), estimate_high=_round(estimate * 120 // 100)))
    auction.is_published = True
    auction.save(update_fields=["is_published", "updated_at"])
    bids: list[tuple[User, int, float]] = [(collector, 0, 0.7), (critic, 0, 0.85), (collector, 1, 0.8),
                                           (critic, 2, 0.65), (collector, 2, 0.9)]
    for bidder, index, share in bids:
        lot = lots[index]
        auctions.place_bid(lot_id=lot.pk, bidder=bidder, max_amount=_round(int((lot.estimate_high or 0) * share)))
    made.append(f"the auction “{AUCTION_TITLE['en']}” with {len(lots)} lots and {len(bids)} bids")
    return made


def _artist_with_most_for_sale(*, exclude: ArtistProfile) -> ArtistProfile | None:
    """The artist other than ``exclude`` with the most unique works for sale (at least two)."""
    return (ArtistProfile.objects.exclude(pk=exclude.pk).annotate(
        for_sale=Count("artworks", filter=Q(artworks__availability=Availability.FOR_SALE,
                                            artworks__edition_type=EditionType.UNIQUE, artworks__is_listed=True,
                                            artworks__price_visible=True)))
        .filter(for_sale__gte=2).order_by("-for_sale", "pk").first())


def _represent(*, gallery: User, artist: ArtistProfile) -> Representation:
    # There is no representation service yet (staff set one up in the admin); one row per pair.
    representation, _created = Representation.objects.get_or_create(
        gallery=gallery.gallery_profile, artist=artist, ended_at=None,
        defaults={"commission_bp": GALLERY_SHARE_BP})
    return representation

