"""Binds the errors features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("errors")
