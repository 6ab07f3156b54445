"""Binds the maintenance features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("maintenance")
