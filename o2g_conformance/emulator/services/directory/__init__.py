"""Directory search: asynchronous phone book searches (o2g-rest-api-reference.txt L6496-6837)."""
