"""Binds the User Management features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("usermanagement")
