"""`rfh demo`: a whole request's life against local stand-ins for Slack and GitHub, printed as each person sees it."""
