"""Reads of mentorship: the open list, a mentorship's page, applications (mine, and a mentor's), the
shared log. Each returns rows shaped for its page in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from dala.accounts.models import ArtistProfile
from dala.core.errors import NotFound
from dala.core.languages import LANGUAGES

from .. import errors
from ..models import ApplicationStatus, Mentorship, MentorshipApplication, MentorshipLogEntry
from ..services.mentorship import participant_application, today

LANGUAGE_NAMES = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


def language_names(codes: list[str]) -> list[str]:
    """The languages of a mentorship in words, in the request's language."""
    return [str(LANGUAGE_NAMES[code]) for code in LANGUAGES if code in (codes or [])]


def places_left(mentorship: Mentorship) -> int:
    """Needs ``accepted`` (annotated by the selectors here)."""
    return max(0, mentorship.places - int(getattr(mentorship, "accepted", 0)))


def _with_counts(queryset: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    return queryset.select_related("mentor", "mentor__city", "mentor__user").annotate(
        accepted=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED), distinct=True),
        pending=Count("applications", filter=Q(applications__status=ApplicationStatus.PENDING), distinct=True),
    )


def open_mentorships(*, language: str = "", city: str = "") -> QuerySet[Mentorship]:
    """Mentorships taking applications (open, apply-by not passed, mentor public), newest first.
    ``language`` is a code (kk/ru/en), ``city`` the slug of the mentor's city; unknown values match none."""
    rows = (Mentorship.objects.filter(is_open=True, mentor__is_public=True)
            .filter(Q(apply_by__isnull=True) | Q(apply_by__gte=today())))
    if language:
        # JSON containment is not on SQLite: the list is small and stored in the site's order, so the
        # code's quoted form is matched in the text.
        rows = rows.filter(languages__icontains=f'"{language}"') if language in LANGUAGES else rows.none()
    if city:
        rows = rows.filter(mentor__city__slug=city)
    return _with_counts(rows).order_by("-created_at", "-id")


def mentorship_for_page(slug: str, viewer: Any = None) -> Mentorship:
    """A mentorship, open or not, with ``accepted``; a hidden mentor's is found only by its mentor."""
    mentorship = _with_counts(Mentorship.objects.filter(slug=slug)).first()
    if mentorship is None or (not mentorship.mentor.is_public
                              and getattr(viewer, "pk", None) != mentorship.mentor.user_id):
        raise NotFound(errors.MENTORSHIP_NOT_FOUND, _("There is no such mentorship."))
    return mentorship


def mentorships_of_mentor(artist: ArtistProfile) -> QuerySet[Mentorship]:
    """A mentor's own mentorships (studio), with ``accepted`` and ``pending`` counts."""
    return _with_counts(Mentorship.objects.filter(mentor=artist)).order_by("-created_at", "-id")


def own_mentorship(artist: ArtistProfile, slug: str) -> Mentorship:
    mentorship = mentorships_of_mentor(artist).filter(slug=slug).first()
    if mentorship is None:
        raise NotFound(errors.MENTORSHIP_NOT_FOUND, _("There is no such mentorship."))
    return mentorship


def my_applications(artist: ArtistProfile) -> QuerySet[MentorshipApplication]:
    """An artist's applications with their mentorships, newest first."""
    return (MentorshipApplication.objects.filter(applicant=artist)
            .select_related("mentorship", "mentorship__mentor", "source_call")
            .order_by("-created_at", "-id"))


def applications_of(mentorship: Mentorship, *, status: str = "") -> QuerySet[MentorshipApplication]:
    """A mentorship's applications for its mentor: pending first, then accepted, declined, withdrawn."""
    rows = (MentorshipApplication.objects.filter(mentorship=mentorship)
            .select_related("applicant", "applicant__city", "source_call"))
    if status:
        rows = rows.filter(status=status) if status in ApplicationStatus.values else rows.none()
    return rows.order_by("created_at", "id")


@dataclass
class Log:
    application: MentorshipApplication
    entries: list[MentorshipLogEntry]

    @property
    def sessions(self) -> list[MentorshipLogEntry]:
        return [entry for entry in self.entries if entry.kind == "session"]

    @property
    def goals(self) -> list[MentorshipLogEntry]:
        return [entry for entry in self.entries if entry.kind == "goal"]


def log_for(*, user: Any, application_id: int) -> Log:
    """The shared log of an accepted place; NotFound for anyone but mentor and mentee. Two queries."""
    application = participant_application(user=user, application_id=application_id)
    entries = list(MentorshipLogEntry.objects.filter(application=application).select_related("author")
                   .order_by("happened_on", "id"))
    return Log(application=application, entries=entries)


@dataclass
class ArtistMentorships:
    offered: list[Mentorship]
    mentored_count: int


def offered_by(artist: ArtistProfile) -> ArtistMentorships:
    """For the artist page: the mentorships the artist offers that take applications, and how many
    artists they have taken on (accepted places, however granted)."""
    # One query (the artist page pays one per panel): all the artist's mentorships, each row carrying the
    # artist's mentee count over all of them; the open ones are picked here as open_mentorships() would.
    mentored = Subquery(
        MentorshipApplication.objects.filter(mentorship__mentor=artist, status=ApplicationStatus.ACCEPTED)
        .order_by().values("mentorship__mentor").annotate(n=Count("applicant", distinct=True)).values("n")[:1])
    rows = list(_with_counts(Mentorship.objects.filter(mentor=artist)).annotate(mentored=mentored)
                .order_by("-created_at", "-id"))
    on = today()
    offered = [row for row in rows if row.is_open and artist.is_public
               and (row.apply_by is None or row.apply_by >= on)]
    mentees = int(getattr(rows[0], "mentored", 0) or 0) if rows else 0
    return ArtistMentorships(offered=list(offered), mentored_count=mentees)
