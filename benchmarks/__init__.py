"""Benchmarks of the pipeline: a seeded corpus generator and the measuring driver."""
