"""Binds the Voicemail features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("voicemail")
