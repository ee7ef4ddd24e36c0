"""Research-literature tracker: ingest, score, review and publish a weekly patient digest."""

__version__ = "0.1.0"
