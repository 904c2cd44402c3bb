"""Imaging keeps no tables of its own: what it makes of an image is stored on
:class:`dala.catalog.models.ArtworkImage` (renditions, palette, phash, processing state), written
through the catalogue's services, because the catalogue may not import imaging."""
