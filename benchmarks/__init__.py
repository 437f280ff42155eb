"""Benchmarks: each module's `run()` prints its figures and, last, a ratio against a baseline."""
