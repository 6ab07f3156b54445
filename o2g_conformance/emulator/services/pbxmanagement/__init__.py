"""PBX management: the OXE object model and its object instances (o2g-rest-api-reference.txt L10657-11730)."""
