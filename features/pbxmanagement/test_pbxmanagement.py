"""Binds the PBX management features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("pbxmanagement")
