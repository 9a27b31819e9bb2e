"""Synthetic corpus generator and side-by-side benchmarks (not part of the test run)."""
