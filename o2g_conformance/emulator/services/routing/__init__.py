"""Routing management: forward, overflow, do not disturb, presentation (o2g-rest-api-reference.txt L6838-7780)."""
