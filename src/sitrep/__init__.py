"""Sitrep: political and security events from news reports, offline, on a laptop CPU."""

__version__ = "0.1.0"
