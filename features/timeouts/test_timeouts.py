"""Binds the timeouts features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("timeouts")
