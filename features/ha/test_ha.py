"""Binds the high-availability features; steps live in steps/ha.py."""

from pytest_bdd import scenarios

scenarios("ha")
