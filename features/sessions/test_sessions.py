"""Binds the sessions features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("sessions")
