"""The search page (works without JavaScript; a small script adds suggestions while typing).

Text, filters (the facets), sort and colour all travel in the query string, so every state of the page
is a link: choosing a facet value, removing it, paging, sorting. A bad value is reported on the page with
status 400, and the rest of the search still runs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dala.catalog.selectors import BrowseFilters
from dala.core.colours import COLOURS_BY_SLUG, NAMED_COLOURS
from dala.core.errors import DomainError

from . import colour, selectors
from .facets import facet_links, link
from .models import DocumentKind
from .normalise import highlight

TAB_LABELS = {DocumentKind.ARTWORK: _("Works"), DocumentKind.ARTIST: _("Artists"),
              DocumentKind.EXHIBITION: _("Exhibitions"), DocumentKind.REVIEW: _("Reviews")}
SORT_LABELS = {"relevance": _("Best match"), "newest": _("Newest first"), "price_asc": _("Price: low to high"),
               "price_desc": _("Price: high to low")}
CURRENCIES = ["KZT", "USD", "EUR", "RUB"]


def _page_number(value: str | None) -> int:
    try:
        return min(max(1, int(value or 1)), selectors.COUNT_CAP // selectors.PAGE_SIZE + 1)
    except ValueError:
        return 1


def _row(kind: str, item: Any, results: selectors.Results) -> dict[str, Any]:
    label = item.name if kind == DocumentKind.ARTIST else item.title
    return {"item": item, "kind": kind, "label": label, "runs": highlight(str(label), results.words)}


class SearchRequest:
    """The search a query string asks for, read leniently: each bad value is dropped and reported."""

    def __init__(self, params: QueryDict) -> None:
        self.problems: list[str] = []  # bad values: the page says so, with status 400
        self.notices: list[str] = []  # what the page changed of the request, with status 200
        self.kind = params.get("kind") or None
        if self.kind not in (None, *DocumentKind.values):
            self.kind = None
            self.notices.append(str(_("There is no such kind of result; showing all kinds.")))
        self.query = params.get("q", "")
        if len(self.query) > selectors.MAX_QUERY_LENGTH:
            self.notices.append(str(_("The search was cut to its first %(count)s characters.")
                                     % {"count": selectors.MAX_QUERY_LENGTH}))
        self.page = _page_number(params.get("page"))
        filter_params = params.copy()
        filter_params.pop("sort", None)
        self.filters = BrowseFilters.from_params(filter_params)
        self.problems += [f"{problem.message}" for problem in self.filters.problems]
        self.sort = params.get("sort", "")
        if self.sort and self.sort not in selectors.SORTS:
            self.sort = ""
            self.problems.append(str(_("Unknown sort order.")))
        # One or two colours: "blue,#c9962c", or the parameter twice (two colour pickers in one form).
        self.palette_text = ",".join(part.strip() for part in params.getlist("palette") if part.strip())[:100]
        self.colours: list[colour.QueryColour] = []
        try:
            self.colours = colour.parse_colours(self.palette_text)
        except DomainError as error:
            self.palette_text = ""
            self.problems.append(str(error.message))
        self.like: int | None = None
        if params.get("like"):
            try:
                self.like = int(params.get("like", ""))
            except ValueError:
                self.problems.append(str(_("“like” takes the number of a work.")))

    def params(self) -> dict[str, str]:
        """The query string of this search (without the page)."""
        params = {"q": self.query.strip()[:selectors.MAX_QUERY_LENGTH]} if self.query.strip() else {}
        params.update(self.filters.as_params())
        params.pop("sort", None)
        if self.sort:
            params["sort"] = self.sort
        if self.palette_text:
            params["palette"] = self.palette_text
        if self.like is not None:
            params["like"] = str(self.like)
        return params


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    asked = SearchRequest(request.GET)
    try:
        results = selectors.search(asked.query, kind=asked.kind, page=asked.page, filters=asked.filters,
                                   sort=asked.sort, facets=True, colours=asked.colours, like=asked.like)
    except DomainError as error:  # "more like this" of a work without a palette
        asked.problems.append(str(error.message))
        asked.like = None
        results = selectors.search(asked.query, kind=asked.kind, page=asked.page, filters=asked.filters,
                                   sort=asked.sort, facets=True, colours=asked.colours)
    params = asked.params()
    tabs = [{"kind": each, "label": TAB_LABELS[each], "count": results.counts.get(each, 0),
             "capped": results.capped.get(each, False), "current": each == results.kind,
             "url": link({"q": results.query}, {"kind": each})}
            for each in selectors.KINDS]
    page_params = {**params, "kind": results.kind}  # the forms and links of this tab stay on it
    sorts = [(value, SORT_LABELS[value]) for value in selectors.SORTS if value != "relevance" or results.words]
    return render(request, "search/search.html", {
        "results": results, "query": results.query, "tabs": tabs, "notice": " ".join(asked.notices + asked.problems),
        "rows": [_row(results.kind, item, results) for item in results.items],
        # The facets are the works': their links stay on the works' tab.
        "facets": facet_links(results.facets, {**params, "kind": DocumentKind.ARTWORK})
        if results.kind == DocumentKind.ARTWORK else [],
        "first_number": (results.page - 1) * results.page_size + 1,
        "previous_url": link(page_params, {"page": str(results.page - 1)}),
        "next_url": link(page_params, {"page": str(results.page + 1)}),
        "sorts": sorts, "currencies": CURRENCIES, "filters": results.filters,
        # A new text keeps the filters but chooses its tab again.
        "search_hidden": {name: value for name, value in params.items() if name != "q"},
        "hidden": {name: value for name, value in page_params.items() if name not in ("sort", "currency")},
        "palette_hidden": {name: value for name, value in page_params.items() if name not in ("palette", "like")},
        "colour_choices": NAMED_COLOURS, "query_colours": results.colours,
        "chosen_colours": [COLOURS_BY_SLUG[slug] for slug in results.filters.colours],
        "clear_colour_url": link(page_params, {"palette": None, "like": None}),
        "clear_url": link({"q": results.query, "kind": results.kind} if results.query else {}, {}),
        "browsing": not results.words,
    }, status=400 if asked.problems else 200)
