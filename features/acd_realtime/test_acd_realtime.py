"""Binds the Call Center Real Time features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("acd_realtime")
