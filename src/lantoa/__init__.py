"""Lan Tỏa: run a government awareness campaign end to end."""

__version__ = "0.1.0"
