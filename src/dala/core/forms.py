"""Showing domain errors on forms: a service's :class:`DomainError` lands next to the input at fault."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from .errors import DomainError, ValidationFailed


def domain_errors(error: DomainError) -> list[DomainError]:
    """The single errors inside ``error`` (a ValidationFailed lists several)."""
    if isinstance(error, ValidationFailed):
        return list(error.errors)
    return [error]


def add_domain_errors(form: forms.BaseForm, error: DomainError,
                      field_names: Mapping[str, str | None] | None = None) -> None:
    """Attach each error in ``error`` to its form field.

    ``field_names`` maps a service's field name to the form's where they differ (``price_amount`` →
    ``price``); an error naming no field, or a field the form lacks, becomes a form-wide error.
    """
    names = field_names or {}
    for problem in domain_errors(error):
        name = names.get(problem.field, problem.field) if problem.field else None
        if name is not None and name not in form.fields:
            name = None
        form.add_error(name, ValidationError(str(problem.message), code=problem.code))
