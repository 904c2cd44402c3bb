"""``{% browse_facets %}``: the search service's facet counts on the catalogue's browse page (a panel
named in DALA_BROWSE_PANELS), each value a link to the browse page with that filter chosen or removed."""

from __future__ import annotations

from typing import Any

from django import template

from dala.catalog.selectors import BrowseFilters

from .. import selectors
from ..facets import facet_links

register = template.Library()


@register.inclusion_tag("search/panels/_facets.html", takes_context=True)
def browse_facets(context: template.Context) -> dict[str, Any]:
    filters = context.get("filters")
    if not isinstance(filters, BrowseFilters) or filters.problems:
        return {"facets": []}
    # The browse page's own parameters (no cursor: a new choice starts at the first page).
    params = filters.as_params()
    return {"facets": facet_links(selectors.work_facets([], filters), params)}
