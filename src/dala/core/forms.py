"""Showing domain errors on forms: a service's :class:`DomainError` lands next to the input at fault;
and the staff admin's add forms that check a service's rules before saving."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

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


class _DryRun(Exception):
    pass


class ServiceAddForm(forms.ModelForm):
    """A staff admin add form whose row is made by a service (the admin's ``save_model`` calls it for
    real): ``clean`` runs the same service in a savepoint that is always rolled back, so the service's
    refusals show on the form. ``ERROR_FIELDS`` maps a service's field name to the form's."""

    ERROR_FIELDS: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user: Any = None  # the staff user, where the admin sets it

    def run_service(self, data: dict[str, Any]) -> object:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if self.errors:
            return data
        try:
            with transaction.atomic():
                self.run_service(data)
                raise _DryRun
        except _DryRun:
            pass
        except DomainError as error:
            field = self.ERROR_FIELDS.get(error.field or "", error.field)
            self.add_error(field if field in self.fields else None, str(error.message))
        return data
