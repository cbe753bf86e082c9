"""The parts of ``benchmarks/load.py``: measurements, HTTP clients, server processes,
the issue and call-cycle phases, runs of one configuration, and the report."""
