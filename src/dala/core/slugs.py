"""Unique slugs for model rows."""

from __future__ import annotations

from typing import Any

from django.db import models

from .kazakh import slugify


def unique_slug(queryset: models.QuerySet[Any] | models.Manager[Any], text: str, *, field: str = "slug",
                fallback: str = "item", exclude_pk: object | None = None, max_length: int = 80) -> str:
    """A slug for ``text`` not yet used in ``queryset`` (``-2``, ``-3``… appended as needed)."""
    base = slugify(text, max_length=max_length - 6) or fallback
    rows = queryset.all()
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    # A range rather than __startswith: SQLite's LIKE cannot use the slug index, a range can.
    taken = set(rows.filter(**{f"{field}__gte": base, f"{field}__lt": base + "\U0010ffff"})
                .values_list(field, flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
