"""The social app's domain error codes. API and forms show them with a translated message."""

FOLLOW_TARGET_INVALID = "follow_target_invalid"
FOLLOW_TARGET_NOT_FOUND = "follow_target_not_found"
FOLLOW_SELF = "follow_self"
FOLLOWS_PRIVATE = "follows_private"
UNSUBSCRIBE_TOKEN_INVALID = "unsubscribe_token_invalid"
