"""A synthetic catalog of any size, for the benchmark: ``generate_catalog(100_000, seed=1)``."""

from .generator import DEFAULT_BATCH_SIZE, career_lengths, generate_catalog

__all__ = ["DEFAULT_BATCH_SIZE", "career_lengths", "generate_catalog"]
