"""The jury API: seats, the blind queue, scores and their refusals, the organiser's ranking and results."""

from __future__ import annotations

import pytest

from dala.programmes.models import CallStatus, Exhibition, JurorStatus, Score
from dala.programmes.services import jury as services
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import UserFactory
from tests.programmes.factories_jury import entry_with_works, judged_call, juror_of

pytestmark = pytest.mark.django_db


def test_a_juror_accepts_and_gets_a_blind_queue_without_names() -> None:
    call = judged_call(blind=True)
    entry = entry_with_works(call)
    seat = juror_of(call, status=JurorStatus.INVITED)
    client = bearer_client(token_for(seat.user))
    assert client.get(f"{API}/jury").json()[0]["status"] == "invited"
    assert client.post(f"{API}/calls/{call.slug}/jury/accept").json()["status"] == "accepted"
    response = client.get(f"{API}/calls/{call.slug}/jury/entries")
    assert response.status_code == 200
    body = response.json()
    [item] = body["items"]
    assert item["id"] == entry.pk and item["artist_name"] is None and item["artist_slug"] is None
    assert entry.artist.slug not in response.content.decode()
    assert str(entry.artist.name) not in response.content.decode()
    assert body["progress"] == {"expected": 1, "given": 0, "missing": 1}


def test_scores_out_of_range_and_conflicts_are_refused_with_their_codes() -> None:
    call = judged_call()
    entry = entry_with_works(call)
    seat = juror_of(call)
    client = bearer_client(token_for(seat.user))
    url = f"{API}/calls/{call.slug}/jury/entries/{entry.pk}"
    bad = client.put(f"{url}/score", {"value": 11}, content_type="application/json")
    assert bad.status_code == 400 and error_of(bad)["code"] == "score_out_of_range"
    good = client.put(f"{url}/score", {"value": 7, "feedback": "Fine"}, content_type="application/json")
    assert good.status_code == 200 and good.json()[0]["value"] == 7
    assert client.post(f"{url}/conflict", {"reason": "cousin"}, content_type="application/json").status_code == 201
    assert not Score.objects.exists()
    again = client.put(f"{url}/score", {"value": 7}, content_type="application/json")
    assert again.status_code == 403 and error_of(again)["code"] == "conflict_of_interest"


def test_a_stranger_has_no_queue() -> None:
    call = judged_call()
    response = bearer_client(token_for(UserFactory())).get(f"{API}/calls/{call.slug}/jury/entries")
    assert response.status_code == 403 and error_of(response)["code"] == "not_a_juror"


def test_the_organiser_invites_ranks_advances_selects_publishes_and_exhibits() -> None:
    call = judged_call()
    first, second = entry_with_works(call), entry_with_works(call)
    seat = juror_of(call)
    services.score(user=seat.user, call=call, entry_id=first.pk, value=3)
    services.score(user=seat.user, call=call, entry_id=second.pk, value=8)
    UserFactory(email="new@example.com")
    client = bearer_client(token_for(call.organiser))
    studio = f"{API}/studio/calls/{call.slug}"

    invited = client.post(f"{studio}/jurors", {"email": "new@example.com"}, content_type="application/json")
    assert invited.status_code == 201 and invited.json()["status"] == "invited"
    twice = client.post(f"{studio}/jurors", {"email": "new@example.com"}, content_type="application/json")
    assert twice.status_code == 409 and error_of(twice)["code"] == "already_juror"
    assert len(client.get(f"{studio}/jurors").json()) == 2

    ranking = client.get(f"{studio}/results").json()
    assert [row["entry_id"] for row in ranking["items"]] == [second.pk, first.pk]
    assert ranking["items"][0]["artist_name"] == str(second.artist.name)

    advanced = client.post(f"{studio}/rounds", {"top": 1}, content_type="application/json")
    assert advanced.json() == {"current_round": 2}
    assert client.get(f"{studio}/results?round=1").json()["count"] == 2
    assert client.get(f"{studio}/results").json()["count"] == 1

    chosen = client.put(f"{studio}/entries/{second.pk}/result", {"result": "selected", "feedback": "Yes!"},
                        content_type="application/json")
    assert chosen.json() == {"entry_id": second.pk, "result": "selected", "feedback": "Yes!"}
    made = client.post(f"{studio}/exhibition")
    assert made.status_code == 201 and made.json()["works"] == 1
    assert Exhibition.objects.get().source_call == call
    published = client.post(f"{studio}/results/publish")
    assert published.json() == {"selected": 1, "status": CallStatus.RESULTS}


def test_someone_elses_call_is_not_found_in_the_studio() -> None:
    call = judged_call()
    response = bearer_client(token_for(UserFactory())).get(f"{API}/studio/calls/{call.slug}/results")
    assert response.status_code == 404


def test_the_entrant_sees_no_result_until_the_results_are_published() -> None:
    call = judged_call()
    entry = entry_with_works(call)
    seat = juror_of(call)
    services.score(user=seat.user, call=call, entry_id=entry.pk, value=9, feedback="Lovely blues.")
    services.set_result(organiser=call.organiser, call=call, entry_id=entry.pk, result="selected", feedback="Yes")
    client = bearer_client(token_for(entry.artist.user))
    before = client.get(f"{API}/calls/{call.slug}/entry").json()
    assert before["result"] is None and before["feedback"] == []
    services.publish_results(organiser=call.organiser, call=call)
    after = client.get(f"{API}/calls/{call.slug}/entry").json()
    assert after["result"] == "selected" and "Lovely blues." in after["feedback"]
