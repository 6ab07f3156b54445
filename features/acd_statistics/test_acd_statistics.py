"""Binds the Call Center Statistics features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("acd_statistics")
