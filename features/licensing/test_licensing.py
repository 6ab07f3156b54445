"""Binds the licensing features; steps live in steps/."""

from o2g_conformance.featurefiles import bind

bind(globals())
