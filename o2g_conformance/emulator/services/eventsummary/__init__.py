"""Event summary: the user's new-event counters (o2g-rest-api-reference.txt L8644-8746)."""
