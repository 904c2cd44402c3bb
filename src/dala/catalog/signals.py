"""Signals the catalogue sends, for the apps above it (which catalog may not import)."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent once the transaction that stored a new artwork image commits (and when one is to be made
#: again). Arguments: ``image_id`` (int). dala.imaging listens and makes renditions, palette and hash.
image_uploaded = Signal()

#: Sent once the transaction that deleted an artwork image commits. Arguments: ``image_id`` (int).
#: dala.imaging listens and removes what it derived from the image outside the catalogue's fields
#: (the IIIF pyramid under ``iiif/<id>/``).
image_deleted = Signal()

#: Sent when a public artwork page is served. Arguments: ``request`` (HttpRequest), ``artwork``
#: (Artwork, with ``artist`` loaded). dala.discovery listens and counts the view for the dashboard and
#: the trending score; the catalogue neither counts nor stores anything itself.
artwork_viewed = Signal()

#: Sent when a public artist page is served. Arguments: ``request``, ``artist`` (ArtistProfile).
artist_viewed = Signal()

#: Sent after an artwork is saved with ``save()`` (not bulk writes, not raw fixture loading). Arguments:
#: ``artwork`` (Artwork), ``created`` (bool), ``was_listed`` (whether it was public when loaded; False
#: when created), ``is_listed`` (whether it is public now). The apps above tell from it that a work has
#: just become public (``is_listed and not was_listed``) and announce it, alert saved searches, refresh
#: similar works — each once the transaction commits. Sending it runs no query.
artwork_saved = Signal()

#: Sent once the transaction that changed a collaboration's credits commits, with the arguments of
#: ``dala.market.signals.market_event``: ``action`` (``credit.invited`` to the invited artist;
#: ``credit.accepted`` / ``credit.declined`` to the work's lead artist), ``actor_id``, ``recipient_ids``
#: (list[int] of user ids), ``subject`` (the ArtworkCredit) and ``url``. dala.social notifies.
collaboration_event = Signal()

#: Sent when an artwork's primary palette may have changed (its primary image was processed, chosen or
#: deleted), inside that transaction. Arguments: ``artwork_id`` (int), ``palette`` (the primary image's
#: ``[{hex, weight}]``, empty without one). dala.search listens and rewrites the work's colours in its
#: colour index in the same transaction.
palette_changed = Signal()
