"""``{% mentorships_of_artist artist as offer %}``: the artist page's mentorship panel (the mentorships
the artist offers that take applications, and how many artists they have mentored)."""

from __future__ import annotations

from django import template

from dala.accounts.models import ArtistProfile

from ..selectors.mentorship import ArtistMentorships, language_names, offered_by, places_left

register = template.Library()


@register.simple_tag
def mentorships_of_artist(artist: ArtistProfile | None) -> ArtistMentorships | None:
    if artist is None or not getattr(artist, "pk", None):
        return None
    offer = offered_by(artist)
    for mentorship in offer.offered:
        # Shaped here so the panel's template needs no call with arguments.
        mentorship.places_left_now = places_left(mentorship)  # type: ignore[attr-defined]
        mentorship.language_words = language_names(mentorship.languages)  # type: ignore[attr-defined]
    return offer
