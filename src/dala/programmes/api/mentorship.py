"""The mentorship API: open mentorships (public), applying and withdrawing, a mentor's studio (offer,
edit, decide on applications) and the shared log of an accepted place (mentor and mentee only; others
404). Routers parse, call a selector or service and shape the answer."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dala.accounts.api import TokenAuth, current_user
from dala.catalog.schemas import ArtistSummaryOut, TranslatedOut

from ..models import Mentorship, MentorshipApplication, MentorshipLogEntry
from ..permissions import require_artist
from ..selectors import mentorship as selectors
from ..services import mentorship as services

router = Router(tags=["mentorships"])

Language = Literal["kk", "ru", "en"]


class MentorshipOut(Schema):
    slug: str
    mentor: ArtistSummaryOut
    theme: TranslatedOut
    theme_display: str = Field(..., description="In the request's language (fallback kk → ru → en).")
    description: TranslatedOut
    description_display: str
    length_weeks: int
    places: int
    places_left: int = Field(..., description="Places minus accepted applications (open-call places included).")
    languages: list[str] = Field(..., description="Language codes the mentor works in (kk, ru, en).")
    languages_display: list[str] = Field(..., description="The languages in words, in the request's language.")
    starts_on: datetime.date | None
    apply_by: datetime.date | None
    is_open: bool
    web_url: str

    @classmethod
    def build(cls, mentorship: Mentorship, request: HttpRequest) -> MentorshipOut:
        return cls(slug=mentorship.slug, mentor=ArtistSummaryOut.build(mentorship.mentor),
                   theme=TranslatedOut.build(mentorship.theme), theme_display=mentorship.theme.get_text(),
                   description=TranslatedOut.build(mentorship.description),
                   description_display=mentorship.description.get_text(), length_weeks=mentorship.length_weeks,
                   places=mentorship.places, places_left=selectors.places_left(mentorship),
                   languages=list(mentorship.languages),
                   languages_display=selectors.language_names(mentorship.languages),
                   starts_on=mentorship.starts_on, apply_by=mentorship.apply_by, is_open=mentorship.is_open,
                   web_url=request.build_absolute_uri(mentorship.get_absolute_url()))


class StudioMentorshipOut(MentorshipOut):
    pending: int = Field(..., description="Applications waiting for a decision.")

    @classmethod
    def build_studio(cls, mentorship: Mentorship, request: HttpRequest) -> StudioMentorshipOut:
        return cls(**MentorshipOut.build(mentorship, request).model_dump(),
                   pending=int(getattr(mentorship, "pending", 0)))


class MentorshipListQuery(Schema):
    language: Language | None = Field(None, description="Only mentorships in this language.")
    city: str = Field("", max_length=100, description="The slug of the mentor's city.")


class ApplicationIn(Schema):
    statement: str = Field(..., max_length=5000, description="Why this mentorship (required).")


class ApplicationOut(Schema):
    id: int
    mentorship_slug: str
    applicant: ArtistSummaryOut
    statement: str
    status: str = Field(..., description="pending, accepted, declined or withdrawn.")
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    source_call_slug: str | None = Field(..., description="The open call that granted this place, if one did.")

    @classmethod
    def build(cls, application: MentorshipApplication) -> ApplicationOut:
        call = application.source_call
        return cls(id=application.pk, mentorship_slug=application.mentorship.slug,
                   applicant=ArtistSummaryOut.build(application.applicant), statement=application.statement,
                   status=application.status, created_at=application.created_at, decided_at=application.decided_at,
                   source_call_slug=call.slug if call else None)


class MentorshipIn(Schema):
    theme: dict[Language, str] = Field(..., description="At least one language.")
    description: dict[Language, str] = Field(default_factory=dict)
    length_weeks: int = Field(..., description="1 to 104.")
    places: int = Field(..., description="1 to 100.")
    languages: list[Language] = Field(..., description="At least one of kk, ru, en.")
    starts_on: datetime.date | None = None
    apply_by: datetime.date | None = Field(None, description="Not in the past; null: until closed.")
    is_open: bool = True


class MentorshipPatch(Schema):
    theme: dict[Language, str] | None = None
    description: dict[Language, str] | None = None
    length_weeks: int | None = None
    places: int | None = Field(None, description="Not below the places already taken (409 places_below_accepted).")
    languages: list[Language] | None = None
    starts_on: datetime.date | None = None
    apply_by: datetime.date | None = None
    is_open: bool | None = Field(None, description="Open or close for applications.")


class ApplicationStatusQuery(Schema):
    status: Literal["pending", "accepted", "declined", "withdrawn"] | None = None


class LogEntryOut(Schema):
    id: int
    kind: str = Field(..., description="session or goal.")
    happened_on: datetime.date
    text: str
    done: bool = Field(..., description="For goals: ticked done.")
    author_id: int
    author_name: str
    mine: bool

    @classmethod
    def build(cls, entry: MentorshipLogEntry, user: Any) -> LogEntryOut:
        return cls(id=entry.pk, kind=entry.kind, happened_on=entry.happened_on, text=entry.text, done=entry.done,
                   author_id=entry.author_id, author_name=entry.author.display_name, mine=entry.author_id == user.pk)


class LogOut(Schema):
    application_id: int
    mentorship_slug: str
    theme_display: str
    mentor: ArtistSummaryOut
    mentee: ArtistSummaryOut
    entries: list[LogEntryOut]


class LogEntryIn(Schema):
    kind: Literal["session", "goal"]
    happened_on: datetime.date
    text: str = Field(..., max_length=5000)


class LogEntryPatch(Schema):
    done: bool = Field(..., description="Tick a goal done or not done (either participant).")


# Public ---------------------------------------------------------------------------------------------


@router.get("/mentorships", response=list[MentorshipOut], summary="List open mentorships")
def list_mentorships(request: HttpRequest, query: Query[MentorshipListQuery]) -> list[MentorshipOut]:
    """Mentorships taking applications, newest first (at most 200)."""
    rows = selectors.open_mentorships(language=query.language or "", city=query.city)[:200]
    return [MentorshipOut.build(m, request) for m in rows]


@router.get("/mentorships/{slug}", response=MentorshipOut, summary="Get a mentorship")
def get_mentorship(request: HttpRequest, slug: str) -> MentorshipOut:
    """Open or closed; 404 ``mentorship_not_found`` if none (or its mentor's profile is hidden)."""
    return MentorshipOut.build(selectors.mentorship_for_page(slug), request)


@router.post("/mentorships/{slug}/applications", response={201: ApplicationOut}, auth=TokenAuth(),
             summary="Apply to a mentorship")
def apply(request: HttpRequest, slug: str, payload: ApplicationIn) -> tuple[int, ApplicationOut]:
    """Emerging artists only (403 ``not_emerging``); not to one's own (400 ``own_mentorship``); 409
    ``mentorship_closed`` / ``apply_by_passed`` / ``already_applied`` / ``application_declined``. A withdrawn
    application may apply again (the same id, back to pending)."""
    user = current_user(request)
    application = services.apply(user=user, mentorship=selectors.mentorship_for_page(slug, user),
                                 statement=payload.statement)
    return 201, ApplicationOut.build(_application(application.pk))


@router.post("/mentorships/applications/{application_id}/withdraw", response=ApplicationOut, auth=TokenAuth(),
             summary="Withdraw my application")
def withdraw(request: HttpRequest, application_id: int) -> ApplicationOut:
    """Only while pending (409 ``application_not_pending``); someone else's is 404."""
    services.withdraw(user=current_user(request), application_id=application_id)
    return ApplicationOut.build(_application(application_id))


def _application(pk: int) -> MentorshipApplication:
    return MentorshipApplication.objects.select_related("mentorship", "applicant", "applicant__city",
                                                        "source_call").get(pk=pk)


# Studio (mentors) -----------------------------------------------------------------------------------


def _own(request: HttpRequest, slug: str) -> Mentorship:
    return selectors.own_mentorship(require_artist(current_user(request)), slug)


@router.get("/studio/mentorships", response=list[StudioMentorshipOut], auth=TokenAuth(),
            summary="List the mentorships I offer")
def studio_list(request: HttpRequest) -> list[StudioMentorshipOut]:
    artist = require_artist(current_user(request))
    return [StudioMentorshipOut.build_studio(m, request) for m in selectors.mentorships_of_mentor(artist)]


@router.post("/studio/mentorships", response={201: StudioMentorshipOut}, auth=TokenAuth(),
             summary="Offer a mentorship")
def studio_create(request: HttpRequest, payload: MentorshipIn) -> tuple[int, StudioMentorshipOut]:
    """Established artists only (403 ``not_established``); bad fields are 422 ``mentorship_invalid``."""
    user = current_user(request)
    created = services.create_mentorship(user=user, **payload.dict())
    return 201, StudioMentorshipOut.build_studio(_own(request, created.slug), request)


@router.patch("/studio/mentorships/{slug}", response=StudioMentorshipOut, auth=TokenAuth(),
              summary="Change, open or close a mentorship I offer")
def studio_update(request: HttpRequest, slug: str, payload: MentorshipPatch) -> StudioMentorshipOut:
    target = _own(request, slug)
    changes = payload.dict(exclude_unset=True)
    if changes:
        services.update_mentorship(user=current_user(request), mentorship=target, **changes)
    return StudioMentorshipOut.build_studio(_own(request, slug), request)


@router.get("/studio/mentorships/{slug}/applications", response=list[ApplicationOut], auth=TokenAuth(),
            summary="List a mentorship's applications")
def studio_applications(request: HttpRequest, slug: str, query: Query[ApplicationStatusQuery]) -> list[ApplicationOut]:
    target = _own(request, slug)
    return [ApplicationOut.build(a) for a in selectors.applications_of(target, status=query.status or "")]


@router.post("/studio/mentorships/{slug}/applications/{application_id}/accept", response=ApplicationOut,
             auth=TokenAuth(), summary="Accept an application")
def studio_accept(request: HttpRequest, slug: str, application_id: int) -> ApplicationOut:
    """409 ``mentorship_full`` when every place is taken; 409 ``application_not_pending``."""
    services.accept(user=current_user(request), application_id=application_id, mentorship=_own(request, slug))
    return ApplicationOut.build(_application(application_id))


@router.post("/studio/mentorships/{slug}/applications/{application_id}/decline", response=ApplicationOut,
             auth=TokenAuth(), summary="Decline an application")
def studio_decline(request: HttpRequest, slug: str, application_id: int) -> ApplicationOut:
    services.decline(user=current_user(request), application_id=application_id, mentorship=_own(request, slug))
    return ApplicationOut.build(_application(application_id))


# The shared log -------------------------------------------------------------------------------------


def _log_out(request: HttpRequest, application_id: int) -> LogOut:
    user = current_user(request)
    log = selectors.log_for(user=user, application_id=application_id)
    application = log.application
    return LogOut(application_id=application.pk, mentorship_slug=application.mentorship.slug,
                  theme_display=application.mentorship.theme.get_text(),
                  mentor=ArtistSummaryOut.build(application.mentorship.mentor),
                  mentee=ArtistSummaryOut.build(application.applicant),
                  entries=[LogEntryOut.build(entry, user) for entry in log.entries])


@router.get("/mentorships/log/{application_id}", response=LogOut, auth=TokenAuth(), summary="Get a shared log")
def get_log(request: HttpRequest, application_id: int) -> LogOut:
    """Mentor and mentee of an accepted place only; anyone else 404 ``not_a_participant``."""
    return _log_out(request, application_id)


@router.post("/mentorships/log/{application_id}", response={201: LogEntryOut}, auth=TokenAuth(),
             summary="Add a session or a goal to a shared log")
def add_log_entry(request: HttpRequest, application_id: int, payload: LogEntryIn) -> tuple[int, LogEntryOut]:
    user = current_user(request)
    entry = services.add_log_entry(user=user, application_id=application_id, **payload.dict())
    return 201, LogEntryOut.build(entry, user)


@router.patch("/mentorships/log/{application_id}/entries/{entry_id}", response=LogEntryOut, auth=TokenAuth(),
              summary="Tick a goal done or not done")
def patch_log_entry(request: HttpRequest, application_id: int, entry_id: int, payload: LogEntryPatch) -> LogEntryOut:
    """400 ``not_a_goal`` for a session."""
    user = current_user(request)
    entry = services.set_goal_done(user=user, application_id=application_id, entry_id=entry_id, done=payload.done)
    entry = MentorshipLogEntry.objects.select_related("author").get(pk=entry.pk)
    return LogEntryOut.build(entry, user)


@router.delete("/mentorships/log/{application_id}/entries/{entry_id}", response={204: None}, auth=TokenAuth(),
               summary="Delete my log entry")
def delete_log_entry(request: HttpRequest, application_id: int, entry_id: int) -> tuple[int, None]:
    """Only its author (403 ``not_your_entry``)."""
    services.delete_log_entry(user=current_user(request), application_id=application_id, entry_id=entry_id)
    return 204, None

