"""Binds the subscriptions features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("subscriptions")
