"""The social pages: notifications (list, read, settings, unsubscribing from a mail), follows and the feed."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dala.core.errors import DomainError, NotFound
from dala.core.forms import add_domain_errors

from . import services
from .forms import SocialSettingsForm
from .models import FeedEvent, Notification
from .selectors import feed_page, follows_of, notifications_of, settings_of
from .texts import feed_path, feed_text, notification_path, notification_text

NOTIFICATIONS_PER_PAGE = 25


@dataclass(frozen=True)
class ShownNotification:
    """A notification as the list shows it: the row, its sentence and where it leads, in the page's language."""

    notification: Notification
    text: str
    path: str

    @property
    def is_unread(self) -> bool:
        return self.notification.read_at is None


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(notifications_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    shown = [ShownNotification(n, notification_text(n), notification_path(n)) for n in page_obj.object_list]
    return render(request, "social/notifications.html", {"page_obj": page_obj, "notifications": shown})


@require_POST
@login_required
def read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = services.mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    target = notification_path(notification)
    # The stored path comes from our own reverse(); checked anyway so this can never be an open redirect.
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect("social:notifications")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    if services.mark_all_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return HttpResponseRedirect(reverse("social:notifications"))


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    choices = settings_of(request.user)
    form = SocialSettingsForm(request.POST or None, instance=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("social:settings")
    return render(request, "social/settings.html", {"form": form}, status=400 if form.errors else 200)


# No login and no CSRF token: the signed token in the address is the proof, so the link works from the
# mail on any device, and mail clients may POST to it (one-click unsubscribe, RFC 8058).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            user = services.unsubscribe(token=token)
            return render(request, "social/unsubscribe.html", {"done": True, "email": user.email})
        user = services.user_of_unsubscribe_token(token)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        return render(request, "social/unsubscribe.html", {"error": error.message}, status=400)
    return render(request, "social/unsubscribe.html", {"email": user.email, "token": token})


@require_POST
@login_required
def follow(request: HttpRequest) -> HttpResponse:
    """The follow / unfollow button (a plain form): do it, then go back to the page it was on."""
    kind, raw_id, action = request.POST.get("kind", ""), request.POST.get("id", ""), request.POST.get("action")
    if not raw_id.isdigit() or action not in ("follow", "unfollow"):
        return HttpResponse(status=400)
    try:
        if action == "follow":
            services.follow(user=request.user, kind=kind, target_id=int(raw_id))
            messages.success(request, _("You are following now."))
        else:
            services.unfollow(user=request.user, kind=kind, target_id=int(raw_id))
            messages.success(request, _("You are no longer following."))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect("social:follows")


@require_GET
@login_required
def my_follows(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(follows_of(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "social/follows.html", {"page_obj": page_obj, "follows": page_obj.object_list,
                                                   "settings": settings_of(request.user)})


FEED_PER_PAGE = 20


@dataclass(frozen=True)
class FeedLine:
    event: FeedEvent
    text: str
    path: str


@require_GET
@login_required
def feed(request: HttpRequest) -> HttpResponse:
    cursor_error = None
    try:
        page = feed_page(request.user, cursor=request.GET.get("cursor") or None, page_size=FEED_PER_PAGE)
    except DomainError as error:
        cursor_error = error.message
        page = feed_page(request.user, cursor=None, page_size=FEED_PER_PAGE)
    lines = [FeedLine(event, feed_text(event), feed_path(event)) for event in page.items]
    return render(request, "social/feed.html", {"page": page, "lines": lines, "cursor_error": cursor_error},
                  status=400 if cursor_error else 200)
