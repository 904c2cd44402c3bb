"""The accounts app's domain error codes."""

EMAIL_TAKEN = "email_taken"
INVALID_ROLE = "invalid_role"
INVALID_PROFILE = "invalid_profile"
TOKEN_NOT_FOUND = "token_not_found"
NOT_AUTHENTICATED = "not_authenticated"
INVALID_CREDENTIALS = "invalid_credentials"
