"""An emulated O2G high-availability pair: two servers, a global address, one OXE (see pair.py)."""
