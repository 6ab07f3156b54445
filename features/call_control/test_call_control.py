"""Binds the call control features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("call_control")
