"""Binds the Call Center Agent features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("acd_agent")
