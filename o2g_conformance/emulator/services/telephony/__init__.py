"""Call control (o2g-rest-api-reference.txt L2418-6495): simulated OXE calls and their telephony events."""
