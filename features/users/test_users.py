"""Binds the User information features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("users")
