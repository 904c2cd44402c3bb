"""The data the API fuzz test runs against: one of everything the API can address, owned so that the
fuzzing artist is on every side of it (seller, buyer, organiser, juror, mentor, reviewed artist).

``real_path_parameters`` turns it into values for an operation's path parameters, so that generated
requests reach existing rows and not only the 404 of a random id."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile

from dala.accounts.models import ArtistProfile
from dala.accounts.services import create_api_token
from dala.catalog.models import ArtworkCredit, Availability, CreditRole, CreditStatus
from dala.critique.services import reply_to_review
from dala.market.models import Certificate
from dala.market.services import inquiries, offers
from dala.programmes.models import EntryStatus, ExhibitionWork, InstallationPhoto
from dala.social.models import Follow, Notification
from tests.critique.factories import ReviewFactory
from tests.discovery.factories_saves import SavedSearchFactory, SavedWorkFactory
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ArtworkImageFactory,
    ExhibitionFactory,
    GalleryFactory,
    MentorshipFactory,
    OpenCallFactory,
    image_bytes,
)
from tests.market.factories_auctions import make_auction, make_lot
from tests.market.factories_orders import CollectorFactory, bought, edition_work, paid, represent
from tests.programmes.factories_exhibitions import organiser, show_with_works
from tests.programmes.factories_jury import entry_with_works, judged_call, juror_of
from tests.programmes.factories_mentorship import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    EmergingArtistFactory,
    LogEntryFactory,
)


@dataclass
class World:
    """Who the fuzzer is, and the values of each kind of path parameter that name a real row."""

    artist: ArtistProfile
    token: str
    # (the literal segment before a parameter, the parameter's name) → values naming real rows.
    values: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def add(self, segment: str, name: str, *values: Any) -> None:
        self.values.setdefault((segment, name), []).extend(values)


def build_world() -> World:
    """Create the rows; takes about a second."""
    artist = ArtistFactory()
    _token, key = create_api_token(user=artist.user, name="fuzz")
    world = World(artist=artist, token=key)
    other = ArtistFactory()
    emerging = EmergingArtistFactory()
    collector = CollectorFactory()
    gallery = GalleryFactory()

    # Catalogue: works for sale (one with an image), a draft, an edition, another artist's works.
    for_sale = ArtworkFactory(artist=artist)
    on_offer = ArtworkFactory(artist=artist)
    draft = ArtworkFactory(artist=artist, availability=Availability.DRAFT)
    image = ArtworkImageFactory(artwork=for_sale)
    edition, edition_set = edition_work(artist=artist, buy_now=True)
    theirs = ArtworkFactory(artist=other)
    collaboration = ArtworkFactory(artist=other)
    ArtworkCredit.objects.create(artwork=collaboration, artist=other, role=CreditRole.LEAD, share_bp=5000,
                                 status=CreditStatus.ACCEPTED)
    credit = ArtworkCredit.objects.create(artwork=collaboration, artist=artist, share_bp=5000,
                                          invited_by=other.user)
    own_works = [for_sale.pk, on_offer.pk, draft.pk, edition.pk]
    world.add("artists", "slug", artist.slug, other.slug)
    world.add("artworks", "artwork_id", *own_works, theirs.pk, collaboration.pk)
    world.add("saved-works", "artwork_id", theirs.pk, for_sale.pk)
    world.add("images", "image_id", image.pk)
    world.add("collaborations", "credit_id", credit.pk)

    # Market: offers both ways, an inquiry, orders pending and paid, a certificate, a gallery, an auction.
    offer_in = offers.make_offer(buyer=collector.user, artwork_id=on_offer.pk, amount=120_000_000,
                                 currency="KZT")
    offer_out = offers.make_offer(buyer=artist.user, artwork_id=theirs.pk, amount=100_000_000, currency="KZT")
    inquiry = inquiries.ask_about(buyer=collector.user, artwork_id=for_sale.pk, body="Is it still available?")
    pending = bought(ArtworkFactory(artist=artist, buy_now=True), buyer=collector.user)
    sold = paid(bought(edition, buyer=collector.user, edition=edition_set))
    certificate = Certificate.objects.get(order=sold)
    representation = represent(for_sale, gallery=gallery)
    auction = make_auction(title="Steppe night")
    lot = make_lot(auction, artwork=ArtworkFactory(artist=artist))
    world.add("offers", "offer_id", offer_in.pk, offer_out.pk)
    world.add("inquiries", "inquiry_id", inquiry.pk)
    world.add("orders", "number", pending.number, sold.number)
    world.add("certificates", "code", certificate.code)
    world.add("auctions", "slug", auction.slug)
    world.add("lots", "lot_id", lot.pk)
    world.add("representations", "representation_id", representation.pk)

    # Social: notifications, a follow, saved works and searches.
    Follow.objects.create(follower=artist.user, artist=other)
    notification = Notification.objects.filter(recipient=artist.user).first() or Notification.objects.create(
        recipient=artist.user, action="offer.made", url="/")
    SavedWorkFactory(user=artist.user, artwork=theirs)
    search = SavedSearchFactory(user=artist.user)
    world.add("notifications", "notification_id", notification.pk)
    world.add("users", "user_id", artist.user.pk, collector.user.pk)
    world.add("saved-searches", "search_id", search.pk)

    # Programmes: exhibitions (the artist curates one), calls (organises, enters, judges), mentorships.
    organiser(email=artist.user.email)  # the artist may curate
    own_show = ExhibitionFactory(organiser=artist.user)
    ExhibitionWork.objects.create(exhibition=own_show, artwork=for_sale, position=0)
    photo = InstallationPhoto.objects.create(exhibition=own_show,
                                             image=ContentFile(image_bytes(), name="view.jpg"))
    public_show = show_with_works(status="published")
    world.add("exhibitions", "slug", own_show.slug, public_show.slug)
    world.add("photos", "photo_id", photo.pk)

    own_call = OpenCallFactory(organiser=artist.user)
    own_entry = entry_with_works(own_call, artist=other)
    entered_call = OpenCallFactory()
    entry_with_works(entered_call, artist=artist, status=EntryStatus.DRAFT, submitted_at=None)
    judged = judged_call()  # its deadline passed: judging is open
    juror_of(judged, user=artist.user)
    judged_entry = entry_with_works(judged, artist=other)
    world.add("calls", "slug", own_call.slug, entered_call.slug, judged.slug)
    world.add("entries", "entry_id", own_entry.pk, judged_entry.pk)

    mentorship = MentorshipFactory(mentor=artist)
    application = ApplicationFactory(mentorship=mentorship, applicant=emerging)
    accepted = AcceptedApplicationFactory(mentorship=mentorship)
    log_entry = LogEntryFactory(application=accepted)
    world.add("mentorships", "slug", mentorship.slug)
    world.add("applications", "application_id", application.pk, accepted.pk)
    world.add("log", "application_id", accepted.pk)
    world.add("log-entries", "entry_id", log_entry.pk)

    # Critique: a published review of the artist's work, with the artist's reply.
    review = ReviewFactory(artworks=[for_sale])
    reply_to_review(user=artist.user, review_id=review.pk, body="Thank you for looking closely.")
    world.add("reviews", "review_id", review.pk, ReviewFactory(artworks=[theirs]).pk)
    return world


_PARAMETER = re.compile(r"\{([^}]+)\}")


def real_path_parameters(world: World, path: str) -> list[dict[str, Any]]:
    """Every combination of real values for the parameters in ``path`` (an OpenAPI path template)."""
    segments = path.strip("/").split("/")
    choices: dict[str, list[Any]] = {}
    for index, segment in enumerate(segments):
        match = _PARAMETER.fullmatch(segment)
        if not match:
            continue
        before = segments[index - 1] if index else ""
        if before == "entries" and "log" in segments:
            before = "log-entries"  # a mentorship log's entries, not an open call's
        values = world.values.get((before, match.group(1)))
        if not values:
            return []
        choices[match.group(1)] = values
    return [dict(zip(choices, combination, strict=True)) for combination in itertools.product(*choices.values())]
