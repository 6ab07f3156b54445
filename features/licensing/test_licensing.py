"""Binds the licensing features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("licensing")
