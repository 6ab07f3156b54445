"""Binds the Communication log features; steps live in steps/."""

from pytest_bdd import scenarios

scenarios("comlog")
