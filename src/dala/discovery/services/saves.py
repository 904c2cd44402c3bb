"""Saved works and saved searches: keeping them, and telling a search's owner of each new public work that
matches it (once per search and work, see ``alert_saved_searches``)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dala.catalog.models import Artwork
from dala.catalog.selectors import BrowseFilters
from dala.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from dala.social.services import notify

from .. import errors
from ..models import SavedSearch, SavedWork, SearchAlert
from ..selectors.saves import describe_filters

logger = logging.getLogger("dala.discovery")

NAME_MAX_LENGTH = SavedSearch._meta.get_field("name").max_length or 120
SEARCH_MATCHED = "search.matched"


def max_saved_searches() -> int:
    return int(getattr(settings, "DALA_MAX_SAVED_SEARCHES", 50))


# --- saved works -----------------------------------------------------------------------------------------

def save_work(*, user: Any, artwork_id: int) -> tuple[SavedWork, bool]:
    """``user`` saves a public work; saving it again changes nothing. Returns the save and whether it is new.
    A work that is not public (a draft, deleted, by a hidden artist, or no such id) is NotFound."""
    if not Artwork.objects.listed().filter(pk=artwork_id).exists():
        raise NotFound(errors.SAVED_WORK_NOT_PUBLIC, _("Only public works can be saved."), field="artwork_id")
    try:
        with transaction.atomic():
            return SavedWork.objects.get_or_create(user_id=user.pk, artwork_id=artwork_id)
    except IntegrityError:  # a concurrent save of the same work won the race
        return SavedWork.objects.get(user_id=user.pk, artwork_id=artwork_id), False


def unsave_work(*, user: Any, artwork_id: int) -> bool:
    """``user`` removes a work from their list (public or not any more); removing what is not there
    changes nothing. Returns whether a save was removed."""
    deleted, _rows = SavedWork.objects.filter(user_id=user.pk, artwork_id=artwork_id).delete()
    return bool(deleted)


# --- saved searches --------------------------------------------------------------------------------------

def normalise_params(params: Mapping[str, Any]) -> dict[str, str]:
    """The browse filters in ``params`` as the browse page reads them (``BrowseFilters.as_params``).
    A filter it does not understand is a ValidationFailed (422) naming each; no filter at all, a
    DomainError (a saved search of everything would match every new work)."""
    filters = BrowseFilters.from_params(params)
    if filters.problems:
        raise ValidationFailed(list(filters.problems))
    normal = filters.as_params()
    if not normal:
        raise DomainError(errors.SEARCH_EMPTY, _("Choose at least one filter before saving a search."),
                          field="params")
    return normal


def _clean_name(name: str | None, params: dict[str, str]) -> str:
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        cleaned = describe_filters(params)
    return cleaned[:NAME_MAX_LENGTH]


def _name_taken(user: Any, name: str, *, exclude_id: int | None = None) -> bool:
    queryset = SavedSearch.objects.filter(user_id=user.pk, name=name)
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    return queryset.exists()


def _refuse_taken_name() -> Conflict:
    return Conflict(errors.SEARCH_NAME_TAKEN, _("You already have a saved search with this name."), field="name")


def save_search(*, user: Any, params: Mapping[str, Any], name: str | None = None,
                alerts: bool = True) -> SavedSearch:
    """Keep ``user``'s browse filters under ``name`` (a summary of the filters when blank). Bad filters
    are refused (422), as are a name the user already uses (409) and more than DALA_MAX_SAVED_SEARCHES."""
    normal = normalise_params(params)
    cleaned = _clean_name(name, normal)
    with transaction.atomic():
        if SavedSearch.objects.filter(user_id=user.pk).count() >= max_saved_searches():
            raise DomainError(errors.SEARCH_LIMIT,
                              _("You have saved as many searches as you may (%(limit)s). Delete one first.")
                              % {"limit": max_saved_searches()})
        if _name_taken(user, cleaned):
            raise _refuse_taken_name()
        try:
            with transaction.atomic():
                return SavedSearch.objects.create(user_id=user.pk, name=cleaned, params=normal, alerts=alerts)
        except IntegrityError:  # the same name saved concurrently
            raise _refuse_taken_name() from None


def _own_search(user: Any, search_id: int) -> SavedSearch:
    search = SavedSearch.objects.filter(pk=search_id, user_id=user.pk).first()
    if search is None:
        raise NotFound(errors.SEARCH_NOT_FOUND, _("You have no saved search with this id."), field="id")
    return search


def update_search(*, user: Any, search_id: int, name: str | None = None, alerts: bool | None = None) -> SavedSearch:
    """Rename one of ``user``'s saved searches or turn its alerts on or off (None leaves it as it was).
    Someone else's search is NotFound, as if it did not exist."""
    search = _own_search(user, search_id)
    fields: list[str] = []
    if name is not None:
        cleaned = " ".join(name.split())[:NAME_MAX_LENGTH]
        if not cleaned:
            raise DomainError(errors.SEARCH_NAME_REQUIRED, _("Give the search a name."), field="name")
        if cleaned != search.name:
            if _name_taken(user, cleaned, exclude_id=search.pk):
                raise _refuse_taken_name()
            search.name = cleaned
            fields.append("name")
    if alerts is not None and alerts != search.alerts:
        search.alerts = alerts
        fields.append("alerts")
    if fields:
        try:
            with transaction.atomic():
                search.save(update_fields=fields)
        except IntegrityError:
            raise _refuse_taken_name() from None
    return search


