"""Discovery jobs, one module per area (trending, similar, searches)."""
