"""The collaboration API: the lead sets a work's credits, collaborators list and answer their invitations,
and the public artwork shows the accepted credits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dala.catalog.models import Artwork, ArtworkCredit, CreditStatus
from tests.api.conftest import API, bearer_client, error_of, token_for
from tests.factories import ArtistFactory, ArtworkFactory

pytestmark = pytest.mark.django_db


def _put(client: Client, work: Artwork, credits: list[dict[str, Any]]) -> Any:
    return client.put(f"{API}/studio/artworks/{work.pk}/credits", json.dumps({"credits": credits}),
                      content_type="application/json")


def test_the_lead_sets_credits_and_reads_them_back_with_each_answer() -> None:
    work = ArtworkFactory()
    partner = ArtistFactory()
    lead = bearer_client(token_for(work.artist.user))

    response = _put(lead, work, [{"artist": work.artist.slug, "share_bp": 7000},
                                 {"artist": partner.slug, "role": "contributor", "role_note": "ornament",
                                  "share_bp": 3000}])

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["credits_pending"] is True
    assert [(c["artist"]["slug"], c["role"], c["share_bp"], c["status"]) for c in body["credits"]] == [
        (work.artist.slug, "lead", 7000, "accepted"), (partner.slug, "contributor", 3000, "invited")]
    assert lead.get(f"{API}/studio/artworks/{work.pk}/credits").json() == body


def test_shares_not_summing_to_10000_are_refused_with_the_sum() -> None:
    work = ArtworkFactory()
    lead = bearer_client(token_for(work.artist.user))

    response = _put(lead, work, [{"artist": work.artist.slug, "share_bp": 6000},
                                 {"artist": ArtistFactory().slug, "share_bp": 3000}])

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "credit_shares_sum" and "90 %" in error["message"]
    assert not ArtworkCredit.objects.exists()


def test_another_artists_work_is_not_found() -> None:
    work = ArtworkFactory()
    other = bearer_client(token_for(ArtistFactory().user))

    assert _put(other, work, [{"artist": ArtistFactory().slug, "share_bp": 3000}]).status_code == 404
    assert other.get(f"{API}/studio/artworks/{work.pk}/credits").status_code == 404


def test_the_collaborator_lists_and_accepts_and_the_public_artwork_shows_the_credits(client: Client) -> None:
    work = ArtworkFactory()
    partner = ArtistFactory()
    _put(bearer_client(token_for(work.artist.user)), work, [{"artist": partner.slug, "share_bp": 2500}])
    mine = bearer_client(token_for(partner.user))
    assert client.get(f"{API}/artworks/{work.pk}").status_code == 404

    invitations = mine.get(f"{API}/studio/collaborations").json()
    assert [(i["artwork_id"], i["lead"]["slug"], i["share_bp"], i["status"]) for i in invitations] == [
        (work.pk, work.artist.slug, 2500, "invited")]
    accepted = mine.post(f"{API}/studio/collaborations/{invitations[0]['id']}/accept")

    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    public = client.get(f"{API}/artworks/{work.pk}").json()
    assert [(c["artist"]["slug"], c["role"]) for c in public["credits"]] == [
        (work.artist.slug, "lead"), (partner.slug, "co_author")]
    assert "share_bp" not in json.dumps(public["credits"])


def test_a_decline_by_api_keeps_the_work_hidden_and_cannot_be_repeated() -> None:
    work = ArtworkFactory()
    partner = ArtistFactory()
    _put(bearer_client(token_for(work.artist.user)), work, [{"artist": partner.slug, "share_bp": 2500}])
    credit = ArtworkCredit.objects.get(artist=partner)
    mine = bearer_client(token_for(partner.user))

    assert mine.post(f"{API}/studio/collaborations/{credit.pk}/decline").status_code == 200
    again = mine.post(f"{API}/studio/collaborations/{credit.pk}/accept")

    assert again.status_code == 409 and error_of(again)["code"] == "credit_not_invited"
    assert ArtworkCredit.objects.get(pk=credit.pk).status == CreditStatus.DECLINED
    assert not Artwork.objects.get(pk=work.pk).is_listed


def test_someone_elses_invitation_is_not_found() -> None:
    work = ArtworkFactory()
    _put(bearer_client(token_for(work.artist.user)), work, [{"artist": ArtistFactory().slug, "share_bp": 2500}])
    credit = ArtworkCredit.objects.exclude(role="lead").get()

    response = bearer_client(token_for(ArtistFactory().user)).post(f"{API}/studio/collaborations/{credit.pk}/accept")

    assert response.status_code == 404


def test_a_work_by_one_artist_has_no_credits_in_the_public_api(client: Client) -> None:
    assert client.get(f"{API}/artworks/{ArtworkFactory().pk}").json()["credits"] == []


def test_the_paths_are_in_the_openapi_schema(client: Client) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]

    assert {f"{API}/studio/artworks/{{artwork_id}}/credits", f"{API}/studio/collaborations",
            f"{API}/studio/collaborations/{{credit_id}}/accept",
            f"{API}/studio/collaborations/{{credit_id}}/decline"} <= set(paths)
