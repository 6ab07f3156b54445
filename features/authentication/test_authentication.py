"""Binds the authentication features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("authentication")
