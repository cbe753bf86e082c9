"""Tests for the stand-alone printers package: decoded ESC/POS bytes and drivers."""
