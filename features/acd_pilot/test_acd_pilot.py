"""Binds the Call Center Pilot features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("acd_pilot")
