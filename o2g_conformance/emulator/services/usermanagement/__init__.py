"""User Management: on-demand O2G users from OXE subscribers (o2g-rest-api-reference.txt L1693-2073)."""
