from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Notification
from .texts import notification_text


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
