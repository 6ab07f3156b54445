"""The shared step library of the O2G conformance features."""