def delete_search(*, user: Any, search_id: int) -> None:
    """Delete one of ``user``'s saved searches (and the record of its alerts)."""
    _own_search(user, search_id).delete()


# --- alerts ----------------------------------------------------------------------------------------------

ALERT_BATCH = 500


def _candidate_searches(artwork: Artwork) -> Any:
    """Alerting searches that may match ``artwork``: a cheap SQL pre-filter on the stored filters that
    need no join (medium, availability, the artist's country and career stage), each search either
    without the filter or with the work's value; the exact test is ``BrowseFilters.apply`` after."""
    artist = artwork.artist
    loose = {"medium": artwork.medium.slug, "availability": artwork.availability, "country": artist.country,
             "career_stage": artist.career_stage}
    queryset = (SavedSearch.objects.filter(alerts=True, user__is_active=True)
                .exclude(user_id=artist.user_id)
                .exclude(alerts_sent__artwork_id=artwork.pk))
    for key, value in loose.items():
        absent = Q(**{f"params__{key}__isnull": True})
        queryset = queryset.filter(absent | Q(**{f"params__{key}": value}) if value else absent)
    return queryset.only("pk", "user_id", "params").order_by("pk")


def _matches(params: dict[str, Any], artwork_id: int) -> bool:
    filters = BrowseFilters.from_params(params)
    if filters.problems:  # saved before a vocabulary changed; never matches rather than matching too much
        return False
    return filters.apply(Artwork.objects.listed().filter(pk=artwork_id)).exists()


def alert_saved_searches(*, artwork_id: int) -> int:
    """A work has become public: each saved search with alerts on that matches it is recorded
    (SearchAlert, once per search and work, so a work unlisted and listed again is not news twice) and
    its owner notified, once per owner even when several of their searches match. Never the work's own
    artist. Returns how many owners were notified. Runs in a task.

    Cost: one pre-filtered pass over the alerting searches (``iterator``, in batches), and one small
    query per *distinct* set of filters among them (identical filters are tested once)."""
    artwork = Artwork.objects.listed().select_related("artist", "medium").filter(pk=artwork_id).first()
    if artwork is None or not artwork.artist.is_public:
        return 0
    url = artwork.get_absolute_url()
    verdicts: dict[str, bool] = {}
    notified: set[int] = set()
    batch: list[SavedSearch] = []

    def flush() -> None:
        notified.update(_record_and_notify(batch, artwork, url, already=notified))
        batch.clear()

    for search in _candidate_searches(artwork).iterator(chunk_size=ALERT_BATCH):
        key = json.dumps(search.params, sort_keys=True)
        if key not in verdicts:
            verdicts[key] = _matches(search.params, artwork.pk)
        if verdicts[key]:
            batch.append(search)
            if len(batch) >= ALERT_BATCH:
                flush()
    if batch:
        flush()
    return len(notified)


def _record_and_notify(searches: list[SavedSearch], artwork: Artwork, url: str, *, already: set[int]) -> set[int]:
    """Record the alerts of ``searches`` for ``artwork`` and notify their owners not yet notified, in one
    transaction (a failed notification leaves no alert behind, so a retry sends it); a search alerted by a
    concurrent run is skipped. Returns the owners notified now."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SearchAlert.objects.bulk_create([SearchAlert(search_id=s.pk, artwork_id=artwork.pk)
                                                 for s in searches])
            fresh = list(searches)
        except IntegrityError:
            fresh = []
            for search in searches:
                try:
                    with transaction.atomic():
                        _alert, created = SearchAlert.objects.get_or_create(search_id=search.pk,
                                                                            artwork_id=artwork.pk)
                except IntegrityError:
                    created = False
                if created:
                    fresh.append(search)
        owners = sorted({s.user_id for s in fresh} - already)
        if owners:
            notify(recipient_ids=owners, actor_id=artwork.artist.user_id, action=SEARCH_MATCHED, subject=artwork,
                   url=url)
    return set(owners)
