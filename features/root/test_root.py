"""Binds the root features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("root")
