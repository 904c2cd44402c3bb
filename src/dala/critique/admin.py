"""Admin for reviews and replies, with the moderators' "hide with a reason" and "unhide" actions.

Each hiding and unhiding is written to the admin log (who, when, and the reason the content was hidden
for), so the history survives the unhide, which clears the hiding fields; the change page shows it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dala.core.errors import DomainError

from .models import Reply, Review, ReviewRevision
from .services import hide_reply, hide_review, unhide_reply, unhide_review


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
                done = hide(user=request.user, reason=form.cleaned_data["reason"], **{id_field: row.pk})
            except DomainError as error:
                modeladmin.message_user(request, str(error.message), messages.ERROR)
                return None
            modeladmin.log_change(request, done, _hidden_note(done.hidden_reason))
            hidden += 1
        modeladmin.message_user(request, _("Hidden: %(count)d.") % {"count": hidden}, messages.SUCCESS)
        return None
    context = {**modeladmin.admin_site.each_context(request), "title": _("Hide with a reason"), "form": form,
               "rows": queryset, "action": request.POST.get("action", ""), "opts": modeladmin.model._meta,
               "selected": request.POST.getlist(ACTION_CHECKBOX_NAME)}
    return TemplateResponse(request, "critique/admin/hide.html", context)


# A log message is stored as text in the language the moderator's admin is in when they act.
def _hidden_note(reason: str) -> str:
    return gettext("Hidden with the reason: %(reason)s") % {"reason": reason}


def _unhidden_note(row: Any) -> str:
    when = timezone.localtime(row.hidden_at).strftime("%Y-%m-%d %H:%M")
    return gettext("Unhidden. It had been hidden on %(when)s by %(who)s with the reason: %(reason)s") % {
        "when": when, "who": _who(row.hidden_by), "reason": row.hidden_reason}


def _who(user: Any) -> str:
    return f"{user.email} (#{user.pk})" if user is not None else "—"


def _unhide(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any], unhide: Any,
            id_field: str) -> None:
    """Put the selected hidden rows back in public view; each unhide is logged with the hiding it undoes."""
    unhidden = skipped = 0
    for row in queryset.select_related("hidden_by"):
        if row.hidden_at is None:
            skipped += 1
            continue
        note = _unhidden_note(row)
        try:
            done = unhide(user=request.user, **{id_field: row.pk})
        except DomainError as error:
            modeladmin.message_user(request, str(error.message), messages.ERROR)
            return
        modeladmin.log_change(request, done, note)
        unhidden += 1
    modeladmin.message_user(request, _("Unhidden: %(count)d.") % {"count": unhidden}, messages.SUCCESS)
    if skipped:
        modeladmin.message_user(request, _("Not hidden, left as they were: %(count)d.") % {"count": skipped},
                                messages.WARNING)


def _moderation_history(obj: Any) -> str:
    """Every hiding and unhiding of ``obj`` the admin log holds, newest first."""
    if obj is None or obj.pk is None:
        return "—"
    entries = (LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
                                       action_flag=CHANGE)
               .select_related("user").order_by("-action_time", "-pk"))
    rows = [(timezone.localtime(e.action_time).strftime("%Y-%m-%d %H:%M"), _who(e.user), e.get_change_message())
            for e in entries[:50]]
    if not rows:
        return "—"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{} · {}: {}</li>", rows))


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
                       "published_at", "publish_at", "corrected_at", "hidden_at", "hidden_reason", "hidden_by",
                       "moderation_history"]
    inlines = [RevisionInline]
    actions = ["hide_with_reason", "unhide"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Hide with a reason"))
    def hide_with_reason(self, request: HttpRequest, queryset: QuerySet[Review]) -> HttpResponse | None:
        return _hide_with_reason(self, request, queryset, hide_review, "review_id")

    @admin.action(description=_("Unhide (put back in public view)"))
    def unhide(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        _unhide(self, request, queryset, unhide_review, "review_id")

    @admin.display(description=_("moderation history"))
    def moderation_history(self, obj: Review) -> str:
        return _moderation_history(obj)


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["review", "artist", "created_at", "hidden_at"]
    list_filter = ["hidden_at"]
    raw_id_fields = ["review", "artist", "hidden_by"]
    readonly_fields = ["review", "artist", "body", "hidden_at", "hidden_reason", "hidden_by", "moderation_history"]
    actions = ["hide_with_reason", "unhide"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Hide with a reason"))
    def hide_with_reason(self, request: HttpRequest, queryset: QuerySet[Reply]) -> HttpResponse | None:
        return _hide_with_reason(self, request, queryset, hide_reply, "reply_id")

    @admin.action(description=_("Unhide (put back in public view)"))
    def unhide(self, request: HttpRequest, queryset: QuerySet[Reply]) -> None:
        _unhide(self, request, queryset, unhide_reply, "reply_id")

    @admin.display(description=_("moderation history"))
    def moderation_history(self, obj: Reply) -> str:
        return _moderation_history(obj)
