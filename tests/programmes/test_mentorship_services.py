"""The rules of mentorship: who may offer, who may apply, places, withdrawing, the shared log."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.db import connection

from dala.core.errors import DomainError, ValidationFailed
from dala.programmes.models import Mentorship, MentorshipApplication
from dala.programmes.services import mentorship as services
from tests.factories import ArtistFactory, MentorshipFactory, OpenCallFactory
from tests.programmes.factories_mentorship import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    EmergingArtistFactory,
    LogEntryFactory,
)

pytestmark = pytest.mark.django_db


def _offer(user: Any, **overrides: Any) -> Mentorship:
    fields: dict[str, Any] = {"theme": {"en": "Felt and memory"}, "length_weeks": 12, "places": 2,
                              "languages": ["ru", "kk"]}
    fields.update(overrides)
    return services.create_mentorship(user=user, **fields)


def _codes(error: pytest.ExceptionInfo[DomainError]) -> set[str]:
    value = error.value
    problems = value.errors if isinstance(value, ValidationFailed) else [value]
    return {problem.code for problem in problems}


# Offering -------------------------------------------------------------------------------------------


def test_an_established_artist_offers_a_mentorship() -> None:
    mentor = ArtistFactory()
    mentorship = _offer(mentor.user, apply_by=services.today())
    assert mentorship.mentor == mentor and mentorship.is_open
    assert mentorship.slug == "felt-and-memory"
    assert mentorship.languages == ["kk", "ru"]  # stored in the site's order


def test_an_emerging_artist_cannot_offer_a_mentorship() -> None:
    with pytest.raises(DomainError) as error:
        _offer(EmergingArtistFactory().user)
    assert error.value.code == "not_established"
    assert "established" in str(error.value.message)


@pytest.mark.parametrize(("field", "value"), [
    ("theme", {}), ("length_weeks", 0), ("length_weeks", 105), ("places", 0), ("places", 101),
    ("languages", []), ("languages", ["de"]),
])
def test_a_mentorship_with_a_bad_field_is_refused(field: str, value: Any) -> None:
    with pytest.raises(ValidationFailed) as error:
        _offer(ArtistFactory().user, **{field: value})
    assert {problem.field for problem in error.value.errors} == {field}
    assert not Mentorship.objects.exists()


def test_apply_by_cannot_be_in_the_past() -> None:
    with pytest.raises(ValidationFailed) as error:
        _offer(ArtistFactory().user, apply_by=services.today() - datetime.timedelta(days=1))
    assert _codes(error) == {"apply_by_in_past"}


def test_places_cannot_drop_below_the_places_taken() -> None:
    mentorship = MentorshipFactory(places=3)
    AcceptedApplicationFactory.create_batch(2, mentorship=mentorship)
    with pytest.raises(DomainError) as error:
        services.update_mentorship(user=mentorship.mentor.user, mentorship=mentorship, places=1)
    assert error.value.code == "places_below_accepted"
    services.update_mentorship(user=mentorship.mentor.user, mentorship=mentorship, places=2)
    mentorship.refresh_from_db()
    assert mentorship.places == 2


def test_only_the_mentor_edits_or_closes() -> None:
    mentorship = MentorshipFactory()
    other = ArtistFactory()
    with pytest.raises(DomainError) as error:
        services.update_mentorship(user=other.user, mentorship=mentorship, places=5)
    assert error.value.code == "not_the_mentor"
    services.set_open(user=mentorship.mentor.user, mentorship=mentorship, is_open=False)
    mentorship.refresh_from_db()
    assert not mentorship.is_open


# Applying -------------------------------------------------------------------------------------------


def test_an_emerging_artist_applies_and_the_mentor_hears_of_it(django_capture_on_commit_callbacks: Any) -> None:
    from dala.programmes.signals import programmes_event

    heard: list[dict[str, Any]] = []

    def listener(**kwargs: Any) -> None:
        heard.append(kwargs)

    programmes_event.connect(listener)
    try:
        mentorship = MentorshipFactory()
        applicant = EmergingArtistFactory()
        with django_capture_on_commit_callbacks(execute=True):
            application = services.apply(user=applicant.user, mentorship=mentorship, statement=" Teach me. ")
    finally:
        programmes_event.disconnect(listener)
    assert application.status == "pending" and application.statement == "Teach me."
    assert [(h["action"], h["recipient_ids"]) for h in heard] == [("mentorship.applied", [mentorship.mentor.user_id])]


def test_an_established_artist_cannot_apply() -> None:
    with pytest.raises(DomainError) as error:
        services.apply(user=ArtistFactory().user, mentorship=MentorshipFactory(), statement="Please")
    assert error.value.code == "not_emerging"


def test_a_mentor_cannot_apply_to_their_own_mentorship() -> None:
    mentorship = MentorshipFactory()
    with pytest.raises(DomainError) as error:
        services.apply(user=mentorship.mentor.user, mentorship=mentorship, statement="Me")
    assert error.value.code == "own_mentorship"


def test_a_closed_mentorship_takes_no_applications() -> None:
    with pytest.raises(DomainError) as error:
        services.apply(user=EmergingArtistFactory().user, mentorship=MentorshipFactory(is_open=False), statement="x")
    assert error.value.code == "mentorship_closed"


def test_no_applications_after_apply_by() -> None:
    mentorship = MentorshipFactory(apply_by=services.today() - datetime.timedelta(days=1))
    with pytest.raises(DomainError) as error:
        services.apply(user=EmergingArtistFactory().user, mentorship=mentorship, statement="x")
    assert error.value.code == "apply_by_passed"


def test_the_statement_is_required() -> None:
    with pytest.raises(DomainError) as error:
        services.apply(user=EmergingArtistFactory().user, mentorship=MentorshipFactory(), statement="  ")
    assert error.value.field == "statement"


def test_an_artist_applies_only_once() -> None:
    application = ApplicationFactory()
    with pytest.raises(DomainError) as error:
        services.apply(user=application.applicant.user, mentorship=application.mentorship, statement="again")
    assert error.value.code == "already_applied"


def test_a_declined_artist_cannot_apply_again() -> None:
    application = ApplicationFactory(status="declined")
    with pytest.raises(DomainError) as error:
        services.apply(user=application.applicant.user, mentorship=application.mentorship, statement="again")
    assert error.value.code == "application_declined"


def test_withdrawing_a_pending_application_and_applying_again() -> None:
    application = ApplicationFactory()
    services.withdraw(user=application.applicant.user, application_id=application.pk)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    again = services.apply(user=application.applicant.user, mentorship=application.mentorship, statement="Now ready")
    assert again.pk == application.pk and again.status == "pending" and again.statement == "Now ready"


def test_only_a_pending_application_is_withdrawn_and_only_by_its_applicant() -> None:
    application = AcceptedApplicationFactory()
    with pytest.raises(DomainError) as error:
        services.withdraw(user=application.applicant.user, application_id=application.pk)
    assert error.value.code == "application_not_pending"
    with pytest.raises(DomainError) as error:
        services.withdraw(user=ArtistFactory().user, application_id=application.pk)
    assert error.value.status == 404


# Deciding -------------------------------------------------------------------------------------------


def test_the_mentor_accepts_and_declines(django_capture_on_commit_callbacks: Any) -> None:
    from dala.programmes.signals import programmes_event

    heard: list[str] = []

    def listener(**kwargs: Any) -> None:
        heard.append(kwargs["action"])

    first = ApplicationFactory()
    second = ApplicationFactory(mentorship=first.mentorship)
    user = first.mentorship.mentor.user
    programmes_event.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.accept(user=user, application_id=first.pk)
            services.decline(user=user, application_id=second.pk)
    finally:
        programmes_event.disconnect(listener)
    assert heard == ["mentorship.accepted", "mentorship.declined"]
    assert list(MentorshipApplication.objects.order_by("pk").values_list("status", flat=True)) == [
        "accepted", "declined"]


def test_only_the_mentor_decides() -> None:
    application = ApplicationFactory()
    with pytest.raises(DomainError) as error:
        services.accept(user=application.applicant.user, application_id=application.pk)
    assert error.value.code == "not_the_mentor"


def test_no_accepting_when_every_place_is_taken_counting_open_call_places() -> None:
    mentorship = MentorshipFactory(places=2)
    AcceptedApplicationFactory(mentorship=mentorship)
    AcceptedApplicationFactory(mentorship=mentorship, source_call=OpenCallFactory(), statement="")
    waiting = ApplicationFactory(mentorship=mentorship)
    with pytest.raises(DomainError) as error:
        services.accept(user=mentorship.mentor.user, application_id=waiting.pk)
    assert error.value.code == "mentorship_full"
    waiting.refresh_from_db()
    assert waiting.status == "pending"


def test_accepting_locks_the_mentorship_row() -> None:
    """The place count is read under the mentorship's row lock (FOR UPDATE where the database has it)."""
    from django.test.utils import CaptureQueriesContext

    application = ApplicationFactory()
    with CaptureQueriesContext(connection) as queries:
        services.accept(user=application.mentorship.mentor.user, application_id=application.pk)
    locked = [q["sql"] for q in queries.captured_queries
              if 'FROM "programmes_mentorship"' in q["sql"] and "FOR UPDATE" in q["sql"]]
    if connection.features.has_select_for_update:
        assert locked


