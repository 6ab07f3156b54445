"""User information: logins, user accounts, password and preferences (o2g-rest-api-reference.txt L1125-1692)."""
