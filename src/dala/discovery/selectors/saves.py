"""Reads of saved works and saved searches: a user's list (shaped so a page's query count does not grow
with its length), who may see it, the save button's state, and a saved search told in words."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from dala.accounts.models import CareerStage, City
from dala.accounts.places import COUNTRIES
from dala.catalog.models import ArtworkImage, Availability, Medium, Subject
from dala.core.colours import COLOURS_BY_SLUG
from dala.social.selectors import settings_of

from ..models import SavedSearch, SavedWork


def saved_works_of(owner: Any, *, include_unavailable: bool = False) -> QuerySet[SavedWork]:
    """``owner``'s saved works, newest save first, each with what its card shows (artist, city, medium,
    primary image) in a fixed number of queries. Works no longer public are left out unless
    ``include_unavailable`` (the owner's own list, which marks them)."""
    queryset = SavedWork.objects.filter(user_id=owner.pk)
    if not include_unavailable:
        queryset = queryset.filter(artwork__is_listed__in=[True])
    return (queryset.select_related("artwork", "artwork__artist", "artwork__artist__city", "artwork__medium")
            .prefetch_related(Prefetch("artwork__images", queryset=ArtworkImage.objects.filter(is_primary=True),
                                       to_attr="primary_images"))
            .order_by("-created_at", "-id"))


def can_see_saves_of(owner: Any, viewer: Any) -> bool:
    """A collector's saves are private unless they made them public; they and staff always see them."""
    if viewer is not None and viewer.is_authenticated and (viewer.pk == owner.pk or viewer.is_staff):
        return True
    return settings_of(owner).saves_public


def is_saved(user: Any, artwork_id: int) -> bool:
    """Whether ``user`` saved the work (False for anonymous visitors, with no query)."""
    if user is None or not user.is_authenticated:
        return False
    return SavedWork.objects.filter(user_id=user.pk, artwork_id=artwork_id).exists()


def saved_artwork_ids(user: Any, artwork_ids: list[int]) -> set[int]:
    """Which of ``artwork_ids`` ``user`` saved, in one query (for a list of cards)."""
    if user is None or not user.is_authenticated or not artwork_ids:
        return set()
    return set(SavedWork.objects.filter(user_id=user.pk, artwork_id__in=artwork_ids)
               .values_list("artwork_id", flat=True))


def searches_of(user: Any) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def browse_url(params: dict[str, str]) -> str:
    """The browse page showing a saved search's works (in the active language)."""
    url = reverse("catalog:browse")
    return f"{url}?{urlencode(params)}" if params else url


class Vocabulary:
    """The labels a summary needs, read once for a whole list (three small tables)."""

    def __init__(self) -> None:
        self.media = {m.slug: str(m.label) for m in Medium.objects.all()}
        self.subjects = {s.slug: str(s.label) for s in Subject.objects.all()}
        self.cities = {c.slug: str(c.name) for c in City.objects.all()}


def describe_filters(params: dict[str, str], vocabulary: Vocabulary | None = None) -> str:
    """A saved search in words, in the active language: "Oil · Steppe · Kazakhstan · 2000–2024"."""
    vocabulary = vocabulary or Vocabulary()
    parts: list[str] = []
    if params.get("medium"):
        parts.append(vocabulary.media.get(params["medium"], params["medium"]))
    if params.get("subject"):
        parts.append(vocabulary.subjects.get(params["subject"], params["subject"]))
    if params.get("country"):
        parts.append(str(dict(COUNTRIES).get(params["country"], params["country"])))
    if params.get("city"):
        parts.append(vocabulary.cities.get(params["city"], params["city"]))
    if params.get("availability") in Availability.values:
        parts.append(str(Availability(params["availability"]).label))
    if params.get("career_stage") in CareerStage.values:
        parts.append(str(CareerStage(params["career_stage"]).label))
    if params.get("emerging"):
        parts.append(_("emerging artists"))
    if params.get("colour"):
        names = [str(COLOURS_BY_SLUG[slug].name) if slug in COLOURS_BY_SLUG else slug
                 for slug in params["colour"].split(",")]
        parts.append(" + ".join(names))
    currency = params.get("currency", "KZT")
    low, high = params.get("price_min"), params.get("price_max")
    if low and high:
        parts.append(_("%(low)s–%(high)s %(currency)s") % {"low": low, "high": high, "currency": currency})
    elif low:
        parts.append(_("from %(low)s %(currency)s") % {"low": low, "currency": currency})
    elif high:
        parts.append(_("up to %(high)s %(currency)s") % {"high": high, "currency": currency})
    low, high = params.get("year_min"), params.get("year_max")
    if low and high:
        parts.append(f"{low}–{high}")
    elif low:
        parts.append(_("made in %(year)s or later") % {"year": low})
    elif high:
        parts.append(_("made in %(year)s or earlier") % {"year": high})
    return " · ".join(parts) or _("All artworks")