@pytest.mark.django_db(transaction=True)
def test_two_accepts_racing_for_the_last_place_take_only_it() -> None:
    """Two mentors' tabs accept at once: one wins, the other gets mentorship_full (PostgreSQL only)."""
    if not connection.features.has_select_for_update:
        pytest.skip("needs row locks (run with bin/with-postgres)")
    mentorship = MentorshipFactory(places=1)
    first, second = ApplicationFactory(mentorship=mentorship), ApplicationFactory(mentorship=mentorship)
    user = mentorship.mentor.user
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(application_id: int) -> None:
        barrier.wait()
        try:
            services.accept(user=user, application_id=application_id)
            outcomes.append("accepted")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(a.pk,)) for a in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "mentorship_full"]
    assert MentorshipApplication.objects.filter(status="accepted").count() == 1


# The shared log -------------------------------------------------------------------------------------


def test_mentor_and_mentee_write_the_log_and_tick_goals() -> None:
    application = AcceptedApplicationFactory()
    mentee, mentor = application.applicant.user, application.mentorship.mentor.user
    goal = services.add_log_entry(user=mentee, application_id=application.pk, kind="goal",
                                  happened_on=datetime.date(2026, 2, 1), text="Six panels")
    services.add_log_entry(user=mentor, application_id=application.pk, kind="session",
                           happened_on=datetime.date(2026, 2, 8), text="Studio visit")
    services.set_goal_done(user=mentor, application_id=application.pk, entry_id=goal.pk, done=True)
    goal.refresh_from_db()
    assert goal.done
    services.set_goal_done(user=mentee, application_id=application.pk, entry_id=goal.pk, done=False)
    goal.refresh_from_db()
    assert not goal.done


