"""Codes of the programmes' domain errors (stable: the API returns them as ``error.code``).

Add a code here when a service needs a new one; keep them grouped by area."""

NOT_LOGGED_IN = "not_logged_in"
NOT_ORGANISER = "not_organiser"
CANNOT_ORGANISE = "cannot_organise"
NOT_AN_ARTIST = "not_an_artist"
NOT_FOUND = "not_found"

# Exhibitions
EXHIBITION_NOT_FOUND = "exhibition_not_found"
EXHIBITION_INVALID = "exhibition_invalid"
EXHIBITION_HAS_NO_WORKS = "exhibition_has_no_works"
WORK_NOT_PUBLIC = "work_not_public"
WORK_ALREADY_SHOWN = "work_already_shown"
BAD_ORDER = "bad_order"
BAD_IMAGE = "bad_image"

# Open calls and entries
CALL_NOT_OPEN = "call_not_open"
DEADLINE_PASSED = "deadline_passed"
DEADLINE_IN_PAST = "deadline_in_past"
NOT_ELIGIBLE = "not_eligible"
TOO_MANY_WORKS = "too_many_works"
NO_WORKS = "no_works"
NOT_YOUR_WORK = "not_your_work"
ALREADY_ENTERED = "already_entered"
ENTRY_WITHDRAWN = "entry_withdrawn"
FEE_UNPAID = "fee_unpaid"
NO_WAIVERS = "no_waivers"

# Juries
NOT_A_JUROR = "not_a_juror"
ALREADY_JUROR = "already_juror"
CONFLICT_OF_INTEREST = "conflict_of_interest"
SCORE_OUT_OF_RANGE = "score_out_of_range"
NOT_IN_ROUND = "not_in_round"
JUDGING_NOT_STARTED = "judging_not_started"
RESULTS_PUBLISHED = "results_published"
NOTHING_SELECTED = "nothing_selected"

# Mentorship
MENTORSHIP_CLOSED = "mentorship_closed"
MENTORSHIP_FULL = "mentorship_full"
NOT_EMERGING = "not_emerging"
NOT_ESTABLISHED = "not_established"
ALREADY_APPLIED = "already_applied"
NOT_A_PARTICIPANT = "not_a_participant"
