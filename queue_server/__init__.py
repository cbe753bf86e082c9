"""Electronic queue and reception kiosks for Ukrainian centres of administrative services."""

__version__ = "0.1.0"
