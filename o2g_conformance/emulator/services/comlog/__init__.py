"""Communication log: call history records per user (o2g-rest-api-reference.txt L7781-8643)."""
