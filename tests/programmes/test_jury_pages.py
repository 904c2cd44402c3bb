"""The jury pages: a juror scores without seeing names in a blind call; the organiser invites, ranks,
selects, publishes and makes the exhibition."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dala.programmes.models import CallStatus, EntryResult, Exhibition, JurorStatus, Score, ScoringUnit
from dala.programmes.services import jury as services
from tests.factories import OpenCallFactory, UserFactory
from tests.programmes.factories_jury import entry_with_works, judged_call, juror_of

pytestmark = pytest.mark.django_db


def logged_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_blind_jury_page_shows_no_artist_name_or_slug() -> None:
    call = judged_call(blind=True)
    entry = entry_with_works(call)
    seat = juror_of(call)
    client = logged_in(seat.user)
    for url in (reverse("programmes:jury", kwargs={"slug": call.slug}),
                reverse("programmes:jury_entry", kwargs={"slug": call.slug, "entry_id": entry.pk})):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert str(entry.artist.name) not in html and entry.artist.slug not in html
        assert entry.works.get().artwork.slug not in html
        assert str(entry.works.get().artwork.title) in html


def test_the_juror_accepts_then_scores_from_the_entry_page() -> None:
    call = judged_call()
    entry, following = entry_with_works(call), entry_with_works(call)
    seat = juror_of(call, status=JurorStatus.INVITED)
    client = logged_in(seat.user)
    jury_url = reverse("programmes:jury", kwargs={"slug": call.slug})
    assert "accept" in client.get(jury_url).content.decode()
    client.post(jury_url, {"action": "accept"})
    seat.refresh_from_db()
    assert seat.status == JurorStatus.ACCEPTED

    entry_url = reverse("programmes:jury_entry", kwargs={"slug": call.slug, "entry_id": entry.pk})
    page = client.get(entry_url)
    assert 'type="radio"' in page.content.decode()
    refused = client.post(entry_url, {"action": "score", "value": "11"})
    assert refused.status_code == 422 and not Score.objects.exists()
    saved = client.post(entry_url, {"action": "score", "value": "8", "feedback": "Keep going."})
    assert saved.status_code == 302
    assert saved["Location"] == reverse("programmes:jury_entry", kwargs={"slug": call.slug, "entry_id": following.pk})
    assert Score.objects.get().value == 8


def test_scoring_by_work_has_a_scale_per_work() -> None:
    call = judged_call(scored_by=ScoringUnit.WORK)
    entry = entry_with_works(call, works=2)
    seat = juror_of(call)
    client = logged_in(seat.user)
    url = reverse("programmes:jury_entry", kwargs={"slug": call.slug, "entry_id": entry.pk})
    first, second = entry.works.values_list("artwork_id", flat=True)
    assert client.post(url, {"action": "score", f"work_{first}": "3", f"work_{second}": "10"}).status_code == 302
    assert sorted(Score.objects.values_list("artwork_id", "value")) == sorted([(first, 3), (second, 10)])


def test_declaring_a_conflict_from_the_entry_page_hides_the_entry() -> None:
    call = judged_call()
    entry = entry_with_works(call)
    seat = juror_of(call)
    client = logged_in(seat.user)
    url = reverse("programmes:jury_entry", kwargs={"slug": call.slug, "entry_id": entry.pk})
    assert client.post(url, {"action": "conflict", "reason": "A friend"}).status_code == 302
    assert client.get(url).status_code == 404


def test_before_the_deadline_the_jury_page_says_when_judging_starts() -> None:
    call = OpenCallFactory()
    entry = entry_with_works(call)
    seat = juror_of(call)
    client = logged_in(seat.user)
    page = client.get(reverse("programmes:jury", kwargs={"slug": call.slug}))
    assert page.status_code == 200 and f"/jury/entries/{entry.pk}/" not in page.content.decode()
    assert client.get(reverse("programmes:jury_entry", kwargs={"slug": call.slug, "entry_id": entry.pk})
                      ).status_code == 302


def test_only_the_organiser_sees_jurors_and_results() -> None:
    call = judged_call()
    for name in ("call_jurors", "call_results"):
        url = reverse(f"programmes:{name}", kwargs={"slug": call.slug})
        assert logged_in(UserFactory()).get(url).status_code == 404
        assert logged_in(call.organiser).get(url).status_code == 200


def test_the_organiser_invites_by_e_mail() -> None:
    call = judged_call()
    person = UserFactory(email="juror@example.com")
    client = logged_in(call.organiser)
    url = reverse("programmes:call_jurors", kwargs={"slug": call.slug})
    assert client.post(url, {"email": "juror@example.com"}).status_code == 302
    assert call.jurors.get().user == person
    again = client.post(url, {"email": "juror@example.com"})
    assert again.status_code == 422 and "already" in again.content.decode()


def test_the_results_page_ranks_with_names_and_publishes_and_makes_the_exhibition() -> None:
    call = judged_call(blind=True)
    best, other = entry_with_works(call), entry_with_works(call)
    seat = juror_of(call)
    services.score(user=seat.user, call=call, entry_id=best.pk, value=9)
    services.score(user=seat.user, call=call, entry_id=other.pk, value=4)
    client = logged_in(call.organiser)
    url = reverse("programmes:call_results", kwargs={"slug": call.slug})
    html = client.get(url).content.decode()
    assert str(best.artist.name) in html  # the organiser sees names
    assert html.index(str(best.artist.name)) < html.index(str(other.artist.name))
    assert "9.00" in html

    client.post(url, {"action": "select", "entry": [str(best.pk)]})
    best.refresh_from_db()
    assert best.result == EntryResult.SELECTED
    client.post(url, {"action": "feedback", f"feedback-{other.pk}": "Try again", f"was-{other.pk}": ""})
    other.refresh_from_db()
    assert other.feedback == "Try again"
    made = client.post(url, {"action": "exhibition"})
    exhibition = Exhibition.objects.get()
    assert made["Location"] == reverse("programmes:exhibition_edit", kwargs={"slug": exhibition.slug})
    client.post(url, {"action": "publish"})
    call.refresh_from_db()
    other.refresh_from_db()
    assert call.status == CallStatus.RESULTS and other.result == EntryResult.NOT_SELECTED


def test_jury_home_lists_my_seats() -> None:
    call = judged_call()
    seat = juror_of(call, status=JurorStatus.INVITED)
    html = logged_in(seat.user).get(reverse("programmes:jury_home")).content.decode()
    assert reverse("programmes:jury", kwargs={"slug": call.slug}) in html


def test_staff_admin_lists_jurors_with_conflicts_and_scores() -> None:
    call = judged_call()
    entry = entry_with_works(call)
    seat = juror_of(call)
    services.score(user=seat.user, call=call, entry_id=entry.pk, value=6)
    services.declare_conflict(user=juror_of(call).user, call=call, entry_id=entry.pk)
    client = logged_in(UserFactory(is_staff=True, is_superuser=True))
    for url in (reverse("admin:programmes_juror_changelist"), reverse("admin:programmes_score_changelist"),
                reverse("admin:programmes_score_changelist") + f"?round=1&call__id__exact={call.pk}",
                reverse("admin:programmes_juror_change", args=[seat.pk])):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:programmes_score_add")).status_code == 403
