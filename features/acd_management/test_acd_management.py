"""Binds the Call Center Management features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("acd_management")