def test_a_session_is_not_ticked_done() -> None:
    entry = LogEntryFactory(kind="session")
    with pytest.raises(DomainError) as error:
        services.set_goal_done(user=entry.author, application_id=entry.application_id, entry_id=entry.pk, done=True)
    assert error.value.code == "not_a_goal"


def test_others_cannot_see_or_write_a_log() -> None:
    application = AcceptedApplicationFactory()
    for outsider in (ArtistFactory().user, EmergingArtistFactory().user):
        with pytest.raises(DomainError) as error:
            services.add_log_entry(user=outsider, application_id=application.pk, kind="goal",
                                   happened_on=datetime.date(2026, 1, 1), text="x")
        assert error.value.status == 404


def test_a_pending_application_has_no_log() -> None:
    application = ApplicationFactory()
    with pytest.raises(DomainError) as error:
        services.add_log_entry(user=application.applicant.user, application_id=application.pk, kind="goal",
                               happened_on=datetime.date(2026, 1, 1), text="x")
    assert error.value.code == "not_a_participant"


def test_only_the_author_deletes_an_entry() -> None:
    entry = LogEntryFactory()  # written by the mentor
    with pytest.raises(DomainError) as error:
        services.delete_log_entry(user=entry.application.applicant.user, application_id=entry.application_id,
                                  entry_id=entry.pk)
    assert error.value.code == "not_your_entry"
    services.delete_log_entry(user=entry.author, application_id=entry.application_id, entry_id=entry.pk)
    assert not type(entry).objects.exists()


def test_a_log_entry_needs_kind_date_and_text() -> None:
    application = AcceptedApplicationFactory()
    with pytest.raises(ValidationFailed) as error:
        services.add_log_entry(user=application.applicant.user, application_id=application.pk, kind="chat",
                               happened_on=None, text=" ")
    assert {p.field for p in error.value.errors} == {"kind", "happened_on", "text"}
