"""A request's history: every change, with who and when, from the records the other domains keep."""
