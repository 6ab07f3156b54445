"""Analytics: charging, incidents, licence and service usage of O2G, for administrators (L11738-12270)."""
