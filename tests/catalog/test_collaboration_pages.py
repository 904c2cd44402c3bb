"""The collaboration pages: the lead's "Collaborators" page, the invitations page, and the credits on the
public artwork page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dala.accounts.models import ArtistProfile
from dala.catalog import collaboration
from dala.catalog.models import Artwork, ArtworkCredit, CreditStatus
from tests.factories import ArtistFactory, ArtworkFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]



@pytest.fixture
def work(client: Client) -> Artwork:
    work = ArtworkFactory()
    client.force_login(work.artist.user)
    return work


def _rows(lead: str, *rows: tuple[str, str, str, str], total: int = 3) -> dict[str, Any]:
    """The form's POST data: the lead's share, then rows of (artist slug, role, note, share)."""
    data: dict[str, Any] = {"lead-share": lead, "credit-TOTAL_FORMS": str(total), "credit-INITIAL_FORMS": "0",
                            "credit-MIN_NUM_FORMS": "0", "credit-MAX_NUM_FORMS": "1000"}
    for index in range(total):
        artist, role, note, share = rows[index] if index < len(rows) else ("", "co_author", "", "")
        data |= {f"credit-{index}-artist": artist, f"credit-{index}-role": role,
                 f"credit-{index}-role_note": note, f"credit-{index}-share": share}
    return data


def _url(work: Artwork) -> str:
    return reverse("catalog:studio_credits", kwargs={"pk": work.pk})


def test_the_lead_credits_collaborators_with_percentages_and_the_work_waits_for_them(client: Client,
                                                                                      work: Artwork) -> None:
    one, two = ArtistFactory(), ArtistFactory()

    response = client.post(_url(work), _rows("33.34", (one.slug, "contributor", "ornament", "33.33"),
                                             (two.slug, "fabricator", "", "33,33")))

    assert response.status_code == 302
    assert list(ArtworkCredit.objects.order_by("position").values_list("artist_id", "share_bp", "status")) == [
        (work.artist.pk, 3334, "accepted"), (one.pk, 3333, "invited"), (two.pk, 3333, "invited")]
    page = client.get(_url(work)).content.decode()
    assert "hidden from the public until every collaborator accepts" in page and "33.33 %" in page


def test_shares_not_adding_up_are_shown_with_their_sum_and_nothing_is_saved(client: Client, work: Artwork) -> None:
    one = ArtistFactory()

    response = client.post(_url(work), _rows("60", (one.slug, "co_author", "", "30")))

    assert response.status_code == 422
    assert "The shares add up to 90 %; they must add up to 100 %." in response.content.decode()
    assert not ArtworkCredit.objects.exists()


@pytest.mark.parametrize("share", ["33.333", "a third"])
def test_a_share_with_more_than_two_decimals_is_refused_next_to_the_row(client: Client, work: Artwork,
                                                                        share: str) -> None:
    response = client.post(_url(work), _rows("66.667", (ArtistFactory().slug, "co_author", "", share)))

    assert response.status_code == 422
    assert "at most two decimals" in response.content.decode()
    assert not ArtworkCredit.objects.exists()


def test_an_unknown_artist_is_named_in_its_row(client: Client, work: Artwork) -> None:
    response = client.post(_url(work), _rows("50", ("nobody-at-all", "co_author", "", "50")))

    assert response.status_code == 422
    assert "There is no artist “nobody-at-all”." in response.content.decode()


def test_another_artists_work_has_no_collaborators_page(client: Client) -> None:
    client.force_login(ArtistFactory().user)

    assert client.get(_url(ArtworkFactory())).status_code == 404


def test_the_page_shows_the_current_credits_in_the_form(client: Client, work: Artwork) -> None:
    one = ArtistFactory()
    collaboration.set_credits(user=work.artist.user, artwork=work, credits=[{"artist": one.slug, "share_bp": 2550}])

    page = client.get(_url(work)).content.decode()

    assert f'value="{one.slug}"' in page and 'value="25.50"' in page and 'value="74.50"' in page


def test_the_collaborator_accepts_on_the_invitations_page_and_the_work_goes_public(client: Client) -> None:
    work = ArtworkFactory()
    partner: ArtistProfile = ArtistFactory()
    credit = collaboration.set_credits(user=work.artist.user, artwork=work,
                                       credits=[{"artist": partner.slug, "share_bp": 4000}])[1]
    client.force_login(partner.user)

    page = client.get(reverse("catalog:studio_collaborations")).content.decode()
    assert str(work.title) in page and "40 %" in page
    response = client.post(reverse("catalog:studio_collaboration_accept", args=[credit.pk]))

    assert response.status_code == 302
    assert ArtworkCredit.objects.get(pk=credit.pk).status == CreditStatus.ACCEPTED
    assert Artwork.objects.get(pk=work.pk).is_listed


def test_a_decline_on_the_invitations_page_keeps_the_work_hidden(client: Client) -> None:
    work = ArtworkFactory()
    partner = ArtistFactory()
    credit = collaboration.set_credits(user=work.artist.user, artwork=work,
                                       credits=[{"artist": partner.slug, "share_bp": 4000}])[1]
    client.force_login(partner.user)

    client.post(reverse("catalog:studio_collaboration_decline", args=[credit.pk]))

    assert ArtworkCredit.objects.get(pk=credit.pk).status == CreditStatus.DECLINED
    assert client.get(work.get_absolute_url()).status_code == 404


def test_answering_someone_elses_invitation_changes_nothing(client: Client) -> None:
    work = ArtworkFactory()
    credit = collaboration.set_credits(user=work.artist.user, artwork=work,
                                       credits=[{"artist": ArtistFactory().slug, "share_bp": 4000}])[1]
    client.force_login(ArtistFactory().user)

    client.post(reverse("catalog:studio_collaboration_accept", args=[credit.pk]))

    assert ArtworkCredit.objects.get(pk=credit.pk).status == CreditStatus.INVITED


def test_the_invitations_page_asks_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get(reverse("catalog:studio_collaborations"))

    assert response.status_code == 302 and "login" in response["Location"]


def test_the_public_page_names_the_collaborators_who_accepted_with_their_roles(client: Client) -> None:
    work = ArtworkFactory()
    partner = ArtistFactory()
    credit = collaboration.set_credits(user=work.artist.user, artwork=work, credits=[
        {"artist": partner.slug, "role": "contributor", "role_note": "ornament", "share_bp": 4000}])[1]
    collaboration.accept_credit(user=partner.user, credit_id=credit.pk)

    page = client.get(work.get_absolute_url()).content.decode()

    assert "A collaboration with" in page
    assert f'href="{partner.get_absolute_url()}"' in page and "Contributor, ornament" in page
    assert "4000" not in page  # the shares are private between the artists


def test_a_work_by_one_artist_shows_no_collaboration(client: Client) -> None:
    assert "A collaboration with" not in client.get(ArtworkFactory().get_absolute_url()).content.decode()


def test_the_studio_links_to_the_invitations_and_each_works_collaborators(client: Client, work: Artwork) -> None:
    assert reverse("catalog:studio_collaborations") in client.get(reverse("catalog:studio")).content.decode()
    assert _url(work) in client.get(reverse("catalog:studio_edit", args=[work.pk])).content.decode()
