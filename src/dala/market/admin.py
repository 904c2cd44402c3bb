"""The staff admin for the market.

Money, offers, bids, orders, certificates and the audit log are never edited as rows here: a wrong
field would break the rules the services keep (fees that sum to the price, one live order per work,
an audit entry for every act). Staff act through admin actions that call the services with
``user=request.user``, and a refusal (a domain error) is shown as an admin message. What has no
service (a representation's terms, an auction's texts) is edited as a plain row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from dala.core.errors import DomainError
from dala.core.forms import ServiceAddForm
from dala.core.money import Money

from .models import (
    BASIS_POINTS,
    Auction,
    AuditEntry,
    Bid,
    Certificate,
    Inquiry,
    InquiryMessage,
    Lot,
    Offer,
    Order,
    OrderShare,
    ProvenanceEvent,
    ProvenanceKind,
    Representation,
)
from .services import auctions, offers, orders, provenance, representation


def _money(amount: int | None, currency: str) -> str:
    return Money(amount, currency).format() if amount is not None and currency else "-"


def _percent(basis_points: int) -> str:
    return f"{basis_points / 100:g} %"


def _admin_link(obj: Any, text: Any = None) -> SafeString | str:
    if obj is None:
        return "-"
    opts = obj._meta
    return format_html('<a href="{}">{}</a>', reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                                      args=[obj.pk]), text if text is not None else obj)


def _each(request: HttpRequest, queryset: Iterable[Any], act: Callable[[Any], Any],
          done: Callable[[int], str]) -> None:
    """Run a service on every selected row; report how many succeeded and each refusal by its message."""
    succeeded = 0
    for obj in queryset:
        try:
            act(obj)
        except DomainError as error:
            messages.error(request, f"{obj}: {error.message}")
        else:
            succeeded += 1
    if succeeded:
        messages.success(request, done(succeeded) % {"count": succeeded})


class AddThroughServiceAdmin(admin.ModelAdmin):
    """A model whose rows are added only by a service: the add page uses ``add_form``, whose ``save``
    calls the service as the staff user (``form.user``); the change page is the plain one."""

    add_form: type[forms.ModelForm]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> type[forms.ModelForm]:
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["form"] = self.add_form
        form = super().get_form(request, obj, change=change, **kwargs)

        class AsStaffUser(form):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **inner: Any) -> None:
                super().__init__(*args, **inner)
                self.user = request.user

        return AsStaffUser


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: staff may look, never add, edit or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Representations -----------------------------------------------------------------------------------

class RepresentationForm(forms.ModelForm):
    class Meta:
        model = Representation
        fields = ("gallery", "artist", "artworks", "commission_bp", "ended_at")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        artist, works = data.get("artist"), data.get("artworks")
        if artist is not None and works is not None:
            others = [str(work) for work in works if work.artist_id != artist.pk]
            if others:
                self.add_error("artworks", gettext("A gallery holds only the represented artist's works: %(works)s.")
                               % {"works": ", ".join(others)})
        if data.get("commission_bp") is not None:
            try:
                representation.check_commission(data["commission_bp"])
            except DomainError as error:
                self.add_error("commission_bp", str(error.message))
        return data


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    form = RepresentationForm
    list_display = ("gallery", "artist", "share", "works_held", "is_active", "created_at")
    list_filter = (("ended_at", admin.EmptyFieldListFilter),)
    list_select_related = ("gallery", "artist")
    search_fields = ("gallery__name", "gallery__slug", "artist__name", "artist__slug")
    raw_id_fields = ("gallery", "artist")
    # The artworks table is large: pick the held works by search rather than from a full list.
    autocomplete_fields = ("artworks",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Representation]:
        return super().get_queryset(request).annotate(works_count=Count("artworks"))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The artworks are saved here, after the row: only now is the whole change known to the audit log.
        super().save_related(request, form, formsets, change)
        representation.record_staff_change(representation=form.instance, user=request.user, created=not change)

    @admin.display(description=_("gallery's share"))
    def share(self, obj: Representation) -> str:
        return _percent(obj.commission_bp)

    @admin.display(description=_("works held"))
    def works_held(self, obj: Representation) -> int:
        return int(getattr(obj, "works_count", 0))

    @admin.display(description=_("active"), boolean=True)
    def is_active(self, obj: Representation) -> bool:
        return obj.is_active


# Inquiries -----------------------------------------------------------------------------------------

class InquiryMessageInline(ReadOnlyInline):
    model = InquiryMessage
    fields = ("created_at", "author", "body")
    readonly_fields = ("created_at", "author", "body")


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyAdmin):
    list_display = ("artwork", "buyer", "message_count", "last_message_at")
    list_select_related = ("artwork", "buyer")
    search_fields = ("artwork__title", "artwork__inventory_number", "buyer__email")
    date_hierarchy = "last_message_at"
    inlines = [InquiryMessageInline]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Inquiry]:
        return super().get_queryset(request).annotate(messages_count=Count("messages"))

    @admin.display(description=_("messages"))
    def message_count(self, obj: Inquiry) -> int:
        return int(getattr(obj, "messages_count", 0))


# Offers --------------------------------------------------------------------------------------------

@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("artwork", "buyer", "side", "price", "status", "expires_at", "chain")
    list_filter = ("status", "side", "currency", "decline_reason")
    list_select_related = ("artwork", "buyer")
    search_fields = ("artwork__title", "artwork__inventory_number", "buyer__email", "=chain_root__id")
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ("artwork", "edition_set", "buyer", "made_by", "side", "on_behalf_of", "price", "note", "status",
              "expires_at", "answered_at", "answered_by", "decline_reason", "decline_note", "chain", "answers",
              "created_at")
    readonly_fields = fields
    actions = ["expire_due"]

    @admin.display(description=_("amount"), ordering="amount")
    def price(self, obj: Offer) -> str:
        return _money(obj.amount, obj.currency)

    @admin.display(description=_("negotiation"))
    def chain(self, obj: Offer) -> SafeString:
        root = obj.chain_root_id or obj.pk
        changelist = reverse("admin:market_offer_changelist")
        return format_html('<a href="{}?q={}">{}</a>', changelist, root, gettext("every offer of this negotiation"))

    @admin.display(description=_("answers"))
    def answers(self, obj: Offer) -> SafeString | str:
        return _admin_link(obj.responds_to)

    @admin.action(description=_("Mark offers past their expiry as expired"), permissions=["view"])
    def expire_due(self, request: HttpRequest, queryset: QuerySet[Offer]) -> None:
        # The periodic task does this every few minutes; the action is for staff who cannot wait.
        count = offers.expire_offers()
        messages.success(request, ngettext("%(count)d offer expired.", "%(count)d offers expired.", count)
                         % {"count": count})


# Orders --------------------------------------------------------------------------------------------

class OrderShareInline(ReadOnlyInline):
    """A collaborative work's proceeds, split among its credited artists when the order was made."""

    model = OrderShare
    fields = ("artist", "share_percent", "share_amount")
    readonly_fields = fields

    @admin.display(description=_("share"))
    def share_percent(self, obj: OrderShare) -> str:
        return _percent(obj.share_bp)

    @admin.display(description=_("amount"))
    def share_amount(self, obj: OrderShare) -> str:
        return obj.money.format()


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "artwork", "buyer", "source", "status", "price", "hold_until", "created_at")
    list_filter = ("status", "source", "currency")
    list_select_related = ("artwork", "buyer")
    search_fields = ("=number", "artwork__title", "artwork__inventory_number", "buyer__email")
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ("number", "artwork", "edition_copy", "buyer", "source", "offer", "lot", "status", "breakdown",
              "hold_until", "paid_at", "payment_method", "payment_reference", "recorded_by", "closed_at",
              "certificate_link", "created_at")
    readonly_fields = fields
    actions = ["record_payment", "cancel"]
    inlines = [OrderShareInline]

    @admin.display(description=_("price"), ordering="amount")
    def price(self, obj: Order) -> str:
        return _money(obj.amount, obj.currency)

    @admin.display(description=_("commission breakdown"))
    def breakdown(self, obj: Order) -> SafeString:
        rows = [
            (gettext("Price"), "", obj.money.format()),
            (gettext("Platform commission"), _percent(obj.platform_rate_bp), obj.platform_fee_money.format()),
            (gettext("Gallery's share (%(gallery)s)") % {"gallery": obj.gallery or "-"},
             _percent(obj.gallery_rate_bp) if obj.gallery_id else "", obj.gallery_fee_money.format()),
            (gettext("Artist's proceeds"), _percent(BASIS_POINTS - obj.platform_rate_bp - obj.gallery_rate_bp)
             if obj.gallery_id else _percent(BASIS_POINTS - obj.platform_rate_bp),
             obj.artist_proceeds_money.format()),
        ]
        body = format_html_join("", "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>", rows)
        return format_html("<table>{}</table>", body)

    @admin.display(description=_("certificate"))
    def certificate_link(self, obj: Order) -> SafeString | str:
        certificate = Certificate.objects.filter(order=obj).first()
        return _admin_link(certificate, certificate.display_code if certificate else None)

    @admin.action(description=_("Record payment (manual)"), permissions=["view"])
    def record_payment(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        _each(request, queryset.order_by("pk"),
              lambda order: orders.record_payment(order_id=order.pk, user=request.user, method="manual"),
              lambda n: ngettext("Payment recorded for %(count)d order.", "Payment recorded for %(count)d orders.", n))

    @admin.action(description=_("Cancel"), permissions=["view"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        _each(request, queryset.order_by("pk"),
              lambda order: orders.cancel_order(order_id=order.pk, user=request.user,
                                                reason=gettext("Cancelled by staff.")),
              lambda n: ngettext("%(count)d order cancelled.", "%(count)d orders cancelled.", n))


# Auctions ------------------------------------------------------------------------------------------

class LotInline(ReadOnlyInline):
    model = Lot
    fields = ("number", "artwork", "opening", "reserve", "status", "current", "leader", "bid_count", "ends_at")
    readonly_fields = fields
    show_change_link = True

    @admin.display(description=_("opening bid"))
    def opening(self, obj: Lot) -> str:
        return _money(obj.starting_amount, obj.auction.currency)

    @admin.display(description=_("reserve"))
    def reserve(self, obj: Lot) -> str:
        return _money(obj.reserve_amount, obj.auction.currency)

    @admin.display(description=_("current bid"))
    def current(self, obj: Lot) -> str:
        return _money(obj.current_amount, obj.auction.currency)


class AuctionAddForm(ServiceAddForm):
    class Meta:
        model = Auction
        fields = ("title", "description", "currency", "starts_at", "ends_at", "lot_interval_seconds",
                  "soft_close_seconds", "extension_seconds", "is_published")

    def run_service(self, data: dict[str, Any]) -> object:
        return auctions.create_auction(organiser=self.user, **_auction_arguments(data))


def _auction_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {"title": data["title"], "description": data.get("description") or {}, "currency": data["currency"],
            "starts_at": data["starts_at"], "ends_at": data["ends_at"],
            "lot_interval_seconds": data["lot_interval_seconds"], "soft_close_seconds": data["soft_close_seconds"],
            "extension_seconds": data["extension_seconds"], "is_published": data.get("is_published", False)}


def _adopt(obj: Any, made: Any) -> None:
    """Make the admin's unsaved ``obj`` the row a service created, so the admin carries on with it."""
    for model_field in type(made)._meta.concrete_fields:
        setattr(obj, model_field.attname, getattr(made, model_field.attname))
    obj._state.adding = False
    obj._state.db = made._state.db


@admin.register(Auction)
class AuctionAdmin(AddThroughServiceAdmin):
    list_display = ("title", "organiser", "currency", "starts_at", "ends_at", "lot_count", "is_published")
    list_filter = ("is_published", "currency")
    list_select_related = ("organiser",)
    search_fields = ("title", "slug")
    date_hierarchy = "starts_at"
    inlines = [LotInline]
    actions = ["close_due"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Auction]:
        return super().get_queryset(request).annotate(lots_count=Count("lots"))

    add_form = AuctionAddForm

    def get_readonly_fields(self, request: HttpRequest, obj: Auction | None = None) -> tuple[str, ...]:
        # Once lots exist their closing times derive from the schedule and the currency prices them.
        return ("organiser", "slug", "currency", "increments", "created_at") if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Auction | None = None) -> list[Any]:
        if obj is None:
            return list(AuctionAddForm.Meta.fields)
        return ["title", "slug", "description", "organiser", "currency", "starts_at", "ends_at",
                "lot_interval_seconds", "soft_close_seconds", "extension_seconds", "increments", "is_published",
                "created_at"]

    def get_inlines(self, request: HttpRequest,
                    obj: Auction | None) -> list[type[admin.options.InlineModelAdmin[Any, Any]]]:
        return [LotInline] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Auction, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        _adopt(obj, auctions.create_auction(organiser=request.user, **_auction_arguments(form.cleaned_data)))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # lots, bids and orders refer to it

    @admin.display(description=_("lots"))
    def lot_count(self, obj: Auction) -> int:
        return int(getattr(obj, "lots_count", 0))

    @admin.action(description=_("Close the lots whose time is up"), permissions=["view"])
    def close_due(self, request: HttpRequest, queryset: QuerySet[Auction]) -> None:
        count = auctions.close_due_lots()
        messages.success(request, ngettext("%(count)d lot closed.", "%(count)d lots closed.", count)
                         % {"count": count})


class LotAddForm(ServiceAddForm):
    class Meta:
        model = Lot
        fields = ("auction", "artwork", "edition_copy", "starting_amount", "reserve_amount", "estimate_low",
                  "estimate_high")

    def run_service(self, data: dict[str, Any]) -> object:
        return auctions.add_lot(user=self.user, **_lot_arguments(data))


def _lot_arguments(data: dict[str, Any]) -> dict[str, Any]:
    copy = data.get("edition_copy")
    return {"auction": data["auction"], "artwork_id": data["artwork"].pk, "starting_amount": data["starting_amount"],
            "reserve_amount": data.get("reserve_amount"), "estimate_low": data.get("estimate_low"),
            "estimate_high": data.get("estimate_high"), "edition_copy_id": copy.pk if copy else None}


@admin.register(Lot)
class LotAdmin(AddThroughServiceAdmin):
    list_display = ("__str__", "status", "opening", "current", "reserve_met_shown", "leader", "bid_count", "ends_at")
    list_filter = ("status", "auction")
    list_select_related = ("auction", "artwork", "leader")
    search_fields = ("artwork__title", "artwork__inventory_number", "auction__slug")
    raw_id_fields = ("auction", "artwork", "edition_copy")
    show_full_result_count = False

    add_form = LotAddForm

    def get_fields(self, request: HttpRequest, obj: Lot | None = None) -> list[Any]:
        if obj is None:
            return list(LotAddForm.Meta.fields)
        return ["auction", "number", "artwork", "edition_copy", "opening", "reserve", "estimate", "status",
                "current", "leader", "bid_count", "ends_at", "closed_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Lot | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return tuple(self.get_fields(request, obj))

    def save_model(self, request: HttpRequest, obj: Lot, form: Any, change: bool) -> None:
        if change:
            return  # a lot's state changes only by bids and its closing
        _adopt(obj, auctions.add_lot(user=request.user, **_lot_arguments(form.cleaned_data)))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("opening bid"))
    def opening(self, obj: Lot) -> str:
        return _money(obj.starting_amount, obj.auction.currency)

    @admin.display(description=_("reserve"))
    def reserve(self, obj: Lot) -> str:
        return _money(obj.reserve_amount, obj.auction.currency)

    @admin.display(description=_("estimate"))
    def estimate(self, obj: Lot) -> str:
        if obj.estimate_low is None and obj.estimate_high is None:
            return "-"
        return f"{_money(obj.estimate_low, obj.auction.currency)} – {_money(obj.estimate_high, obj.auction.currency)}"

    @admin.display(description=_("current bid"), ordering="current_amount")
    def current(self, obj: Lot) -> str:
        return _money(obj.current_amount, obj.auction.currency)

    @admin.display(description=_("reserve met"), boolean=True)
    def reserve_met_shown(self, obj: Lot) -> bool:
        return obj.reserve_met


@admin.register(Bid)
class BidAdmin(ReadOnlyAdmin):
    list_display = ("lot", "bidder", "maximum", "resulting", "resulting_leader", "created_at")
    list_select_related = ("lot__auction", "lot__artwork", "bidder", "resulting_leader")
    search_fields = ("bidder__email", "lot__artwork__title", "lot__auction__slug")
    list_filter = ("lot__auction",)
    show_full_result_count = False

    @admin.display(description=_("maximum bid"), ordering="max_amount")
    def maximum(self, obj: Bid) -> str:
        return _money(obj.max_amount, obj.lot.auction.currency)

    @admin.display(description=_("price after the bid"))
    def resulting(self, obj: Bid) -> str:
        return _money(obj.resulting_amount, obj.lot.auction.currency)


# Provenance and certificates -----------------------------------------------------------------------

class ProvenanceAddForm(ServiceAddForm):
    class Meta:
        model = ProvenanceEvent
        fields = ("artwork", "kind", "occurred_at", "from_party", "to_party", "place", "description", "is_public")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field: Any = self.fields["kind"]
        kind_field.choices = [(kind.value, kind.label) for kind in ProvenanceKind if kind != ProvenanceKind.SALE]

    def run_service(self, data: dict[str, Any]) -> object:
        return provenance.add_provenance_event(user=self.user, **_provenance_arguments(data))


def _provenance_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {"artwork": data["artwork"], "kind": data["kind"], "occurred_at": data.get("occurred_at"),
            "from_party": data.get("from_party") or "", "to_party": data.get("to_party") or "",
            "place": data.get("place") or "", "description": data.get("description") or {},
            "is_public": data.get("is_public", True)}


@admin.register(ProvenanceEvent)
class ProvenanceEventAdmin(AddThroughServiceAdmin):
    list_display = ("artwork", "kind", "occurred_at", "from_party", "to_party", "sale_price", "is_public")
    list_filter = ("kind", "is_public")
    list_select_related = ("artwork",)
    search_fields = ("artwork__title", "artwork__inventory_number", "from_party", "to_party", "place")
    raw_id_fields = ("artwork",)
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    add_form = ProvenanceAddForm

    def get_fields(self, request: HttpRequest, obj: ProvenanceEvent | None = None) -> list[Any]:
        if obj is None:
            return list(ProvenanceAddForm.Meta.fields)
        return ["artwork", "kind", "occurred_at", "from_party", "to_party", "place", "description", "is_public",
                "sale_price", "order_link", "recorded_by", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: ProvenanceEvent | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        fixed = ("artwork", "kind", "sale_price", "order_link", "recorded_by", "created_at")
        if obj.kind == ProvenanceKind.SALE:
            # A sale is the record of a paid order: only whether it is shown publicly may change.
            return (*fixed, "occurred_at", "from_party", "to_party", "place", "description")
        return fixed

    def save_model(self, request: HttpRequest, obj: ProvenanceEvent, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        _adopt(obj, provenance.add_provenance_event(user=request.user, **_provenance_arguments(form.cleaned_data)))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("price"))
    def sale_price(self, obj: ProvenanceEvent) -> str:
        return _money(obj.amount, obj.currency)

    @admin.display(description=_("order"))
    def order_link(self, obj: ProvenanceEvent) -> SafeString | str:
        return _admin_link(obj.order)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("shown_code", "order", "artwork", "issued_at", "is_valid")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("order__artwork",)
    search_fields = ("=code", "=order__number", "order__artwork__title")
    fields = ("shown_code", "order_link", "artwork", "issued_at", "revoked_at", "verify")
    readonly_fields = fields
    actions = ["revoke"]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Certificate],
                           search_term: str) -> tuple[QuerySet[Certificate], bool]:
        # The code is printed in groups (ABCD-EFGH-…); staff type it as printed.
        return super().get_search_results(request, queryset, search_term.replace("-", "").strip().upper()
                                          if len(search_term.replace("-", "").strip()) == 16 else search_term)

    @admin.display(description=_("verification code"), ordering="code")
    def shown_code(self, obj: Certificate) -> str:
        return obj.display_code

    @admin.display(description=_("artwork"))
    def artwork(self, obj: Certificate) -> Any:
        return obj.order.artwork

    @admin.display(description=_("order"))
    def order_link(self, obj: Certificate) -> SafeString | str:
        return _admin_link(obj.order)

    @admin.display(description=_("valid"), boolean=True)
    def is_valid(self, obj: Certificate) -> bool:
        return obj.revoked_at is None

    @admin.display(description=_("public check"))
    def verify(self, obj: Certificate) -> SafeString:
        url = reverse("market:verify_code", kwargs={"code": obj.code})
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.action(description=_("Revoke the selected certificates"), permissions=["view"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        _each(request, queryset.order_by("pk"),
              lambda certificate: provenance.revoke_certificate(certificate=certificate, user=request.user),
              lambda n: ngettext("%(count)d certificate revoked.", "%(count)d certificates revoked.", n))


# Audit log -----------------------------------------------------------------------------------------

@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "subject", "artwork", "change")
    list_filter = ("action", "object_type")
    list_select_related = ("actor", "artwork")
    search_fields = ("action", "actor__email", "=object_id")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
    fields = ("created_at", "actor", "action", "subject", "artwork", "change", "details")
    readonly_fields = fields

    @admin.display(description=_("object"))
    def subject(self, obj: AuditEntry) -> str:
        return f"{obj.object_type} #{obj.object_id}"

    @admin.display(description=_("amount"))
    def change(self, obj: AuditEntry) -> str:
        if not obj.currency:
            return "-"
        before, after = _money(obj.from_amount, obj.currency), _money(obj.to_amount, obj.currency)
        if obj.from_amount is not None and obj.to_amount is not None:
            return f"{before} → {after}"
        return after if obj.to_amount is not None else before
