"""The notification pages: the list, marking one read (and going where it leads), marking all read."""

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
from django.views.decorators.http import require_GET, require_POST

from . import services
from .models import Notification
from .selectors import notifications_of
from .texts import notification_path, notification_text

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
