"""Binds the Analytics features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("analytics")
