"""Imaging has no models to administer; an image's processing state shows on the catalogue's admin.
Staff reprocess images with ``dala images reprocess``."""
