"""The market: who represents whom, inquiries, offers and their chains, orders, auctions, provenance,
certificates, and the audit log of every market action.

Money is always an integer amount in minor units beside an ISO 4217 code. The rules the database can
hold are constraints here (one live order per unique work or numbered copy, one order per lot, one
answer per offer, fees that sum to the price), so that they hold on SQLite and PostgreSQL alike even
if a service were wrong.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import ArtistProfile, GalleryProfile
from dala.catalog.models import Artwork, EditionCopy, EditionSet
from dala.core.models import TimeStampedModel
from dala.core.money import CURRENCY_CHOICES, Money
from dala.core.translation import TranslatedField

_CURRENCIES = [code for code, _label in CURRENCY_CHOICES]
BASIS_POINTS = 10_000  # 100 %


# Representation -----------------------------------------------------------------------------------

class Representation(TimeStampedModel):
    """A gallery represents an artist: it may act for the artist on the works it holds, and it takes
    ``commission_bp`` (basis points of the price) of every sale of those works."""

    gallery = models.ForeignKey(GalleryProfile, on_delete=models.CASCADE, related_name="representations",
                                verbose_name=_("gallery"))
    artist = models.ForeignKey(ArtistProfile, on_delete=models.CASCADE, related_name="representations",
                               verbose_name=_("artist"))
    artworks = models.ManyToManyField(Artwork, related_name="representations", blank=True,
                                      verbose_name=_("works the gallery holds"))
    commission_bp = models.PositiveIntegerField(_("gallery's share (basis points)"), default=3000,
                                                help_text=_("In hundredths of a percent: 3000 is 30 percent."))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [
            models.UniqueConstraint(fields=["gallery", "artist"], condition=Q(ended_at__isnull=True),
                                    name="market_one_active_representation"),
            models.CheckConstraint(condition=Q(commission_bp__lte=BASIS_POINTS), name="market_representation_share"),
        ]

    def __str__(self) -> str:
        return f"{self.gallery} → {self.artist}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


# Inquiries ----------------------------------------------------------------------------------------

class Inquiry(TimeStampedModel):
    """A buyer's question about a work: a thread between the buyer and the artist's side."""

    artwork = models.ForeignKey(Artwork, on_delete=models.CASCADE, related_name="inquiries",
                                verbose_name=_("artwork"))
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inquiries",
                              verbose_name=_("buyer"))
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["artwork", "buyer"], name="market_one_inquiry_per_buyer_and_work"),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} — {self.artwork}"


class InquiryMessage(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


# Offers -------------------------------------------------------------------------------------------

class Side(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COUNTERED = "countered", _("Countered")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Accepted, but the order lapsed")


class DeclineReason(models.TextChoices):
    TOO_LOW = "too_low", _("The amount is too low")
    NOT_AVAILABLE = "not_available", _("The work is not available")
    OTHER = "other", _("Other")


class Offer(TimeStampedModel):
    """One amount proposed by one side. A counter-offer ``responds_to`` the offer it answers, so a
    negotiation is a chain from the buyer's first offer (``chain_root``) to its last answer."""

    artwork = models.ForeignKey(Artwork, on_delete=models.PROTECT, related_name="offers", verbose_name=_("artwork"))
    edition_set = models.ForeignKey(EditionSet, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="offers", verbose_name=_("edition"))
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers_as_buyer",
                              verbose_name=_("buyer"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("made by"))
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    # Set when a gallery made (or answered) this offer for the artist it represents.
    on_behalf_of = models.ForeignKey(Representation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("for the artist, by"))
    responds_to = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="counter", verbose_name=_("answers"))
    chain_root = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    amount = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    decline_reason = models.CharField(_("reason"), max_length=16, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(_("why"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="market_offer_expiry_idx"),
            models.Index(fields=["buyer", "-created_at"], name="market_offer_buyer_idx"),
            models.Index(fields=["artwork", "status"], name="market_offer_artwork_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="market_offer_amount_positive"),
            models.CheckConstraint(condition=Q(currency__in=_CURRENCIES), name="market_offer_currency_known"),
            models.CheckConstraint(condition=Q(status__in=OfferStatus.values), name="market_offer_status_known"),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="market_offer_side_known"),
            models.CheckConstraint(condition=~Q(status=OfferStatus.DECLINED) | ~Q(decline_reason=""),
                                   name="market_offer_decline_has_reason"),
            # One open offer per chain: the newest one; and one accepted offer per unique work.
            models.UniqueConstraint(fields=["chain_root"], condition=Q(status="open"),
                                    name="market_one_open_offer_per_chain"),
            models.UniqueConstraint(fields=["artwork"], condition=Q(status="accepted", edition_set__isnull=True),
                                    name="market_one_accepted_offer_per_unique_work"),
        ]

    def __str__(self) -> str:
        return f"{self.money} — {self.artwork}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def is_open(self) -> bool:
        return self.status == OfferStatus.OPEN and self.expires_at > timezone.now()

    @property
    def turn(self) -> str | None:
        """Whose turn it is to answer this offer: the side that did not make it, while it is open."""
        if not self.is_open:
            return None
        return Side.SELLER if self.side == Side.BUYER else Side.BUYER


# Orders -------------------------------------------------------------------------------------------

class OrderSource(models.TextChoices):
    OFFER = "offer", _("Accepted offer")
    BUY_NOW = "buy_now", _("Buy now")
    AUCTION = "auction", _("Auction")


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PAID = "paid", _("Paid")
    LAPSED = "lapsed", _("Lapsed")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_ORDER_STATUSES = [OrderStatus.PENDING, OrderStatus.PAID]


def _order_number() -> str:
    return "D" + secrets.token_hex(5).upper()


class Order(TimeStampedModel):
    """A sale in the making: it holds the work (or one numbered copy) until paid or lapsed.

    ``platform_fee + gallery_fee + artist_proceeds == amount`` always (a constraint)."""

    number = models.CharField(_("order number"), max_length=16, unique=True, default=_order_number, editable=False)
    artwork = models.ForeignKey(Artwork, on_delete=models.PROTECT, related_name="orders", verbose_name=_("artwork"))
    edition_copy = models.ForeignKey(EditionCopy, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="orders", verbose_name=_("copy"))
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders",
                              verbose_name=_("buyer"))
    source = models.CharField(_("source"), max_length=8, choices=OrderSource.choices)
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="order")
    lot = models.OneToOneField("Lot", on_delete=models.PROTECT, null=True, blank=True, related_name="order")
    amount = models.BigIntegerField(_("price (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    platform_rate_bp = models.PositiveIntegerField(_("platform rate (basis points)"))
    platform_fee = models.BigIntegerField(_("platform commission"))
    gallery = models.ForeignKey(GalleryProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("representing gallery"))
    gallery_rate_bp = models.PositiveIntegerField(_("gallery rate (basis points)"), default=0)
    gallery_fee = models.BigIntegerField(_("gallery's share"), default=0)
    artist_proceeds = models.BigIntegerField(_("artist's proceeds"))
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    hold_until = models.DateTimeField(_("held until"))
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    payment_method = models.CharField(_("payment method"), max_length=32, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("payment recorded by"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "hold_until"], name="market_order_hold_idx"),
            models.Index(fields=["buyer", "-created_at"], name="market_order_buyer_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="market_order_amount_positive"),
            models.CheckConstraint(condition=Q(currency__in=_CURRENCIES), name="market_order_currency_known"),
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="market_order_status_known"),
            models.CheckConstraint(condition=Q(source__in=OrderSource.values), name="market_order_source_known"),
            models.CheckConstraint(
                condition=Q(platform_fee__gte=0, gallery_fee__gte=0, artist_proceeds__gte=0)
                & Q(amount=F("platform_fee") + F("gallery_fee") + F("artist_proceeds")),
                name="market_order_shares_sum_to_amount"),
            # A unique work is held or sold by at most one order; so is each numbered copy.
            models.UniqueConstraint(fields=["artwork"],
                                    condition=Q(edition_copy__isnull=True, status__in=["pending", "paid"]),
                                    name="market_one_live_order_per_unique_work"),
            models.UniqueConstraint(fields=["edition_copy"],
                                    condition=Q(edition_copy__isnull=False, status__in=["pending", "paid"]),
                                    name="market_one_live_order_per_copy"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.artwork}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def platform_fee_money(self) -> Money:
        return Money(self.platform_fee, self.currency)

    @property
    def gallery_fee_money(self) -> Money:
        return Money(self.gallery_fee, self.currency)

    @property
    def artist_proceeds_money(self) -> Money:
        return Money(self.artist_proceeds, self.currency)


class OrderShare(models.Model):
    """A credited artist's part of a collaborative work's ``artist_proceeds``, split by the agreed shares
    (dala.catalog ArtworkCredit) when the order is made; the parts sum to the proceeds exactly."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shares", verbose_name=_("order"))
    artist = models.ForeignKey(ArtistProfile, on_delete=models.PROTECT, related_name="order_shares",
                               verbose_name=_("artist"))
    share_bp = models.PositiveIntegerField(_("share (basis points)"))
    amount = models.BigIntegerField(_("amount (minor units)"))

    class Meta:
        verbose_name = _("artist's share")
        verbose_name_plural = _("artists' shares")
        ordering = ["order", "-share_bp", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "artist"], name="market_order_share_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="market_order_share_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} — {self.artist}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.order.currency)


# Auctions -----------------------------------------------------------------------------------------

def default_increments() -> list[list[int]]:
    """[from amount, increment] in minor units of the auction's currency, ascending."""
    return [[0, 500_000], [10_000_000, 1_000_000], [50_000_000, 2_500_000], [100_000_000, 5_000_000],
            [500_000_000, 25_000_000]]


class Auction(TimeStampedModel):
    """A timed sale of lots. Each lot closes at its own time, pushed back by a late bid (soft close)."""

    title = TranslatedField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = TranslatedField(_("description"), multiline=True, blank=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("organiser"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="KZT")
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("first lot closes"))
    lot_interval_seconds = models.PositiveIntegerField(_("seconds between lot closings"), default=60)
    soft_close_seconds = models.PositiveIntegerField(_("soft close window (seconds)"), default=300)
    extension_seconds = models.PositiveIntegerField(_("extension per late bid (seconds)"), default=300)
    increments = models.JSONField(_("increment table"), default=default_increments)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("auction")
        verbose_name_plural = _("auctions")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="market_auction_ends_after_start"),
            models.CheckConstraint(condition=Q(currency__in=_CURRENCIES), name="market_auction_currency_known"),
        ]

    def __str__(self) -> str:
        return str(self.title)


class LotStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SOLD = "sold", _("Sold")
    PASSED = "passed", _("Passed (not sold)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Lot(TimeStampedModel):
    """One work (or one numbered copy) in an auction, with its running state: the current price, the
    leading bidder and that bidder's maximum (kept secret from others)."""

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="lots", verbose_name=_("auction"))
    number = models.PositiveIntegerField(_("lot number"))
    artwork = models.ForeignKey(Artwork, on_delete=models.PROTECT, related_name="lots", verbose_name=_("artwork"))
    edition_copy = models.ForeignKey(EditionCopy, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    starting_amount = models.BigIntegerField(_("opening bid (minor units)"))
    reserve_amount = models.BigIntegerField(_("reserve (minor units)"), null=True, blank=True)
    estimate_low = models.BigIntegerField(_("low estimate"), null=True, blank=True)
    estimate_high = models.BigIntegerField(_("high estimate"), null=True, blank=True)
    ends_at = models.DateTimeField(_("closes"))
    status = models.CharField(_("status"), max_length=10, choices=LotStatus.choices, default=LotStatus.OPEN)
    current_amount = models.BigIntegerField(_("current bid"), null=True, blank=True)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("leading bidder"))
    leader_max = models.BigIntegerField(null=True, blank=True, editable=False)
    bid_count = models.PositiveIntegerField(_("bids"), default=0)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["auction", "number"]
        indexes = [models.Index(fields=["status", "ends_at"], name="market_lot_closing_idx")]
        constraints = [
            models.UniqueConstraint(fields=["auction", "number"], name="market_lot_number_unique"),
            models.UniqueConstraint(fields=["artwork"], condition=Q(status="open", edition_copy__isnull=True),
                                    name="market_one_open_lot_per_work"),
            models.CheckConstraint(condition=Q(starting_amount__gt=0), name="market_lot_start_positive"),
            models.CheckConstraint(condition=Q(reserve_amount__isnull=True) | Q(reserve_amount__gt=0),
                                   name="market_lot_reserve_positive"),
            models.CheckConstraint(condition=Q(estimate_low__isnull=True) | Q(estimate_high__isnull=True)
                                   | Q(estimate_low__lte=F("estimate_high")), name="market_lot_estimate_order"),
            models.CheckConstraint(condition=Q(status__in=LotStatus.values), name="market_lot_status_known"),
            models.CheckConstraint(condition=Q(leader__isnull=True) | Q(leader_max__gte=F("current_amount")),
                                   name="market_lot_leader_max_covers_price"),
        ]

    def __str__(self) -> str:
        return f"{self.auction} — {self.number}: {self.artwork}"

    @property
    def currency(self) -> str:
        return self.auction.currency

    @property
    def reserve_met(self) -> bool:
        return self.reserve_amount is None or (self.current_amount or 0) >= self.reserve_amount


