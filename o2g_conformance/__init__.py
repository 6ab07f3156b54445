"""O2G Conformance: a conformance framework and emulator for the O2G (OmniPCX Open Gateway) REST API."""

__version__ = "0.1.0"
