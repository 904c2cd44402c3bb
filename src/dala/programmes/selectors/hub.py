"""What the "My programmes" page counts: one query for all of a user's programme roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from dala.accounts.models import User

from ..models import ApplicationStatus, EntryStatus, JurorStatus


@dataclass(frozen=True, slots=True)
class ProgrammeCounts:
    exhibitions: int
    calls: int
    entries: int
    jury_invitations: int
    jury_seats: int
    mentorships: int
    applications: int
    mentees: int


def programme_counts(user: Any) -> ProgrammeCounts:
    """How many exhibitions and calls ``user`` organises, entries they made, jury seats (pending
    invitations apart), mentorships they offer, applications they made and mentees they accepted."""
    row = User.objects.filter(pk=user.pk).aggregate(
        exhibitions=Count("exhibitions", distinct=True),
        calls=Count("open_calls", distinct=True),
        entries=Count("artist_profile__call_entries", distinct=True,
                      filter=~Q(artist_profile__call_entries__status=EntryStatus.WITHDRAWN)),
        jury_invitations=Count("jury_seats", distinct=True, filter=Q(jury_seats__status=JurorStatus.INVITED)),
        jury_seats=Count("jury_seats", distinct=True, filter=Q(jury_seats__status=JurorStatus.ACCEPTED)),
        mentorships=Count("artist_profile__mentorships", distinct=True),
        applications=Count("artist_profile__mentorship_applications", distinct=True),
        mentees=Count("artist_profile__mentorships__applications", distinct=True,
                      filter=Q(artist_profile__mentorships__applications__status=ApplicationStatus.ACCEPTED)),
    )
    return ProgrammeCounts(**{name: int(value or 0) for name, value in row.items()})
