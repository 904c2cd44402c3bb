"""Similar works and artists, computed ahead (by tasks and the periodic pass), never on a page request.

Works: the candidates are other artists' public works that share a subject or the medium, a bounded
number per subject and for the medium, read newest first from indexes, so a recompute costs a few
queries whatever the size of the catalogue. Each is scored by subject overlap (Jaccard), the same
medium, palette overlap (Jaccard of the named colours) and, a little, the same city; ties go to the
newer work (the higher id). The rows of one work are replaced in one transaction.

Artists: an artist is described by their newest public works (subjects, media, named colours) and by
their followers; the candidates are the artists of recent works sharing those subjects and media, and
the artists their followers also follow. Scores are Jaccard overlaps, weighted.

The periodic task (``recompute_similar_pass``) walks all works and then all artists in batches, one
full pass at most every ``DALA_SIMILAR_FULL_EVERY`` seconds; between passes it is one cache read.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from dala.accounts.models import ArtistProfile
from dala.catalog.models import Artwork
from dala.social.models import Follow

from ..models import SimilarArtist, SimilarArtwork

logger = logging.getLogger("dala.discovery")

SubjectLink = Artwork.subjects.through
SimilarRow = TypeVar("SimilarRow", SimilarArtwork, SimilarArtist)

# Weights of the parts of a score. Subjects say most about what a work is about; the medium and the
# palette about how it looks; the city only breaks near-ties.
WORK_WEIGHTS = {"subjects": 3.0, "medium": 1.0, "palette": 1.5, "city": 0.25}
ARTIST_WEIGHTS = {"subjects": 3.0, "media": 1.5, "palette": 1.0, "followers": 2.0}

# Bounds that keep one recompute a few indexed reads at a million works.
MAX_SUBJECTS = 10  # subjects of a work looked at
MAX_CANDIDATE_WORKS = 2000
ARTIST_SAMPLE_WORKS = 200  # an artist is described by this many of their newest public works
CANDIDATE_ARTIST_WORKS = 30  # ...and a candidate artist by this many
MAX_CANDIDATE_ARTISTS = 200
FOLLOWER_SAMPLE = 500  # newest followers of an artist whose other follows are counted


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def works_limit() -> int:
    return _setting("DALA_SIMILAR_WORKS", 8)


def artists_limit() -> int:
    return _setting("DALA_SIMILAR_ARTISTS", 6)


def candidates_per_criterion() -> int:
    return _setting("DALA_SIMILAR_CANDIDATES", 300)


def jaccard(a: set[Any] | frozenset[Any], b: set[Any] | frozenset[Any]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if shared else 0.0


def colour_set(colours: str) -> frozenset[str]:
    """The named-colour slugs of ``Artwork.colours`` (" blue ochre white ")."""
    return frozenset(colours.split())


# Works ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkFeatures:
    id: int
    artist_id: int
    medium_id: int
    city_id: int | None
    colours: frozenset[str]
    subjects: frozenset[int]


def score_works(work: WorkFeatures, other: WorkFeatures) -> float:
    score = WORK_WEIGHTS["subjects"] * jaccard(work.subjects, other.subjects)
    if work.medium_id == other.medium_id:
        score += WORK_WEIGHTS["medium"]
    score += WORK_WEIGHTS["palette"] * jaccard(work.colours, other.colours)
    if work.city_id is not None and work.city_id == other.city_id:
        score += WORK_WEIGHTS["city"]
    return round(score, 6)


def _work_features(ids: Iterable[int], *, exclude_artist_id: int | None = None) -> list[WorkFeatures]:
    """The scoring features of the listed works among ``ids``, in two queries."""
    ids = list(ids)
    if not ids:
        return []
    rows = Artwork.objects.listed().filter(pk__in=ids)
    if exclude_artist_id is not None:
        rows = rows.exclude(artist_id=exclude_artist_id)
    values = list(rows.order_by().values_list("pk", "artist_id", "medium_id", "artist__city_id", "colours"))
    subjects: dict[int, set[int]] = defaultdict(set)
    for artwork_id, subject_id in (SubjectLink.objects.filter(artwork_id__in=[row[0] for row in values])
                                   .values_list("artwork_id", "subject_id")):
        subjects[artwork_id].add(subject_id)
    return [WorkFeatures(id=pk, artist_id=artist_id, medium_id=medium_id, city_id=city_id,
                         colours=colour_set(colours), subjects=frozenset(subjects[pk]))
            for pk, artist_id, medium_id, city_id, colours in values]


def _candidate_work_ids(work: WorkFeatures) -> set[int]:
    """Other artists' public works sharing a subject or the medium, newest first, a bounded number each."""
    per = candidates_per_criterion()
    found: set[int] = set()
    for subject_id in sorted(work.subjects)[:MAX_SUBJECTS]:
        # The newest links of the subject (the subject index, read backwards by id) that are public works.
        found.update(SubjectLink.objects.filter(subject_id=subject_id, artwork__is_listed__in=[True])
                     .exclude(artwork__artist_id=work.artist_id).order_by("-id")
                     .values_list("artwork_id", flat=True)[:per])
    # The (is_listed, medium, -created_at) index serves this one.
    found.update(Artwork.objects.listed().filter(medium_id=work.medium_id).exclude(artist_id=work.artist_id)
                 .order_by("-created_at").values_list("pk", flat=True)[:per])
    found.discard(work.id)
    if len(found) > MAX_CANDIDATE_WORKS:
        found = set(sorted(found, reverse=True)[:MAX_CANDIDATE_WORKS])
    return found


