"""Template tags shared by every page: language alternates, absolute addresses, optional static files."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def alternate_links(context: dict[str, Any]) -> SafeString:
    """``<link rel="alternate" hreflang>`` for this page in every language (kk is the x-default)."""
    request = context.get("request")
    if request is None:
        return SafeString("")
    path = request.get_full_path()
    rows = []
    for code, _name in settings.LANGUAGES:
        rows.append((code, request.build_absolute_uri(translate_url(path, code))))
    default = rows[0][1] if rows else ""
    links = format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', rows)
    return format_html('{}\n  <link rel="alternate" hreflang="x-default" href="{}">', links, default)


@register.simple_tag(takes_context=True)
def absolute_url(context: dict[str, Any], url: str) -> str:
    """``url`` (a path or already absolute) as an absolute address, for Open Graph and feeds."""
    request = context.get("request")
    if not url or request is None:
        return url or ""
    return str(request.build_absolute_uri(url))


@register.simple_tag
def static_if_present(path: str) -> str:
    """The static URL of ``path``, or "" when no static folder holds it.

    For files copied in at build time and never committed (``make vendor``): a page asks for one only
    when it is there, and works without it."""
    return static(path) if finders.find(path) else ""
