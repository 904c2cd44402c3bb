"""Mentorship: established artists offer programmes, emerging artists apply, the mentor accepts or
declines, and mentor and mentee keep a shared log of sessions and goals.

Every function is one transaction. Places are counted from accepted applications (including places an
open call granted, which arrive as accepted rows with ``source_call``); accepting locks the mentorship
row so that two accepts cannot both take the last place.

Re-applying: the model allows one application per artist and mentorship. A *withdrawn* application may
apply again: the same row goes back to pending with the new statement (the mentor sees it once more).
A *declined* one may not — the mentor has answered.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dala.accounts.models import ArtistProfile, CareerStage
from dala.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from dala.core.languages import LANGUAGES
from dala.core.slugs import unique_slug
from dala.core.translation import Translated, to_translated

from .. import errors
from ..models import ApplicationStatus, LogKind, Mentorship, MentorshipApplication, MentorshipLogEntry
from ..permissions import is_logged_in, require_artist, require_login
from ..signals import programmes_event

MIN_WEEKS, MAX_WEEKS = 1, 104
MIN_PLACES, MAX_PLACES = 1, 100
THEME_MAX = 300
TEXT_MAX = 5000

# The fields of a mentorship a mentor may set (create takes all, update any of them).
FIELDS = ("theme", "description", "length_weeks", "places", "languages", "starts_on", "apply_by")


def today() -> datetime.date:
    """Today in Almaty (the site's time zone): apply-by dates are calendar days there."""
    return timezone.localdate()


def _notify(action: str, *, actor_id: int | None, recipient_ids: list[int], subject: Mentorship, url: str) -> None:
    recipients = sorted({pk for pk in recipient_ids if pk != actor_id})
    if recipients:
        transaction.on_commit(lambda: programmes_event.send(
            sender=Mentorship, action=action, actor_id=actor_id, recipient_ids=recipients, subject=subject, url=url))


# Mentors --------------------------------------------------------------------------------------------


def is_mentor(user: Any, mentorship: Mentorship) -> bool:
    """Whether ``user`` is the artist who offers ``mentorship``."""
    return is_logged_in(user) and mentorship.mentor.user_id == user.pk


def require_established(user: Any) -> ArtistProfile:
    artist = require_artist(user)
    if artist.career_stage != CareerStage.ESTABLISHED:
        raise PermissionDenied(errors.NOT_ESTABLISHED,
                               _("Only established artists offer mentorships. Your profile says you are an "
                                 "emerging artist."))
    return artist


def _require_mentor(user: Any, mentorship: Mentorship) -> None:
    require_login(user)
    if not is_mentor(user, mentorship):
        raise PermissionDenied(errors.NOT_THE_MENTOR, _("Only the mentor may do this."))


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(errors.MENTORSHIP_INVALID, message, field=field)


def _clean_fields(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check and normalise the given fields; every problem at once (ValidationFailed)."""
    problems: list[DomainError] = []
    clean: dict[str, Any] = {}
    if creating:
        for name in ("theme", "length_weeks", "places", "languages"):
            if data.get(name) is None:
                problems.append(_invalid(name, _("This field is required.")))
    if data.get("theme") is not None:
        theme = to_translated(data["theme"])
        if not theme:
            problems.append(_invalid("theme", _("Give the theme in at least one language.")))
        elif any(len(text) > THEME_MAX for text in theme.values()):
            problems.append(_invalid("theme", _("The theme is at most %(limit)d characters.") % {"limit": THEME_MAX}))
        clean["theme"] = theme
    if "description" in data:
        description = to_translated(data["description"] or {})
        if any(len(text) > TEXT_MAX for text in description.values()):
            problems.append(_invalid("description",
                                     _("The description is at most %(limit)d characters.") % {"limit": TEXT_MAX}))
        clean["description"] = description
    if data.get("length_weeks") is not None:
        weeks = data["length_weeks"]
        if not isinstance(weeks, int) or not MIN_WEEKS <= weeks <= MAX_WEEKS:
            problems.append(_invalid("length_weeks", _("A mentorship lasts from %(min)d to %(max)d weeks.")
                                     % {"min": MIN_WEEKS, "max": MAX_WEEKS}))
        clean["length_weeks"] = weeks
    if data.get("places") is not None:
        places = data["places"]
        if not isinstance(places, int) or not MIN_PLACES <= places <= MAX_PLACES:
            problems.append(_invalid("places", _("Offer from %(min)d to %(max)d places.")
                                     % {"min": MIN_PLACES, "max": MAX_PLACES}))
        clean["places"] = places
    if data.get("languages") is not None:
        languages = list(data["languages"])
        if not languages or any(code not in LANGUAGES for code in languages):
            problems.append(_invalid("languages", _("Choose the languages you mentor in: Kazakh, Russian or "
                                                    "English (at least one).")))
        # Stored in the site's order, once each.
        clean["languages"] = [code for code in LANGUAGES if code in languages]
    if "starts_on" in data:
        clean["starts_on"] = data["starts_on"]
    if "apply_by" in data:
        apply_by = data["apply_by"]
        if apply_by is not None and apply_by < today():
            problems.append(DomainError(errors.APPLY_BY_IN_PAST, _("The last day to apply cannot be in the past."),
                                        field="apply_by"))
        clean["apply_by"] = apply_by
    if problems:
        raise ValidationFailed(problems)
    return clean


def create_mentorship(*, user: Any, theme: Translated | Mapping[str, str], length_weeks: int, places: int,
                      languages: list[str], description: Translated | Mapping[str, str] | None = None,
                      starts_on: datetime.date | None = None, apply_by: datetime.date | None = None,
                      is_open: bool = True) -> Mentorship:
    """An established artist offers a mentorship (open for applications unless ``is_open`` is False)."""
    mentor = require_established(user)
    clean = _clean_fields({"theme": theme, "description": description, "length_weeks": length_weeks,
                           "places": places, "languages": languages, "starts_on": starts_on,
                           "apply_by": apply_by}, creating=True)
    with transaction.atomic():
        slug = unique_slug(Mentorship.objects, clean["theme"].get_text("en") or str(clean["theme"]),
                           fallback="mentorship", max_length=120)
        return Mentorship.objects.create(mentor=mentor, slug=slug, is_open=is_open, **clean)


def update_mentorship(*, user: Any, mentorship: Mentorship, **changes: Any) -> Mentorship:
    """Change some of :data:`FIELDS` (those given). Places may not drop below the places already taken."""
    unknown = set(changes) - set(FIELDS) - {"is_open"}
    if unknown:
        raise TypeError(f"update_mentorship() got unexpected fields {sorted(unknown)}")
    _require_mentor(user, mentorship)
    require_established(user)
    is_open = changes.pop("is_open", None)
    clean = _clean_fields(changes, creating=False)
    with transaction.atomic():
        locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        if "places" in clean:
            taken = accepted_count(locked)
            if clean["places"] < taken:
                raise Conflict(errors.PLACES_BELOW_ACCEPTED,
                               _("%(taken)d places are already taken; offer at least that many.") % {"taken": taken},
                               field="places")
        for name, value in clean.items():
            setattr(locked, name, value)
        if is_open is not None:
            locked.is_open = bool(is_open)
        locked.save()
    return locked


def set_open(*, user: Any, mentorship: Mentorship, is_open: bool) -> Mentorship:
    """Open or close a mentorship for applications (pending applications stay to be decided)."""
    _require_mentor(user, mentorship)
    with transaction.atomic():
        Mentorship.objects.filter(pk=mentorship.pk).update(is_open=is_open, updated_at=timezone.now())
    mentorship.is_open = is_open
    return mentorship


def accepted_count(mentorship: Mentorship) -> int:
    """Places taken: accepted applications, those an open call granted included."""
    return mentorship.applications.filter(status=ApplicationStatus.ACCEPTED).count()


# Applicants -----------------------------------------------------------------------------------------


def why_cannot_apply(user: Any, mentorship: Mentorship) -> DomainError | None:
    """The refusal ``apply`` would give before looking at the statement, or None. Pages show it instead of
    the form; the API raises it."""
    if not is_logged_in(user):
        return PermissionDenied(errors.NOT_LOGGED_IN, _("Log in as an artist to apply."))
    try:
        artist = require_artist(user)
    except DomainError as error:
        return error
    if artist.pk == mentorship.mentor_id:
        return DomainError(errors.OWN_MENTORSHIP, _("You cannot apply to your own mentorship."))
    if artist.career_stage != CareerStage.EMERGING:
        return PermissionDenied(errors.NOT_EMERGING, _("Mentorships are for emerging artists; your profile says "
                                                       "you are established."))
    if not mentorship.is_open:
        return Conflict(errors.MENTORSHIP_CLOSED, _("This mentorship is not taking applications."))
    if mentorship.apply_by is not None and mentorship.apply_by < today():
        return Conflict(errors.APPLY_BY_PASSED, _("The last day to apply has passed."))
    existing = mentorship.applications.filter(applicant=artist).first()
    if existing is not None and existing.status == ApplicationStatus.DECLINED:
        return Conflict(errors.APPLICATION_DECLINED, _("The mentor has declined your application."))
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        return Conflict(errors.ALREADY_APPLIED, _("You have already applied to this mentorship."))
    return None


def apply(*, user: Any, mentorship: Mentorship, statement: str) -> MentorshipApplication:
    """An emerging artist applies with a statement; the mentor hears of it once this commits."""
    statement = (statement or "").strip()
    with transaction.atomic():
        # Locked so that closing, or a second request of the same artist, is seen before we write.
        mentorship = Mentorship.objects.select_for_update().select_related("mentor").get(pk=mentorship.pk)
        refusal = why_cannot_apply(user, mentorship)
        if refusal is not None:
            raise refusal
        if not statement:
            raise DomainError(errors.MENTORSHIP_INVALID, _("Tell the mentor why you want this mentorship."),
                              field="statement")
        if len(statement) > TEXT_MAX:
            raise DomainError(errors.MENTORSHIP_INVALID, _("The statement is at most %(limit)d characters.")
                              % {"limit": TEXT_MAX}, field="statement")
        artist = user.artist_profile
        application, created = MentorshipApplication.objects.get_or_create(
            mentorship=mentorship, applicant=artist, defaults={"statement": statement})
        if not created:  # a withdrawn application, applying again
            application.statement = statement
            application.status = ApplicationStatus.PENDING
            application.decided_at = None
            application.save(update_fields=["statement", "status", "decided_at", "updated_at"])
        _notify("mentorship.applied", actor_id=user.pk, recipient_ids=[mentorship.mentor.user_id],
                subject=mentorship, url=reverse("programmes:mentorship_applications", kwargs={"slug": mentorship.slug}))
    return application


def _application_for_update(application_id: int) -> MentorshipApplication:
    application = (MentorshipApplication.objects.select_for_update()
                   .select_related("mentorship__mentor", "applicant").filter(pk=application_id).first())
    if application is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such application."))
    return application


def withdraw(*, user: Any, application_id: int) -> MentorshipApplication:
    """The applicant withdraws a pending application (they may apply again while the mentorship is open)."""
    require_login(user)
    with transaction.atomic():
        application = _application_for_update(application_id)
        if application.applicant.user_id != user.pk:
            raise NotFound(errors.NOT_FOUND, _("There is no such application."))
        if application.status != ApplicationStatus.PENDING:
            raise Conflict(errors.APPLICATION_NOT_PENDING, _("Only a pending application can be withdrawn."))
        application.status = ApplicationStatus.WITHDRAWN
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at", "updated_at"])
    return application


def _decide(*, user: Any, application_id: int, mentorship: Mentorship | None) -> MentorshipApplication:
    require_login(user)
    application = _application_for_update(application_id)
    if mentorship is not None and application.mentorship_id != mentorship.pk:
        raise NotFound(errors.NOT_FOUND, _("There is no such application."))
    if not is_mentor(user, application.mentorship):
        raise PermissionDenied(errors.NOT_THE_MENTOR, _("Only the mentor may decide on applications."))
    if application.status != ApplicationStatus.PENDING:
        raise Conflict(errors.APPLICATION_NOT_PENDING, _("This application is already decided or withdrawn."))
    return application


def accept(*, user: Any, application_id: int, mentorship: Mentorship | None = None) -> MentorshipApplication:
    """The mentor accepts a pending application, if a place is left. ``mentorship``, when given, must be
    the application's (the URL named it)."""
    with transaction.atomic():
        application = _decide(user=user, application_id=application_id, mentorship=mentorship)
        # The mentorship row is the lock for its places: two accepts queue here and the second counts
        # the first one's place.
        locked = Mentorship.objects.select_for_update().get(pk=application.mentorship_id)
        if accepted_count(locked) >= locked.places:
            raise Conflict(errors.MENTORSHIP_FULL, _("Every place of this mentorship is taken. Offer more places "
                                                     "first, or decline."))
        application.status = ApplicationStatus.ACCEPTED
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at", "updated_at"])
        _notify("mentorship.accepted", actor_id=user.pk, recipient_ids=[application.applicant.user_id],
                subject=application.mentorship,
                url=reverse("programmes:mentorship_log", kwargs={"pk": application.pk}))
    return application


def decline(*, user: Any, application_id: int, mentorship: Mentorship | None = None) -> MentorshipApplication:
    with transaction.atomic():
        application = _decide(user=user, application_id=application_id, mentorship=mentorship)
        application.status = ApplicationStatus.DECLINED
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_at", "updated_at"])
        _notify("mentorship.declined", actor_id=user.pk, recipient_ids=[application.applicant.user_id],
                subject=application.mentorship, url=application.mentorship.get_absolute_url())
    return application


# The shared log -------------------------------------------------------------------------------------


def is_participant(user: Any, application: MentorshipApplication) -> bool:
    """Mentor or mentee of an accepted place: the only people who see and write its log."""
    return (is_logged_in(user) and application.status == ApplicationStatus.ACCEPTED
            and user.pk in (application.mentorship.mentor.user_id, application.applicant.user_id))


def participant_application(*, user: Any, application_id: int) -> MentorshipApplication:
    """The accepted application ``user`` takes part in; anyone else gets NotFound (the log is private)."""
    application = (MentorshipApplication.objects.select_related("mentorship__mentor__user", "applicant__user",
                                                                "mentorship__mentor__city", "applicant__city")
                   .filter(pk=application_id).first())
    if application is None or not is_participant(user, application):
        raise NotFound(errors.NOT_A_PARTICIPANT, _("There is no such mentorship log."))
    return application


def add_log_entry(*, user: Any, application_id: int, kind: str, happened_on: datetime.date | None,
                  text: str) -> MentorshipLogEntry:
    """Mentor or mentee writes a session held or a goal set into their shared log."""
    application = participant_application(user=user, application_id=application_id)
    text = (text or "").strip()
    problems: list[DomainError] = []
    if kind not in LogKind.values:
        problems.append(DomainError(errors.LOG_ENTRY_INVALID, _("Choose a session or a goal."), field="kind"))
    if happened_on is None:
        problems.append(DomainError(errors.LOG_ENTRY_INVALID, _("Give the date."), field="happened_on"))
    if not text:
        problems.append(DomainError(errors.LOG_ENTRY_INVALID, _("Write what happened or what the goal is."),
                                    field="text"))
    elif len(text) > TEXT_MAX:
        problems.append(DomainError(errors.LOG_ENTRY_INVALID, _("At most %(limit)d characters.")
                                    % {"limit": TEXT_MAX}, field="text"))
    if problems or happened_on is None:
        raise ValidationFailed(problems)
    with transaction.atomic():
        return MentorshipLogEntry.objects.create(application=application, author=user, kind=kind,
                                                 happened_on=happened_on, text=text)


def _entry(user: Any, application_id: int, entry_id: int) -> MentorshipLogEntry:
    application = participant_application(user=user, application_id=application_id)
    entry = MentorshipLogEntry.objects.select_for_update().filter(pk=entry_id, application=application).first()
    if entry is None:
        raise NotFound(errors.NOT_FOUND, _("There is no such log entry."))
    entry.application = application
    return entry


def set_goal_done(*, user: Any, application_id: int, entry_id: int, done: bool) -> MentorshipLogEntry:
    """Tick a goal done (or not): either participant may, the log is shared."""
    with transaction.atomic():
        entry = _entry(user, application_id, entry_id)
        if entry.kind != LogKind.GOAL:
            raise DomainError(errors.NOT_A_GOAL, _("Only goals are ticked done."), field="done")
        entry.done = done
        entry.save(update_fields=["done"])
    return entry


def delete_log_entry(*, user: Any, application_id: int, entry_id: int) -> None:
    """The author deletes their own entry; the other participant's entries are theirs to keep."""
    with transaction.atomic():
        entry = _entry(user, application_id, entry_id)
        if entry.author_id != user.pk:
            raise PermissionDenied(errors.NOT_YOUR_ENTRY, _("You can delete only entries you wrote."))
        entry.delete()
