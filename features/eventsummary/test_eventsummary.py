"""Binds the Event summary features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("eventsummary")
