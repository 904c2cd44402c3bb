"""Search: one index of artists, artworks, exhibitions and reviews, normalised across scripts."""
