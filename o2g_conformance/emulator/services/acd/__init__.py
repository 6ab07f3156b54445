"""Call center (CCD): agents, pilot management and monitoring, real-time information and statistics."""
