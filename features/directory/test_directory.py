"""Binds the Directory search features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("directory")
