"""The discovery app's domain error codes. API and forms show them with a translated message.

Shared by every discovery area; add a code here (one line, grouped by area) rather than inventing one
inline."""

# saved works
SAVED_WORK_NOT_PUBLIC = "saved_work_not_public"
SAVES_PRIVATE = "saves_private"

# saved searches
SEARCH_NOT_FOUND = "saved_search_not_found"
SEARCH_EMPTY = "saved_search_empty"
SEARCH_NAME_REQUIRED = "saved_search_name_required"
SEARCH_NAME_TAKEN = "saved_search_name_taken"
SEARCH_LIMIT = "saved_search_limit"
SEARCH_INVALID_FILTER = "invalid_filter"  # the code catalog.BrowseFilters reports a bad filter with

# the dashboard
INVALID_PERIOD = "invalid_period"
