from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import FeedEvent, Follow, Notification, SocialSettings
from .texts import feed_text, notification_text


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Read")), ("no", _("Unread"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Notification]) -> QuerySet[Notification]:
        if self.value() == "yes":
            return queryset.filter(read_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(read_at__isnull=True)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """Read-only: notifications are made by the events of other apps, never by hand."""

    list_display = ("recipient", "action", "text", "created_at", "read_at", "emailed_at")
    list_filter = ("action", ReadFilter, "created_at")
    list_select_related = ("recipient",)
    search_fields = ("recipient__email", "action")
    date_hierarchy = "created_at"
    readonly_fields = ("recipient", "actor", "action", "text", "context", "url", "created_at", "read_at",
                       "emailed_at")
    fields = readonly_fields

    @admin.display(description=_("text"))
    def text(self, obj: Notification) -> str:
        return notification_text(obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin[Follow]):
    list_display = ("follower", "kind_label", "target", "created_at")
    list_select_related = ("follower", "artist", "gallery", "critic", "subject")
    search_fields = ("follower__email",)
    date_hierarchy = "created_at"
    raw_id_fields = ("follower", "artist", "gallery", "critic")
    list_filter = (("artist", admin.EmptyFieldListFilter), ("gallery", admin.EmptyFieldListFilter),
                   ("critic", admin.EmptyFieldListFilter), ("subject", admin.EmptyFieldListFilter))

    @admin.display(description=_("follows"))
    def kind_label(self, obj: Follow) -> str:
        return obj.kind_label


@admin.register(SocialSettings)
class SocialSettingsAdmin(admin.ModelAdmin[SocialSettings]):
    list_display = ("user", "email_delivery", "email_market", "email_reviews", "email_follows", "email_programmes",
                    "follows_public", "last_digest_at")
    list_filter = ("email_delivery", "follows_public")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    raw_id_fields = ("user",)
    readonly_fields = ("last_digest_at",)


@admin.register(FeedEvent)
class FeedEventAdmin(admin.ModelAdmin[FeedEvent]):
    """Read-only: feed events are written when works and reviews are published; staff may delete one."""

    list_display = ("created_at", "actor_kind", "actor_id", "verb", "text")
    list_filter = ("verb", "actor_kind", "created_at")
    list_select_related = ("artwork", "artwork__artist", "artist")
    date_hierarchy = "created_at"
    readonly_fields = ("actor_kind", "actor_id", "verb", "artwork", "artist", "review_id", "context", "url",
                       "created_at")
    fields = readonly_fields

    @admin.display(description=_("text"))
    def text(self, obj: FeedEvent) -> str:
        return feed_text(obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: FeedEvent | None = None) -> bool:
        return False