def rank_similar_works(artwork_id: int, *, limit: int | None = None) -> list[tuple[int, float]]:
    """(work id, score) of the works most like ``artwork_id``, best first; [] if it is not public."""
    limit = works_limit() if limit is None else limit
    own = _work_features([artwork_id])
    if not own or limit <= 0:
        return []
    work = own[0]
    candidates = _work_features(_candidate_work_ids(work), exclude_artist_id=work.artist_id)
    scored = [(other.id, score_works(work, other)) for other in candidates]
    scored = [(pk, score) for pk, score in scored if score > 0]
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored[:limit]


def _replace_rows(model: type[SimilarRow], owner_field: str, owner_id: int,
                  ranked: list[tuple[int, float]]) -> int:
    rows = [model(**{f"{owner_field}_id": owner_id, "similar_id": pk, "score": score, "rank": rank})
            for rank, (pk, score) in enumerate(ranked, start=1)]
    try:
        with transaction.atomic():
            model._default_manager.filter(**{f"{owner_field}_id": owner_id}).delete()
            model._default_manager.bulk_create(rows)
    except IntegrityError:
        # Another recompute of the same list committed first (or the owner was just deleted): its rows
        # are as fresh as these would have been.
        logger.info("similar %s of %s written concurrently; kept the other", model.__name__, owner_id)
        return 0
    return len(rows)


def recompute_similar_works(*, artwork_id: int, limit: int | None = None) -> int:
    """Store the works most like ``artwork_id`` (up to ``DALA_SIMILAR_WORKS``), replacing its rows in one
    transaction; a work that is not public (or is gone) keeps none. Returns how many were stored."""
    return _replace_rows(SimilarArtwork, "artwork", artwork_id, rank_similar_works(artwork_id, limit=limit))


def works_listing(artwork_id: int, *, limit: int = 100) -> list[int]:
    """The works whose stored lists name ``artwork_id`` (to refresh when it leaves or joins the public)."""
    return list(SimilarArtwork.objects.filter(similar_id=artwork_id).order_by("artwork_id")
                .values_list("artwork_id", flat=True)[:limit])


def refresh_around_work(*, artwork_id: int, spread: bool = False) -> int:
    """Recompute a changed work's list and its artist's. With ``spread`` (the work just became public
    or stopped being public), also the lists that name it or that it now names, so it appears in or
    leaves its neighbours' lists before the next full pass. Returns how many lists were recomputed."""
    recompute_similar_works(artwork_id=artwork_id)
    done = 1
    artist_id = Artwork.objects.filter(pk=artwork_id).values_list("artist_id", flat=True).first()
    if artist_id is not None:
        recompute_similar_artists(artist_id=artist_id)
        done += 1
    if spread:
        neighbours = set(works_listing(artwork_id))
        neighbours.update(SimilarArtwork.objects.filter(artwork_id=artwork_id).values_list("similar_id", flat=True))
        neighbours.discard(artwork_id)
        for neighbour in sorted(neighbours):
            recompute_similar_works(artwork_id=neighbour)
            done += 1
    return done


# Artists ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArtistFeatures:
    id: int
    subjects: frozenset[int]
    media: frozenset[int]
    colours: frozenset[str]


