"""Admin for reviews and replies, with the moderators' "hide with a reason" action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from dala.core.errors import DomainError

from .models import Reply, Review, ReviewRevision
from .services import hide_reply, hide_review


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown to readers in its place)"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


def _hide_with_reason(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any],
                      hide: Any, id_field: str) -> HttpResponse | None:
    # The action posts twice: first from the change list (show the reason form), then with the reason.
    form = HideForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        hidden = 0
        for row in queryset:
            try:
                hide(user=request.user, reason=form.cleaned_data["reason"], **{id_field: row.pk})
            except DomainError as error:
                modeladmin.message_user(request, str(error.message), messages.ERROR)
                return None
            hidden += 1
        modeladmin.message_user(request, _("Hidden: %(count)d.") % {"count": hidden}, messages.SUCCESS)
        return None
    context = {**modeladmin.admin_site.each_context(request), "title": _("Hide with a reason"), "form": form,
               "rows": queryset, "action": request.POST.get("action", ""), "opts": modeladmin.model._meta,
               "selected": request.POST.getlist(ACTION_CHECKBOX_NAME)}
    return TemplateResponse(request, "critique/admin/hide.html", context)


class RevisionInline(admin.TabularInline):
    model = ReviewRevision
    extra = 0
    can_delete = False
    readonly_fields = ["corrected_at", "note", "title", "body"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["title", "critic", "language", "status", "published_at", "publish_at", "hidden_at"]
    list_filter = ["status", "language", "hidden_at"]
    search_fields = ["title", "critic__slug"]
    raw_id_fields = ["critic", "artist", "artworks", "hidden_by"]
    # The critic's words are theirs: the admin reads them, and only hides.
    readonly_fields = ["critic", "language", "title", "body", "conflict_of_interest", "artworks", "artist", "status",
                       "published_at", "publish_at", "corrected_at", "hidden_at", "hidden_reason", "hidden_by"]
    inlines = [RevisionInline]
    actions = ["hide_with_reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Hide with a reason"))
    def hide_with_reason(self, request: HttpRequest, queryset: QuerySet[Review]) -> HttpResponse | None:
        return _hide_with_reason(self, request, queryset, hide_review, "review_id")


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["review", "artist", "created_at", "hidden_at"]
    list_filter = ["hidden_at"]
    raw_id_fields = ["review", "artist", "hidden_by"]
    readonly_fields = ["review", "artist", "body", "hidden_at", "hidden_reason", "hidden_by"]
    actions = ["hide_with_reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Hide with a reason"))
    def hide_with_reason(self, request: HttpRequest, queryset: QuerySet[Reply]) -> HttpResponse | None:
        return _hide_with_reason(self, request, queryset, hide_reply, "reply_id")