class Bid(models.Model):
    """A bidder's maximum on a lot. The platform bids for them up to it (proxy bidding)."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="bids")
    bidder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bids")
    max_amount = models.BigIntegerField(_("maximum bid (minor units)"))
    # The lot's price and leader right after this bid, so the history can be shown and replayed.
    resulting_amount = models.BigIntegerField()
    resulting_leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["lot", "id"]
        constraints = [models.CheckConstraint(condition=Q(max_amount__gt=0), name="market_bid_positive")]

    def __str__(self) -> str:
        return f"{self.lot}: {self.max_amount}"


# Provenance and certificates ----------------------------------------------------------------------

class ProvenanceKind(models.TextChoices):
    CREATED = "created", _("Created")
    SALE = "sale", _("Sale")
    TRANSFER = "transfer", _("Transfer")
    LOAN = "loan", _("Loan")
    EXHIBITION = "exhibition", _("Exhibition")


class ProvenanceEvent(models.Model):
    """One event in a work's history. Sales are written by the market; the others by the artist or staff."""

    artwork = models.ForeignKey(Artwork, on_delete=models.PROTECT, related_name="provenance",
                                verbose_name=_("artwork"))
    edition_copy = models.ForeignKey(EditionCopy, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("event"), max_length=12, choices=ProvenanceKind.choices)
    occurred_at = models.DateTimeField(_("date"), default=timezone.now)
    from_party = models.CharField(_("from"), max_length=200, blank=True)
    to_party = models.CharField(_("to"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = TranslatedField(_("description"), max_length=1000, blank=True)
    order = models.OneToOneField(Order, on_delete=models.PROTECT, null=True, blank=True, related_name="provenance")
    amount = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("provenance event")
        verbose_name_plural = _("provenance events")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ProvenanceKind.values), name="market_provenance_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.artwork} — {self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


def _verification_code() -> str:
    # 16 characters of an alphabet without look-alikes (no 0/O, 1/I/L): easy to read off paper.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _i in range(16))


class Certificate(models.Model):
    """A certificate of authenticity, issued once per paid order, checkable by its code."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=_verification_code,
                            editable=False)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate of authenticity")
        verbose_name_plural = _("certificates of authenticity")

    def __str__(self) -> str:
        return self.code

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i:i + 4] for i in range(0, len(self.code), 4))


# Audit and idempotency ----------------------------------------------------------------------------

class AuditEntry(models.Model):
    """Who did what to which market object, when, and from which amount to which. Never edited."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("who"))
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object"), max_length=40)
    object_id = models.BigIntegerField()
    artwork = models.ForeignKey(Artwork, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_amount = models.BigIntegerField(null=True, blank=True)
    to_amount = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="market_audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class IdempotencyKey(models.Model):
    """The first answer to an API call made with an ``Idempotency-Key``, returned again on a retry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    operation = models.CharField(max_length=60)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="market_idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
