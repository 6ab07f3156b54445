"""Binds the Routing management features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("routing")
