"""The world the authorisation matrix is checked against: one of each role and the things they own.

Built once per test module (see ``conftest.world``) through the services where a service exists, so
that every object is in a state the app itself could have reached. docs/authorisation.md describes
this world in words; a row's "Object" names one of the things kept in :attr:`World.objects`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from dala.accounts.models import CollectorProfile, Role, User, UserRole
from dala.accounts.services import create_api_token
from dala.catalog import collaboration
from dala.catalog.models import Availability
from dala.catalog.services import add_edition_set
from dala.core.translation import Translated
from dala.critique.services import create_review, publish_review, reply_to_review
from dala.discovery.services.saves import save_search, save_work
from dala.market.models import Certificate
from dala.market.services import auctions, inquiries, offers, orders, provenance, representation
from dala.programmes.models import (
    CallStatus,
    EntryStatus,
    EntryWork,
    ExhibitionWork,
    InstallationPhoto,
    JurorStatus,
    PublicationStatus,
)
from dala.programmes.services import mentorship
from dala.social import services as social
from tests.critique.factories import CriticFactory
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ArtworkImageFactory,
    EntryFactory,
    ExhibitionFactory,
    GalleryFactory,
    JurorFactory,
    OpenCallFactory,
    SubjectFactory,
    UserFactory,
    image_bytes,
)

#: The nine roles, in the order of the table's columns: (the name a test id uses, the column heading).
ROLES: tuple[tuple[str, str], ...] = (
    ("anonymous", "anonymous"),
    ("artist", "artist"),
    ("other_artist", "other artist"),
    ("critic", "critic"),
    ("gallery", "gallery"),
    ("representing_gallery", "representing gallery"),
    ("collector", "collector"),
    ("curator", "curator"),
    ("staff", "staff"),
)
ROLE_NAMES = tuple(name for name, _heading in ROLES)


@dataclass
class World:
    """Who is who (``users``: role name → user, ``None`` for anonymous), each role's API key and
    session, and the things rows are requested with (``objects``: a row's "Object" cell → the thing)."""

    users: dict[str, User | None]
    keys: dict[str, str | None]
    objects: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # role name → the key of a logged-in session

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def _user(email: str, name: str, *roles: str, **fields: Any) -> Any:
    user: Any = UserFactory(email=email, display_name=name, **fields)
    for role in roles:
        UserRole.objects.get_or_create(user=user, role=role)
    return user


def build_world(media_root: Path) -> World:
    """Everyone, everything; ``media_root`` gets the one file the media URL is asked for."""
    now = timezone.now()
    staff = _user("staff@example.com", "Staff", is_staff=True, is_superuser=True)
    curator = _user("curator@example.com", "Curator", Role.CURATOR)
    collector_user = _user("collector@example.com", "Collector", Role.COLLECTOR)
    CollectorProfile.objects.create(user=collector_user, name="Collector", is_private=True)

    artist: Any = ArtistFactory(user=_user("artist@example.com", "Artist A"), slug="artist-a",
                                career_stage="established")
    other: Any = ArtistFactory(user=_user("other@example.com", "Artist B"), slug="artist-b",
                               career_stage="emerging")
    # An emerging artist who is none of the nine roles: the applicant the mentor has not answered yet.
    applicant: Any = ArtistFactory(user=_user("applicant@example.com", "Applicant"), slug="applicant",
                                   career_stage="emerging")
    critic: Any = CriticFactory(user=_user("critic@example.com", "Critic"), slug="critic-c")
    gallery: Any = GalleryFactory(user=_user("gallery@example.com", "Gallery", Role.GALLERY), slug="gallery-g")
    holder: Any = GalleryFactory(user=_user("holder@example.com", "Representing gallery", Role.GALLERY),
                                 slug="gallery-r")

    o: dict[str, Any] = {"artist": artist, "other artist": other, "critic": critic, "gallery": gallery,
                         "representing gallery": holder, "collector": collector_user, "curator": curator,
                         "staff": staff}

    # The catalogue: A's works (the listed one and the draft with an image each), and one of B's. ---
    work: Any = ArtworkFactory(artist=artist, slug="steppe-light", buy_now=True)
    o["subject"] = SubjectFactory()
    work.subjects.add(o["subject"])
    image: Any = ArtworkImageFactory(artwork=work)
    draft: Any = ArtworkFactory(artist=artist, slug="draft", availability=Availability.DRAFT)
    draft_image: Any = ArtworkImageFactory(artwork=draft)
    order_work: Any = ArtworkFactory(artist=artist, slug="on-hold", buy_now=True)
    paid_work: Any = ArtworkFactory(artist=artist, slug="sold", buy_now=True)
    lot_work: Any = ArtworkFactory(artist=artist, slug="at-auction")
    edition_work: Any = ArtworkFactory(artist=artist, slug="print", edition_type="limited")
    add_edition_set(artwork=edition_work, size=5, price_amount=20_000_000)
    another: Any = ArtworkFactory(artist=artist, slug="untouched", buy_now=True)  # nobody has asked about it yet
    o["another work"] = another
    collab_work: Any = ArtworkFactory(artist=artist, slug="together")
    collaboration.set_credits(user=artist.user, artwork=collab_work, credits=[
        {"artist": artist.pk, "share_bp": 6000}, {"artist": other.slug, "role": "co_author", "share_bp": 4000}])
    credit = collab_work.credits.get(artist=other)
    other_work: Any = ArtworkFactory(artist=other, slug="b-work")
    o.update({"work": work, "image": image, "draft work": draft, "draft image": draft_image,
              "collaboration": collab_work, "invitation": credit, "other artist's work": other_work,
              "edition work": edition_work})

    # The market. ------------------------------------------------------------------------------------
    held = [work.pk, another.pk, order_work.pk, paid_work.pk, lot_work.pk]
    o["representation"] = representation.grant_representation(
        artist_user=artist.user, gallery_id=holder.pk, commission_bp=3000, artwork_ids=held)
    o["offer"] = offers.make_offer(buyer=collector_user, artwork_id=work.pk, amount=120_000_000, currency="KZT")
    o["inquiry"] = inquiries.ask_about(buyer=collector_user, artwork_id=work.pk, body="Is it framed?")
    o["order"] = orders.buy_now(buyer=collector_user, artwork_id=order_work.pk)
    paid = orders.buy_now(buyer=collector_user, artwork_id=paid_work.pk)
    o["paid order"] = orders.record_payment(order_id=paid.pk, user=artist.user, reference="bank 1")
    o["certificate"] = Certificate.objects.get(order=o["paid order"])
    provenance.add_provenance_event(artwork=work, user=artist.user, kind="exhibition", place="Almaty",
                                    occurred_at=now - datetime.timedelta(days=30))
    o["auction"] = auctions.create_auction(
        organiser=holder.user, title={"en": "Steppe evening"}, starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=1), is_published=True)
    o["lot"] = auctions.add_lot(auction=o["auction"], user=holder.user, artwork_id=lot_work.pk,
                                starting_amount=100_000)
    o["other auction"] = auctions.create_auction(
        organiser=gallery.user, title={"en": "Winter sale"}, starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=1), is_published=True)
    o["draft auction"] = auctions.create_auction(
        organiser=holder.user, title={"en": "Not yet"}, starts_at=now + datetime.timedelta(days=7),
        ends_at=now + datetime.timedelta(days=8), is_published=False)

    # Critique: C reviewed A's work twice; A answered the first review. -----------------------------
    review = create_review(user=critic.user, title="Light over the steppe", body="A *careful* work.",
                           language="en", conflict_of_interest="None", artwork_ids=[work.pk])
    o["review"] = publish_review(user=critic.user, review_id=review.pk)
    o["reply"] = reply_to_review(user=artist.user, review_id=review.pk, body="Thank you.")
    second = create_review(user=critic.user, title="Second look", body="Still careful.", language="en",
                           conflict_of_interest="None", artwork_ids=[work.pk])
    o["unanswered review"] = publish_review(user=critic.user, review_id=second.pk)
    o["draft review"] = create_review(user=critic.user, title="Notes", body="Not yet.", language="en",
                                      conflict_of_interest="None", artwork_ids=[work.pk])

    # Programmes. ------------------------------------------------------------------------------------
    o["exhibition"] = ExhibitionFactory(organiser=curator, slug="curated", status=PublicationStatus.PUBLISHED,
                                        published_at=now)
    ExhibitionWork.objects.create(exhibition=o["exhibition"], artwork=work, position=1)
    o["private room"] = ExhibitionFactory(organiser=curator, slug="by-link", kind="viewing_room", is_physical=False,
                                          is_online=True, is_private=True, status=PublicationStatus.PUBLISHED,
                                          published_at=now)
    o["draft exhibition"] = ExhibitionFactory(organiser=artist.user, slug="a-draft-show")
    ExhibitionWork.objects.create(exhibition=o["draft exhibition"], artwork=work, position=1)
    o["photo"] = InstallationPhoto.objects.create(
        exhibition=o["draft exhibition"], image=ContentFile(image_bytes(), name="view.jpg"), position=1)
    # The open call takes entries (C is invited to its jury); the judged call's deadline has passed.
    o["open call"] = OpenCallFactory(organiser=curator, slug="open-call")
    JurorFactory(call=o["open call"], user=critic.user, status=JurorStatus.INVITED)
    o["judged call"] = OpenCallFactory(organiser=curator, slug="judged-call",
                                       deadline=now - datetime.timedelta(days=1))
    JurorFactory(call=o["judged call"], user=critic.user, status=JurorStatus.ACCEPTED)
    entry: Any = EntryFactory(call=o["judged call"], artist=other)
    EntryWork.objects.create(entry=entry, artwork=other_work, position=0)
    o["entry"] = entry
    EntryFactory(call=o["open call"], artist=other, status=EntryStatus.DRAFT, submitted_at=None)
    o["draft call"] = OpenCallFactory(organiser=curator, slug="draft-call", status=CallStatus.DRAFT,
                                      published_at=None)
    o["mentorship"] = mentorship.create_mentorship(
        user=artist.user, theme={"en": "Felt and light"}, length_weeks=12, places=3, languages=["kk", "ru"])
    accepted = mentorship.apply(user=other.user, mentorship=o["mentorship"], statement="I work with felt.")
    o["mentee application"] = mentorship.accept(user=artist.user, application_id=accepted.pk)
    o["log entry"] = mentorship.add_log_entry(user=artist.user, application_id=accepted.pk, kind="goal",
                                              happened_on=now.date(), text="Six felt panels.")
    o["pending application"] = mentorship.apply(user=applicant.user, mentorship=o["mentorship"],
                                                statement="I paint the steppe.")
    # B also waits for an answer on A's second mentorship: an application B may still withdraw.
    ink = mentorship.create_mentorship(user=artist.user, theme={"en": "Ink"}, length_weeks=8, places=2,
                                       languages=["kk"])
    o["B's application"] = mentorship.apply(user=other.user, mentorship=ink, statement="I draw in ink.")

    # Social and discovery: the collector's notification, saves and searches. ----------------------
    o["notification"] = social.notify(recipient_ids=[collector_user.pk], actor_id=artist.user.pk,
                                      action="offer_countered", subject=work, url=offers.offer_url(o["offer"]))[0]
    social.follow(user=collector_user, kind="artist", target_id=artist.pk)
    save_work(user=collector_user, artwork_id=work.pk)
    o["saved search"] = save_search(user=collector_user, params={"medium": "oil"}, name="Oil")
    o["unsubscribe token"] = social.unsubscribe_token(collector_user)

    # Accounts: a spare token of A's, and a password reset link for A. ----------------------------
    o["api token"], _key = create_api_token(user=artist.user, name="spare")
    o["reset link"] = {"uidb64": urlsafe_base64_encode(force_bytes(artist.user.pk)),
                       "token": default_token_generator.make_token(artist.user)}

    _admin_rows(o, now)

    # The one file the media URL is asked for.
    (media_root / "authz").mkdir(parents=True, exist_ok=True)
    (media_root / "authz" / "probe.txt").write_text("ok")

    users: dict[str, User | None] = {
        "anonymous": None, "artist": artist.user, "other_artist": other.user, "critic": critic.user,
        "gallery": gallery.user, "representing_gallery": holder.user, "collector": collector_user,
        "curator": curator, "staff": staff,
    }
    keys: dict[str, str | None] = {"anonymous": None}
    for name, user in users.items():
        if user is not None:
            keys[name] = create_api_token(user=user, name="authz")[1]
    world = World(users=users, keys=keys, objects=o)
    for name, user in users.items():
        if user is not None:
            # One session per role for the whole module: logging in before each request costs more than
            # most requests. A request that ends its session is rolled back with the rest of its test.
            login = Client()
            login.force_login(user)
            world.sessions[name] = login.cookies[settings.SESSION_COOKIE_NAME].value
    return world