def score_artists(artist: ArtistFeatures, other: ArtistFeatures, *, followers: float = 0.0) -> float:
    score = (ARTIST_WEIGHTS["subjects"] * jaccard(artist.subjects, other.subjects)
             + ARTIST_WEIGHTS["media"] * jaccard(artist.media, other.media)
             + ARTIST_WEIGHTS["palette"] * jaccard(artist.colours, other.colours)
             + ARTIST_WEIGHTS["followers"] * followers)
    return round(score, 6)


def _artist_features(artist_ids: list[int], *, works_each: int) -> dict[int, ArtistFeatures]:
    """What each artist's newest ``works_each`` public works are about, in two queries."""
    if not artist_ids:
        return {}
    newest = (Artwork.objects.listed().filter(artist_id__in=artist_ids)
              .annotate(nth=Window(RowNumber(), partition_by=[F("artist_id")],
                                   order_by=[F("created_at").desc(), F("id").desc()]))
              .filter(nth__lte=works_each).order_by().values_list("pk", "artist_id", "medium_id", "colours"))
    works: dict[int, int] = {}
    media: dict[int, set[int]] = defaultdict(set)
    colours: dict[int, set[str]] = defaultdict(set)
    for pk, artist_id, medium_id, work_colours in newest:
        works[pk] = artist_id
        media[artist_id].add(medium_id)
        colours[artist_id].update(work_colours.split())
    subjects: dict[int, set[int]] = defaultdict(set)
    for artwork_id, subject_id in (SubjectLink.objects.filter(artwork_id__in=list(works))
                                   .values_list("artwork_id", "subject_id")):
        subjects[works[artwork_id]].add(subject_id)
    return {artist_id: ArtistFeatures(id=artist_id, subjects=frozenset(subjects[artist_id]),
                                      media=frozenset(media[artist_id]), colours=frozenset(colours[artist_id]))
            for artist_id in media}


def _candidate_artist_ids(artist: ArtistFeatures, follower_ids: list[int]) -> Counter[int]:
    """Other public artists to score, each with how many of ``follower_ids`` follow them too."""
    per = candidates_per_criterion()
    found: set[int] = set()
    for subject_id in sorted(artist.subjects)[:MAX_SUBJECTS]:
        found.update(SubjectLink.objects.filter(subject_id=subject_id, artwork__is_listed__in=[True])
                     .exclude(artwork__artist_id=artist.id).order_by("-id")
                     .values_list("artwork__artist_id", flat=True)[:per])
    for medium_id in sorted(artist.media)[:MAX_SUBJECTS]:
        found.update(Artwork.objects.listed().filter(medium_id=medium_id).exclude(artist_id=artist.id)
                     .order_by("-created_at").values_list("artist_id", flat=True)[:per])
    shared: Counter[int] = Counter()
    if follower_ids:
        shared.update(dict(
            Follow.objects.filter(follower_id__in=follower_ids, artist__isnull=False).exclude(artist_id=artist.id)
            .order_by().values("artist_id").annotate(n=Count("id")).order_by("-n", "-artist_id")
            .values_list("artist_id", "n")[:per]))
    found.update(shared)
    found.discard(artist.id)
    # Only public artists with public works; the busiest shared-follower ones first, then the newest.
    ordered = sorted(found, key=lambda pk: (-shared[pk], -pk))[:MAX_CANDIDATE_ARTISTS]
    public = set(ArtistProfile.objects.filter(pk__in=ordered, is_public=True)
                 .filter(Exists(Artwork.objects.listed().filter(artist_id=OuterRef("pk"))))
                 .values_list("pk", flat=True))
    return Counter({pk: shared[pk] for pk in ordered if pk in public})


