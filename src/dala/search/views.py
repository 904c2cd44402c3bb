"""The search page (works without JavaScript; a small script adds suggestions while typing)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import selectors
from .models import DocumentKind
from .normalise import highlight

TAB_LABELS = {DocumentKind.ARTWORK: _("Works"), DocumentKind.ARTIST: _("Artists"),
              DocumentKind.EXHIBITION: _("Exhibitions"), DocumentKind.REVIEW: _("Reviews")}


def _page_number(value: str | None) -> int:
    try:
        return min(max(1, int(value or 1)), selectors.COUNT_CAP // selectors.PAGE_SIZE + 1)
    except ValueError:
        return 1


def _row(kind: str, item: Any, results: selectors.Results) -> dict[str, Any]:
    label = item.name if kind == DocumentKind.ARTIST else item.title
    return {"item": item, "kind": kind, "label": label, "runs": highlight(str(label), results.words)}


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    notice = ""
    if kind not in (None, *DocumentKind.values):
        kind, notice = None, str(_("There is no such kind of result; showing all kinds."))
    query = request.GET.get("q", "")
    if len(query) > selectors.MAX_QUERY_LENGTH:
        notice = str(_("The search was cut to its first %(count)s characters.") % {"count": selectors.MAX_QUERY_LENGTH})
    results = selectors.search(query, kind=kind, page=_page_number(request.GET.get("page")))
    tabs = [{"kind": each, "label": TAB_LABELS[each], "count": results.counts.get(each, 0),
             "capped": results.capped.get(each, False), "current": each == results.kind}
            for each in selectors.KINDS]
    return render(request, "search/search.html", {
        "results": results, "query": results.query, "tabs": tabs, "notice": notice,
        "rows": [_row(results.kind, item, results) for item in results.items],
    })

