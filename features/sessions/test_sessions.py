"""Binds the sessions features; steps live in steps/."""

from o2g_conformance.featurefiles import bind

bind(globals())