def rank_similar_artists(artist_id: int, *, limit: int | None = None) -> list[tuple[int, float]]:
    """(artist id, score) of the artists most like ``artist_id``, best first; [] without public works."""
    limit = artists_limit() if limit is None else limit
    if limit <= 0 or not ArtistProfile.objects.filter(pk=artist_id, is_public=True).exists():
        return []
    own = _artist_features([artist_id], works_each=ARTIST_SAMPLE_WORKS).get(artist_id)
    if own is None:
        return []
    follower_ids = list(Follow.objects.filter(artist_id=artist_id).order_by("-id")
                        .values_list("follower_id", flat=True)[:FOLLOWER_SAMPLE])
    candidates = _candidate_artist_ids(own, follower_ids)
    if not candidates:
        return []
    features = _artist_features(list(candidates), works_each=CANDIDATE_ARTIST_WORKS)
    follower_counts = dict(Follow.objects.filter(artist_id__in=[pk for pk, n in candidates.items() if n])
                           .order_by().values("artist_id").annotate(n=Count("id")).values_list("artist_id", "n"))
    scored = []
    for pk, other in features.items():
        shared = candidates.get(pk, 0)
        union = len(follower_ids) + follower_counts.get(pk, 0) - shared
        followers = shared / union if shared and union > 0 else 0.0
        score = score_artists(own, other, followers=followers)
        if score > 0:
            scored.append((pk, score))
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored[:limit]


def recompute_similar_artists(*, artist_id: int, limit: int | None = None) -> int:
    """Store the artists most like ``artist_id`` (up to ``DALA_SIMILAR_ARTISTS``), replacing their rows in
    one transaction; an artist without public works keeps none. Returns how many were stored."""
    return _replace_rows(SimilarArtist, "artist", artist_id, rank_similar_artists(artist_id, limit=limit))


# The periodic pass ------------------------------------------------------------------------------------

PASS_STATE_KEY = "discovery:similar:pass"
# Longer than any pause between passes; if the cache forgets, a new pass simply starts.
PASS_STATE_SECONDS = 7 * 86_400


def _new_state() -> dict[str, Any]:
    return {"phase": "works", "cursor": 0, "started": None, "finished": None}


def recompute_similar_pass(*, now: float | None = None, batch: int | None = None,
                           budget_seconds: float | None = None) -> int:
    """One step of the rolling full pass: the next ``DALA_SIMILAR_BATCH`` works (by id), then, once all
    works are done, the next batch of artists; stops early after ``DALA_SIMILAR_BUDGET_SECONDS``. A pass
    starts at most every ``DALA_SIMILAR_FULL_EVERY`` seconds; between passes this is one cache read.
    The state (phase, cursor, start and end) lives in the cache. Returns how many lists were recomputed."""
    now = time.time() if now is None else now
    batch = _setting("DALA_SIMILAR_BATCH", 500) if batch is None else batch
    budget = float(getattr(settings, "DALA_SIMILAR_BUDGET_SECONDS", 20) if budget_seconds is None
                   else budget_seconds)
    state = cache.get(PASS_STATE_KEY) or _new_state()
    if state["started"] is None or state["phase"] == "done":
        if state["finished"] is not None and now - state["started"] < _setting("DALA_SIMILAR_FULL_EVERY", 86_400):
            return 0
        state = {**_new_state(), "started": now}
    deadline = time.monotonic() + budget
    done = 0
    while done < batch and time.monotonic() < deadline:
        if state["phase"] == "works":
            ids = list(Artwork.objects.filter(pk__gt=state["cursor"]).order_by("pk")
                       .values_list("pk", flat=True)[:min(batch - done, 100)])
            recompute = recompute_similar_works
            key = "artwork_id"
        else:
            ids = list(ArtistProfile.objects.filter(pk__gt=state["cursor"]).order_by("pk")
                       .values_list("pk", flat=True)[:min(batch - done, 100)])
            recompute = recompute_similar_artists  # type: ignore[assignment]
            key = "artist_id"
        if not ids:
            if state["phase"] == "works":
                state.update(phase="artists", cursor=0)
                continue
            state.update(phase="done", cursor=0, finished=now)
            break
        for pk in ids:
            recompute(**{key: pk})
            state["cursor"] = pk
            done += 1
            if time.monotonic() >= deadline:
                break
    cache.set(PASS_STATE_KEY, state, PASS_STATE_SECONDS)
    return done


def recompute_all_similar() -> int:
    """Every work's and every artist's list, now (the management command's ``--all``); restarts the
    periodic pass's clock. Returns how many lists were recomputed."""
    done = 0
    for pk in Artwork.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000):
        recompute_similar_works(artwork_id=pk)
        done += 1
    for pk in ArtistProfile.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000):
        recompute_similar_artists(artist_id=pk)
        done += 1
    now = timezone.now().timestamp()
    cache.set(PASS_STATE_KEY, {"phase": "done", "cursor": 0, "started": now, "finished": now}, PASS_STATE_SECONDS)
    return done
