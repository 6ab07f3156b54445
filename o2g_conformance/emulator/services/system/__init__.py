"""Maintenance: system status, licence availability, CTI links and system events (L8747-9204)."""