def _admin_rows(o: dict[str, Any], now: datetime.datetime) -> None:
    """A row of each model the admin lists that the rest of the world leaves empty, so that its
    change, history and delete pages are asked about something that exists."""
    from django.contrib.auth.models import Group
    from django_tasks_db.models import DBTaskResult, get_date_max

    from dala.catalog.models import Series
    from dala.discovery.models import DailyViews, SearchAlert, SimilarArtist, SimilarArtwork, TrendingScore
    from dala.market.services.auctions import place_bid
    from dala.programmes.services.jury import score
    from dala.search.models import SearchColour

    work, artist = o["work"], o["artist"]
    Group.objects.create(name="Editors")
    Series.objects.create(artist=artist, title=Translated(en="Felt"))
    DailyViews.objects.create(artist=artist, artwork=work, day=now.date(), views=3)
    SearchAlert.objects.create(search=o["saved search"], artwork=work)
    SimilarArtist.objects.create(artist=artist, similar=o["other artist"], score=0.5, rank=1)
    SimilarArtwork.objects.create(artwork=work, similar=o["other artist's work"], score=0.5, rank=1)
    TrendingScore.objects.create(kind="artwork", artwork=work, score=1.0, rank=1, computed_at=now)
    SearchColour.objects.create(artwork_id=work.pk, bin=1, lightness=50, green_red=0, blue_yellow=0, weight=1)
    # Due whenever a worker is free (no run_after): the tests' immediate backend cannot show a timed one.
    DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="dala.social.tasks.send_digests",
                                backend_name="default", run_after=get_date_max(), exception_class_path="",
                                traceback="")
    place_bid(lot_id=o["lot"].pk, bidder=o["collector"], max_amount=200_000)
    score(user=o["critic"].user, call=o["judged call"], entry_id=o["entry"].pk, value=7)
    social.announce_new_work(artwork_id=work.pk)
    social.update_settings(user=o["collector"], email_delivery="instant")
    try:
        beat = apps.get_model("core", "WorkerBeat")
    except LookupError:  # a checkout from before the workers' heartbeat has no such model, nor its admin
        return
    beat.objects.create(worker_id="worker-1", host="localhost", pid=1)
