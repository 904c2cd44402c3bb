"""Open call pages: the list, a call's page, my entry, the organiser's studio."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dala.programmes.models import CallStatus, EntryStatus, EntryWork, FeeStatus, Juror, Score
from dala.programmes.selectors import calls as selectors
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ArtworkImageFactory,
    EntryFactory,
    OpenCallFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_list_shows_open_calls_soonest_first_and_filters_by_country() -> None:
    later = OpenCallFactory(deadline=timezone.now() + timedelta(days=20))
    sooner = OpenCallFactory(deadline=timezone.now() + timedelta(days=3), eligible_countries=["UZ"])
    OpenCallFactory(status=CallStatus.DRAFT, published_at=None)
    response = Client().get(reverse("programmes:calls"))
    assert response.status_code == 200
    assert list(response.context["sections"].open) == [sooner, later]
    kz = Client().get(reverse("programmes:calls"), {"country": "KZ"})
    assert list(kz.context["sections"].open) == [later]


def test_a_draft_call_is_404_for_others_and_visible_to_its_organiser() -> None:
    call = OpenCallFactory(status=CallStatus.DRAFT, published_at=None)
    assert Client().get(call.get_absolute_url()).status_code == 404
    assert client_for(UserFactory()).get(call.get_absolute_url()).status_code == 404
    assert client_for(call.organiser).get(call.get_absolute_url()).status_code == 200


def test_the_deadline_is_shown_in_the_calls_zone_and_in_almaty() -> None:
    deadline = datetime.datetime(2031, 5, 20, 16, 0, tzinfo=datetime.UTC)
    call = OpenCallFactory(deadline=deadline, deadline_timezone="Europe/Berlin")
    html = Client().get(call.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert "18:00" in html and "Europe/Berlin" in html  # 16:00 UTC = 18:00 CEST
    assert "21:00" in html  # Almaty, UTC+5


def test_an_ineligible_artist_is_told_why_before_starting() -> None:
    call = OpenCallFactory(eligible_stages=["emerging"], max_age=35)
    artist = ArtistFactory()
    response = client_for(artist.user).get(call.get_absolute_url())
    reasons = response.context["reasons"]
    assert {reason.field for reason in reasons} == {"career_stage", "birth_year"}
    assert 'value="start"' not in response.content.decode()


def test_an_artist_enters_through_the_entry_page() -> None:
    call = OpenCallFactory(max_works=2)
    artist = ArtistFactory()
    works = ArtworkFactory.create_batch(3, artist=artist)
    ArtworkImageFactory(artwork=works[0])
    client = client_for(artist.user)
    url = reverse("programmes:entry", kwargs={"slug": call.slug})
    assert client.post(url, {"action": "start"}).status_code == 302
    page = client.get(url)
    assert page.status_code == 200 and f'id="work-{works[0].pk}"' in page.content.decode()
    refused = client.post(url, {"action": "save", "statement": "Too many", "works": [w.pk for w in works]})
    assert refused.status_code == 422
    assert "at most 2 works" in refused.content.decode()
    entry = call.entries.get()
    assert entry.statement == "" and not entry.works.exists()
    done = client.post(url, {"action": "submit", "statement": "Felt", "works": [works[0].pk]})
    assert done.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert client.post(url, {"action": "withdraw"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN


def test_someone_elses_work_is_refused_on_the_page() -> None:
    call = OpenCallFactory()
    entry = EntryFactory(call=call, status=EntryStatus.DRAFT, submitted_at=None)
    client = client_for(entry.artist.user)
    response = client.post(reverse("programmes:entry", kwargs={"slug": call.slug}),
                           {"action": "save", "works": [ArtworkFactory().pk]})
    assert response.status_code == 422
    assert not entry.works.exists()


def test_results_are_hidden_until_published() -> None:
    call = OpenCallFactory(deadline=timezone.now() + timedelta(days=1))
    entry = EntryFactory(call=call, result="selected", feedback="Strong colour.")
    work = ArtworkFactory(artist=entry.artist)
    EntryWork.objects.create(entry=entry, artwork=work)
    juror = Juror.objects.create(call=call, user=UserFactory(display_name="Secret Juror"), status="accepted")
    Score.objects.create(call=call, round=1, juror=juror, entry=entry, value=9, feedback="Bold lines.")
    client = client_for(entry.artist.user)
    url = reverse("programmes:entry", kwargs={"slug": call.slug})
    before = client.get(url).content.decode()
    assert "Strong colour." not in before and "Bold lines." not in before
    assert "Selected" not in Client().get(call.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    call.status = CallStatus.RESULTS
    call.results_published_at = timezone.now()
    call.save()
    after = client.get(url).content.decode()
    assert "Strong colour." in after and "Bold lines." in after and "Secret Juror" not in after
    public = Client().get(call.get_absolute_url()).content.decode()
    assert str(entry.artist.name) in public and str(work.title) in public


def test_the_organiser_creates_publishes_and_decides_fees() -> None:
    user = ArtistFactory().user
    client = client_for(user)
    response = client.post(reverse("programmes:call_new"), {
        "title_en": "Felt now", "brief_ru": "О войлоке.", "deadline": "2031-01-01T18:00",
        "deadline_timezone": "Asia/Almaty", "max_works": "3", "fee": "5000", "fee_currency": "KZT",
        "fee_waivers": "on", "prize_kind": "exhibition", "scale": "1_10", "scored_by": "entry", "blind": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    call = user.open_calls.get()
    assert call.fee_amount == 500_000 and call.status == CallStatus.DRAFT
    manage = reverse("programmes:call_manage", kwargs={"slug": call.slug})
    assert client.post(manage, {"action": "publish"}).status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    entry = EntryFactory(call=call, fee_status=FeeStatus.WAIVER_REQUESTED, waiver_reason="Student")
    page = client.get(manage)
    assert page.status_code == 200 and page.context["counts"]["waivers"] == 1
    assert client.post(manage, {"action": "waive", "entry": entry.pk}).status_code == 302
    entry.refresh_from_db()
    assert entry.fee_status == FeeStatus.WAIVED
    assert client_for(UserFactory()).get(manage).status_code == 404


def test_a_bad_time_zone_or_past_deadline_is_shown_on_the_form() -> None:
    user = ArtistFactory().user
    response = client_for(user).post(reverse("programmes:call_new"), {
        "title_en": "X", "brief_en": "Y", "deadline": "2001-01-01T18:00", "deadline_timezone": "Asia/Almaty",
        "max_works": "3", "fee": "0", "fee_currency": "KZT", "prize_kind": "exhibition", "scale": "1_10",
        "scored_by": "entry"})
    assert response.status_code == 422
    assert response.context["form"].errors["deadline"]


def test_the_organisers_entries_take_constant_queries() -> None:
    call = OpenCallFactory()
    for _n in range(3):
        entry = EntryFactory(call=call)
        EntryWork.objects.create(entry=entry, artwork=ArtworkFactory(artist=entry.artist))
    with CaptureQueriesContext(connection) as few:
        selectors.call_entries(call)
        selectors.entry_counts(call)
    for _n in range(5):
        EntryFactory(call=call)
    with CaptureQueriesContext(connection) as many:
        rows = selectors.call_entries(call)
        selectors.entry_counts(call)
    assert len(rows) == 8 and len(few) == len(many) == 2


def test_the_list_takes_constant_queries() -> None:
    OpenCallFactory()
    with CaptureQueriesContext(connection) as few:
        selectors.call_sections()
    OpenCallFactory.create_batch(4)
    with CaptureQueriesContext(connection) as many:
        selectors.call_sections()
    assert len(few) == len(many)


def test_a_refused_submit_on_the_page_saves_nothing() -> None:
    call = OpenCallFactory(fee_amount=100_000, fee_waivers=False)
    entry = EntryFactory(call=call, status=EntryStatus.DRAFT, submitted_at=None, fee_status=FeeStatus.UNPAID)
    work = ArtworkFactory(artist=entry.artist)
    response = client_for(entry.artist.user).post(reverse("programmes:entry", kwargs={"slug": call.slug}),
                                                   {"action": "submit", "statement": "New", "works": [work.pk]})
    assert response.status_code == 403
    assert "1\u00a0000\u00a0₸" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT and entry.statement != "New" and not entry.works.exists()


def test_the_studio_pages_render() -> None:
    call = OpenCallFactory(eligible_countries=["KZ"], min_age=18, max_age=40, fee_amount=100_000)
    client = client_for(call.organiser)
    call.organiser.is_staff = True
    call.organiser.save()
    for name, kwargs in (("studio_calls", {}), ("call_new", {}), ("call_edit", {"slug": call.slug}),
                         ("call_manage", {"slug": call.slug})):
        assert client.get(reverse(f"programmes:{name}", kwargs=kwargs)).status_code == 200, name
    edited = client.post(reverse("programmes:call_edit", kwargs={"slug": call.slug}), {
        "title_en": "Renamed", "brief_en": "Brief", "deadline": "2031-01-01T18:00", "deadline_timezone": "Asia/Almaty",
        "max_works": "3", "fee": "1000", "fee_currency": "KZT", "prize_kind": "exhibition", "scale": "1_10",
        "scored_by": "entry"})
    assert edited.status_code == 302
    call.refresh_from_db()
    assert call.title.get_text("en") == "Renamed" and call.deadline.year == 2031


def test_a_collector_is_told_only_organisers_and_artists_may_act() -> None:
    call = OpenCallFactory()
    client = client_for(UserFactory())
    assert client.get(reverse("programmes:studio_calls")).status_code == 403
    assert client.get(reverse("programmes:entry", kwargs={"slug": call.slug})).status_code == 403
