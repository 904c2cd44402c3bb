"""Collaborations: the lead artist credits collaborators with roles and shares; the work is public only once
every collaborator has accepted; the bulk visibility change respects that."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dala.catalog import collaboration
from dala.catalog.models import Artwork, ArtworkCredit, CreditStatus
from dala.catalog.services import set_artist_visibility
from dala.catalog.signals import artwork_saved, collaboration_event
from dala.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]



@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    collaboration_event.connect(receiver, dispatch_uid="test-collaboration-events")
    yield received
    collaboration_event.disconnect(dispatch_uid="test-collaboration-events")


def _duo(share: int = 4000) -> tuple[Artwork, Any]:
    work = ArtworkFactory()
    partner = ArtistFactory()
    return work, partner


def _set(work: Artwork, *rows: dict[str, Any]) -> list[ArtworkCredit]:
    return collaboration.set_credits(user=work.artist.user, artwork=work, credits=list(rows))


def _reload(work: Artwork) -> Artwork:
    return Artwork.objects.get(pk=work.pk)


def test_the_lead_credits_a_collaborator_and_the_work_hides_until_they_accept(events: list[dict[str, Any]],
                                                                               django_capture_on_commit_callbacks: Any
                                                                               ) -> None:
    work, partner = _duo()
    with django_capture_on_commit_callbacks(execute=True):
        credits = _set(work, {"artist": work.artist.slug, "share_bp": 6000},
                       {"artist": partner.slug, "role": "contributor", "role_note": "ornament", "share_bp": 4000})

    assert [(c.artist_id, c.role, c.share_bp, c.status) for c in credits] == [
        (work.artist.pk, "lead", 6000, "accepted"), (partner.pk, "contributor", 4000, "invited")]
    assert _reload(work).credits_pending and not _reload(work).is_listed
    assert [(e["action"], e["recipient_ids"]) for e in events] == [("credit.invited", [partner.user.pk])]

    invitation = credits[1]
    with django_capture_on_commit_callbacks(execute=True):
        collaboration.accept_credit(user=partner.user, credit_id=invitation.pk)

    assert not _reload(work).credits_pending and _reload(work).is_listed
    assert events[-1]["action"] == "credit.accepted" and events[-1]["recipient_ids"] == [work.artist.user.pk]


def test_going_public_on_the_last_acceptance_is_told_through_artwork_saved() -> None:
    work, partner = _duo()
    credit = _set(work, {"artist": partner.pk, "share_bp": 5000})[1]
    seen: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        seen.append(kwargs)

    artwork_saved.connect(receiver, dispatch_uid="test-artwork-saved")
    try:
        collaboration.accept_credit(user=partner.user, credit_id=credit.pk)
    finally:
        artwork_saved.disconnect(dispatch_uid="test-artwork-saved")

    assert [(s["was_listed"], s["is_listed"]) for s in seen] == [(False, True)]


def test_the_lead_left_out_keeps_the_rest_of_the_shares() -> None:
    work, partner = _duo()

    credits = _set(work, {"artist": partner.slug, "share_bp": 2500})

    assert [(c.artist_id, c.share_bp) for c in credits] == [(work.artist.pk, 7500), (partner.pk, 2500)]


@pytest.mark.parametrize(("shares", "message"), [
    ((6000, 3000), "The shares add up to 90 %; they must add up to 100 %."),
    ((6000, 4001), "The shares add up to 100.01 %; they must add up to 100 %."),
])
def test_shares_not_adding_up_to_100_percent_are_refused_and_nothing_is_saved(shares: tuple[int, int],
                                                                              message: str) -> None:
    work, partner = _duo()

    with pytest.raises(ValidationFailed) as refused:
        _set(work, {"artist": work.artist.slug, "share_bp": shares[0]}, {"artist": partner.slug, "share_bp": shares[1]})

    assert refused.value.errors[0].message == message and refused.value.errors[0].field == "credits"
    assert not ArtworkCredit.objects.exists() and _reload(work).is_listed


def test_a_refused_change_leaves_the_agreed_credits_as_they_were() -> None:
    work, partner = _duo()
    credit = _set(work, {"artist": partner.slug, "share_bp": 5000})[1]
    collaboration.accept_credit(user=partner.user, credit_id=credit.pk)

    with pytest.raises(ValidationFailed):
        _set(work, {"artist": partner.slug, "share_bp": 5000}, {"artist": "nobody-here", "share_bp": 1000})

    assert list(work.credits.values_list("artist_id", "status")) == [(work.artist.pk, "accepted"),
                                                                     (partner.pk, "accepted")]
    assert _reload(work).is_listed


@pytest.mark.parametrize("share", [0, -5, 10_001, 33.5, True])
def test_each_share_is_a_whole_number_of_basis_points_above_0_and_at_most_100_percent(share: Any) -> None:
    work, partner = _duo()

    with pytest.raises(ValidationFailed) as refused:
        _set(work, {"artist": partner.slug, "share_bp": share})

    assert refused.value.errors[0].code == collaboration.INVALID_SHARE
    assert refused.value.errors[0].field == "credits.0.share_bp"


def test_an_artist_credited_twice_is_refused() -> None:
    work, partner = _duo()

    with pytest.raises(ValidationFailed) as refused:
        _set(work, {"artist": partner.slug, "share_bp": 2000}, {"artist": partner.pk, "share_bp": 2000})

    assert refused.value.errors[0].code == collaboration.DUPLICATE_ARTIST
    assert refused.value.errors[0].field == "credits.1.artist"


def test_an_unknown_artist_is_refused_with_the_name_given() -> None:
    work, _partner = _duo()

    with pytest.raises(ValidationFailed) as refused:
        _set(work, {"artist": "no-such-artist", "share_bp": 2000})

    assert refused.value.errors[0].code == collaboration.UNKNOWN_ARTIST
    assert "no-such-artist" in str(refused.value.errors[0].message)


def test_a_collaborator_cannot_be_made_the_lead() -> None:
    work, partner = _duo()

    with pytest.raises(ValidationFailed) as refused:
        _set(work, {"artist": partner.slug, "role": "lead", "share_bp": 2000})

    assert refused.value.errors[0].code == collaboration.INVALID_ROLE


def test_only_the_works_own_artist_may_set_its_credits() -> None:
    work, partner = _duo()

    for user in (partner.user, UserFactory()):
        with pytest.raises(PermissionDenied):
            collaboration.set_credits(user=user, artwork=work, credits=[{"artist": partner.slug, "share_bp": 5000}])
    assert not ArtworkCredit.objects.exists()


def test_a_decline_keeps_the_work_hidden_until_the_lead_changes_the_credits(
        events: list[dict[str, Any]], django_capture_on_commit_callbacks: Any) -> None:
    work, partner = _duo()
    other = ArtistFactory()
    credits = _set(work, {"artist": partner.slug, "share_bp": 3000}, {"artist": other.slug, "share_bp": 3000})
    collaboration.accept_credit(user=partner.user, credit_id=credits[1].pk)
    with django_capture_on_commit_callbacks(execute=True):
        collaboration.decline_credit(user=other.user, credit_id=credits[2].pk)

    assert _reload(work).credits_pending and not _reload(work).is_listed
    assert events[-1]["action"] == "credit.declined" and events[-1]["recipient_ids"] == [work.artist.user.pk]
    with pytest.raises(Conflict):
        collaboration.accept_credit(user=other.user, credit_id=credits[2].pk)

    # The lead drops the one who declined, keeping the partner's share: the agreed credit stands.
    _set(work, {"artist": work.artist.slug, "share_bp": 7000}, {"artist": partner.slug, "share_bp": 3000})

    assert _reload(work).is_listed
    assert ArtworkCredit.objects.get(artist=partner).status == CreditStatus.ACCEPTED


def test_changing_a_share_asks_the_collaborator_again_but_a_new_role_does_not(
        events: list[dict[str, Any]], django_capture_on_commit_callbacks: Any) -> None:
    work, partner = _duo()
    credit = _set(work, {"artist": partner.slug, "share_bp": 3000})[1]
    collaboration.accept_credit(user=partner.user, credit_id=credit.pk)

    _set(work, {"artist": partner.slug, "role": "fabricator", "role_note": "casting", "share_bp": 3000})
    assert ArtworkCredit.objects.get(pk=credit.pk).status == CreditStatus.ACCEPTED and _reload(work).is_listed

    with django_capture_on_commit_callbacks(execute=True):
        _set(work, {"artist": partner.slug, "share_bp": 3500})

    assert ArtworkCredit.objects.get(pk=credit.pk).status == CreditStatus.INVITED
    assert not _reload(work).is_listed
    assert [e["action"] for e in events] == ["credit.invited"]


def test_an_empty_list_or_the_lead_alone_ends_the_collaboration() -> None:
    work, partner = _duo()
    _set(work, {"artist": partner.slug, "share_bp": 3000})
    assert not _reload(work).is_listed

    _set(work, {"artist": work.artist.slug, "share_bp": 10_000})
    assert not ArtworkCredit.objects.exists() and _reload(work).is_listed

    _set(work, {"artist": partner.slug, "share_bp": 3000})
    _set(work)
    assert not ArtworkCredit.objects.exists() and _reload(work).is_listed


def test_only_the_invited_artist_may_answer() -> None:
    work, partner = _duo()
    credit = _set(work, {"artist": partner.slug, "share_bp": 3000})[1]

    for user in (work.artist.user, ArtistFactory().user, UserFactory()):
        with pytest.raises(NotFound):
            collaboration.accept_credit(user=user, credit_id=credit.pk)
    assert ArtworkCredit.objects.get(pk=credit.pk).status == CreditStatus.INVITED


def test_showing_a_hidden_artist_again_keeps_a_pending_collaboration_hidden() -> None:
    work, partner = _duo()
    solo = ArtworkFactory(artist=work.artist)
    _set(work, {"artist": partner.slug, "share_bp": 3000})

    set_artist_visibility(artist=work.artist, is_public=False)
    set_artist_visibility(artist=work.artist, is_public=True)

    assert not _reload(work).is_listed and _reload(solo).is_listed


def test_the_public_sees_only_accepted_credits_and_the_collaborator_sees_the_work() -> None:
    work, partner = _duo()
    credit = _set(work, {"artist": partner.slug, "share_bp": 3000})[1]
    assert collaboration.accepted_credits(work) == []

    collaboration.accept_credit(user=partner.user, credit_id=credit.pk)

    assert [c.artist_id for c in collaboration.accepted_credits(work)] == [work.artist.pk, partner.pk]
    assert collaboration.collaborations_of(partner) == [_reload(work)]


@pytest.mark.parametrize(("text", "bp"), [("33.33", 3333), ("33,33", 3333), ("50", 5000), ("0.01", 1),
                                          ("100 %", 10_000)])
def test_percentages_with_up_to_two_decimals_are_exact_basis_points(text: str, bp: int) -> None:
    assert collaboration.percent_to_bp(text) == bp


@pytest.mark.parametrize("text", ["33.333", "abc", "", "NaN", "1e-3"])
def test_more_precision_than_two_decimals_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        collaboration.percent_to_bp(text)
