"""Discovery writes, one module per area: saves (saved works and searches, alerts), views (counting page
views), trending (the periodic score), similar (works and artists computed ahead)."""
