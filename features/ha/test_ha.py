"""Binds the high-availability features; steps live in steps/ha.py."""

from o2g_conformance.featurefiles import bind

bind(globals())
