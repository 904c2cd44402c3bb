"""`dala demo_programmes`: exhibitions, a viewing room, open calls with a jury, a mentorship — once."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dala.catalog.demo.people import CRITIC, CURATOR, GALLERY, NAOKO
from dala.programmes.models import (
    ApplicationStatus,
    CallStatus,
    Entry,
    EntryStatus,
    Exhibition,
    ExhibitionKind,
    Juror,
    JurorStatus,
    Mentorship,
    MentorshipLogEntry,
    OpenCall,
    PrizeKind,
)

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def _run(command: str, **options: object) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def demo() -> None:
    _run("demo", artworks=60, no_images=True)


def _snapshot() -> tuple[object, ...]:
    return (list(Exhibition.objects.order_by("pk").values_list("pk", "slug")),
            list(OpenCall.objects.order_by("pk").values_list("pk", "slug")),
            Entry.objects.count(), Juror.objects.count(), MentorshipLogEntry.objects.count())


def test_the_demo_makes_exhibitions_calls_and_a_mentorship_once(demo: None) -> None:
    output = _run("demo_programmes", if_empty=True)
    assert "Programmes demo:" in output
    today = timezone.localdate(timezone.now(), ALMATY)

    current = Exhibition.objects.get(slug="dala-zharygy")
    assert current.city is not None and current.city.slug == "almaty" and current.is_published
    assert current.opens_on is not None and current.closes_on is not None
    assert current.opens_on <= today <= current.closes_on
    works = list(current.works.select_related("artwork").order_by("position"))
    assert [work.position for work in works] == [1, 2, 3, 4, 5, 6]
    assert all(work.artwork.is_listed for work in works)
    assert all({"kk", "ru", "en"} <= set(work.wall_text) for work in works)
    # Each shown work's provenance tells of the exhibition, as a studio publication would.
    assert all(work.provenance_event is not None and work.provenance_event.kind == "exhibition"
               and work.provenance_event.is_public for work in works)

    upcoming = Exhibition.objects.get(slug="ornament-ritmi-astana")
    assert upcoming.city is not None and upcoming.city.slug == "astana"
    assert upcoming.opens_on is not None and upcoming.opens_on > today
    past = Exhibition.objects.get(slug="zhas-dala-2025")
    assert past.closes_on is not None and past.closes_on < today

    room = Exhibition.objects.get(kind=ExhibitionKind.VIEWING_ROOM)
    assert room.is_online and not room.is_physical and {"kk", "ru", "en"} <= set(room.essay)
    assert room.ends_at is not None
    assert datetime.timedelta(days=29) < room.ends_at - timezone.now() <= datetime.timedelta(days=30)

    call = OpenCall.objects.get(slug="zhas-dala-2027")
    assert call.organiser.email == GALLERY.email and call.status == CallStatus.PUBLISHED and call.is_open
    assert call.deadline_timezone == "Asia/Almaty"
    assert call.deadline.astimezone(ALMATY).date() == today + datetime.timedelta(days=10)
    assert call.eligible_countries == ["KZ", "KG", "UZ"] and call.eligible_stages == ["emerging"]
    assert call.max_works == 3 and call.fee_amount == 5_000_00 and call.fee_currency == "KZT" and call.fee_waivers
    assert call.prize_kind == PrizeKind.EXHIBITION
    jurors = {juror.user.email: juror.status for juror in call.jurors.select_related("user")}
    assert jurors == {CURATOR.email: JurorStatus.ACCEPTED, CRITIC.email: JurorStatus.ACCEPTED}
    entries = list(call.entries.select_related("artist"))
    assert {entry.status for entry in entries} == {EntryStatus.SUBMITTED, EntryStatus.DRAFT}
    for entry in entries:
        assert entry.artist.career_stage == "emerging" and entry.artist.country in {"KZ", "KG", "UZ"}
        assert 1 <= entry.works.count() <= 3

    past_call = OpenCall.objects.get(slug="zhas-dala-2025-call")
    assert past_call.status == CallStatus.RESULTS and past_call.results_published_at is not None
    assert past_call.entries.filter(result="selected").count() == 1

    mentorship = Mentorship.objects.get(mentor__user__email=NAOKO.email)
    assert mentorship.mentor.career_stage == "established"
    accepted = mentorship.applications.get(status=ApplicationStatus.ACCEPTED)
    assert accepted.applicant.career_stage == "emerging" and accepted.log.count() >= 3

    before = _snapshot()
    assert "nothing to do" in _run("demo_programmes", if_empty=True)
    _run("demo_programmes")  # without --if-empty: only what is missing, so nothing
    assert _snapshot() == before


def test_the_demo_exhibition_and_call_pages_respond(demo: None, client: Client) -> None:
    _run("demo_programmes")
    pages = [reverse("programmes:exhibition", kwargs={"slug": "dala-zharygy"}),
             reverse("programmes:call", kwargs={"slug": "zhas-dala-2027"})]
    for page in pages:
        assert client.get(page).status_code == 200
