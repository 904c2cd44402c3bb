"""Row locks the catalogue's services take, one function per lockable set (see ARCHITECTURE.md).

Each locks in primary-key order, so two transactions that take the same locks never wait on each other
in opposite orders. On SQLite ``select_for_update()`` does nothing; there the IMMEDIATE transaction
mode already holds the write lock from a transaction's start.
"""

from __future__ import annotations

from dala.accounts.models import ArtistProfile

from .models import Artwork


def lock_artist(artist_id: int) -> None:
    """Lock the artist's profile row until the current transaction ends.

    Taken before a check-then-act on what an artist owns as a whole (the storage quota): a second
    upload by the same artist waits here until the first has committed its image, and then counts it.
    Must be called inside ``transaction.atomic``."""
    list(ArtistProfile.objects.filter(pk=artist_id).order_by("pk").select_for_update().values_list("pk", flat=True))


def lock_artwork(artwork_id: int) -> None:
    """Lock one artwork's row until the current transaction ends.

    Taken before changing a collaboration's credits or answering an invitation: the credits and the
    work's ``credits_pending`` are read and written together, so two answers (or an answer and the lead
    changing the list) must not interleave. Must be called inside ``transaction.atomic``."""
    list(Artwork.objects.filter(pk=artwork_id).order_by("pk").select_for_update().values_list("pk", flat=True))
