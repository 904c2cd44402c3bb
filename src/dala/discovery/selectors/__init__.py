"""Discovery reads, one module per area: saves, trending, similar, dashboard (the artist's statistics)."""
