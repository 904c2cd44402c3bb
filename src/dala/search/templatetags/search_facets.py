"""``{% browse_facets %}``: the search service's facet counts on the catalogue's browse page (a panel
named in DALA_BROWSE_PANELS), each value a link to the browse page with that filter chosen or removed.

Counting the facets of the whole catalogue is most of what a browse page costs, and every visitor who
opens the same filters sees the same counts: the panel is kept in the cache as HTML, per filters and
language, for DALA_FACET_CACHE_SECONDS. The works listed beside it are always read afresh; only the
counts may be that old."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dala.catalog.selectors import BrowseFilters

from .. import selectors
from ..facets import facet_links

register = template.Library()


def facets_cache_key(filters: BrowseFilters, language: str) -> str:
    params = urlencode(sorted(filters.as_params().items()))
    return "search:browse-facets:" + hashlib.sha256(f"{language}?{params}".encode()).hexdigest()


@register.simple_tag(takes_context=True)
def browse_facets(context: template.Context) -> SafeString:
    filters = context.get("filters")
    if not isinstance(filters, BrowseFilters) or filters.problems:
        return mark_safe("")
    key = facets_cache_key(filters, get_language() or settings.LANGUAGE_CODE)
    html = cache.get(key) if settings.DALA_FACET_CACHE_SECONDS else None
    if html is None:
        # The browse page's own parameters (no cursor: a new choice starts at the first page).
        facets = facet_links(selectors.work_facets([], filters), filters.as_params())
        html = render_to_string("search/panels/_facets.html", {"facets": facets})
        if settings.DALA_FACET_CACHE_SECONDS:
            cache.set(key, html, settings.DALA_FACET_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered from our template, its values escaped there
