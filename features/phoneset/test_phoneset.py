"""Binds the Phone Set Programming features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("phoneset")
