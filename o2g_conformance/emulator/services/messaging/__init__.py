"""Voicemail: 4645 mailboxes, voice messages and their WAV files (o2g-rest-api-reference.txt L9205-9714)."""
