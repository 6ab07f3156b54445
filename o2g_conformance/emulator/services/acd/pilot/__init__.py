"""Call Center Pilot: calls reaching CCD pilots, their distribution to agents and the pilots' monitoring."""
