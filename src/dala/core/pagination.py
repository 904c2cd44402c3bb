"""Keyset (cursor) pagination: a page costs the same at row 20 and at row 1 000 000.

The cursor is an opaque, URL-safe token holding the sort keys of the edge row and the direction.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from .errors import DomainError

T = TypeVar("T", bound=models.Model)

INVALID_CURSOR = "invalid_cursor"


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    items: list[T]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _encode(values: list[Any], direction: str) -> str:
    raw = json.dumps({"v": [v.isoformat() if hasattr(v, "isoformat") else v for v in values], "d": direction},
                     separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(model: type[models.Model], keys: list[tuple[str, bool]], cursor: str) -> tuple[list[Any], str]:
    """The key values and direction (``"n"`` next, ``"p"`` previous) in ``cursor``; DomainError if forged."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        raw_values, direction = data["v"], data["d"]
        if direction not in ("n", "p") or len(raw_values) != len(keys):
            raise ValueError
        values = [model._meta.get_field(name).to_python(value)  # type: ignore[union-attr]
                  for (name, _desc), value in zip(keys, raw_values,
                                                                                                  strict=True)]
        if any(value is None for value in values):
            raise ValueError
    except Exception:
        raise DomainError(INVALID_CURSOR, _("This page link is not valid; start from the first page."),
                          field="cursor") from None
    return values, direction


def rows_after(keys: list[tuple[str, bool]], values: list[Any], forward: bool) -> Q:
    """Rows strictly after ``values`` in the order ``keys`` (or before, when not ``forward``)."""
    condition = Q()
    for index in range(len(keys) - 1, -1, -1):
        name, descending = keys[index]
        go_down = descending == forward
        step = Q(**{f"{name}__{'lt' if go_down else 'gt'}": values[index]})
        if index == len(keys) - 1:
            condition = step
        else:
            condition = step | (Q(**{name: values[index]}) & condition)
    # A redundant bound on the first key gives the planner a range to seek in the sort index; without
    # it SQLite may read the OR as a multi-index OR over another index and scan (~1 s at a million rows).
    name, descending = keys[0]
    bound = Q(**{f"{name}__{'lte' if descending == forward else 'gte'}": values[0]})
    return bound & condition


def keyset_paginate(queryset: models.QuerySet[T], *, keys: list[tuple[str, bool]], cursor: str | None,
                    page_size: int) -> KeysetPage[T]:
    """One page of ``queryset`` ordered by ``keys`` (``(field, descending)``; the last must be unique)."""
    order = [f"-{name}" if desc else name for name, desc in keys]
    if not cursor:
        rows = list(queryset.order_by(*order)[: page_size + 1])
        items = rows[:page_size]
        next_cursor = _encode(_values(items[-1], keys), "n") if len(rows) > page_size else None
        return KeysetPage(items, next_cursor, None)

    values, direction = decode_cursor(queryset.model, keys, cursor)
    if direction == "n":
        rows = list(queryset.filter(rows_after(keys, values, True)).order_by(*order)[: page_size + 1])
        items = rows[:page_size]
        has_next = len(rows) > page_size
        has_previous = True
    else:
        reverse = [name if desc else f"-{name}" for name, desc in keys]
        rows = list(queryset.filter(rows_after(keys, values, False)).order_by(*reverse)[: page_size + 1])
        items = list(reversed(rows[:page_size]))
        has_next = True
        has_previous = len(rows) > page_size
    next_cursor = _encode(_values(items[-1], keys), "n") if has_next and items else None
    previous_cursor = _encode(_values(items[0], keys), "p") if has_previous and items else None
    return KeysetPage(items, next_cursor, previous_cursor)


def page_or_first(load: Callable[[str | None], KeysetPage[T]],
                  cursor: str | None) -> tuple[KeysetPage[T], str | None]:
    """``load(cursor)`` for a page; a forged or stale cursor gives the first page and the reason (for the
    page to show with a 400), never a 500. Other domain errors pass through."""
    try:
        return load(cursor), None
    except DomainError as error:
        if error.code != INVALID_CURSOR or not cursor:
            raise
        return load(None), str(error.message)


def _values(row: models.Model, keys: list[tuple[str, bool]]) -> list[Any]:
    return [getattr(row, name) for name, _desc in keys]



@dataclass(frozen=True)
class NumberedPage(Generic[T]):
    """One numbered page of a list (for the API's ``?page=&page_size=``): its rows, the total count,
    and the next and previous page numbers (None at either end)."""

    rows: list[T]
    count: int
    next: int | None
    previous: int | None


def numbered_page(queryset: models.QuerySet[T], *, page: int, page_size: int) -> NumberedPage[T]:
    """Rows ``(page - 1) * page_size`` onward; a page past the end is empty and points back to the last."""
    count = queryset.count()
    start = (page - 1) * page_size
    rows = list(queryset[start:start + page_size])
    last_page = max(1, -(-count // page_size))
    return NumberedPage(rows=rows, count=count, next=page + 1 if start + page_size < count else None,
                        previous=min(page - 1, last_page) if page > 1 else None)
