"""Long texts (reviews, replies, curators' essays) are written in Markdown and served as HTML that cannot run script.

CommonMark with raw HTML off: any tag the author types is escaped as text, and markdown-it's link check
drops ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` links (they stay as plain text). Images
are off too (a review discusses the works on the site; a remote image would also track readers).
Every link gets ``rel="nofollow noopener"``: the site must not lend its standing to a critic's links.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

_LINK_REL = "nofollow noopener"


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    tokens[idx].attrSet("rel", _LINK_REL)
    return str(self.renderToken(tokens, idx, options, env))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).disable("image")
    parser.add_render_rule("link_open", _link_open)
    return parser


def render_markdown(text: str) -> SafeString:
    """``text`` (Markdown) as HTML that is safe to put in a page: no raw HTML, no script links."""
    return mark_safe(_parser().render(text or ""))  # noqa: S308 — escaped by the parser, see above
