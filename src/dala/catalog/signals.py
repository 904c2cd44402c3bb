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
