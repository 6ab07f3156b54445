"""Binds the Call Center Management features; steps live in steps/."""

from o2g_conformance.featurefiles import bind

bind(globals())
