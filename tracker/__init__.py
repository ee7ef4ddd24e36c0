"""Research-literature tracker: ingest, score, review and publish a weekly patient digest."""

__version__ = "0.1.0"

# Shared by the CLI and the web app, cheap to import (the CLI starts fast).
DEFAULT_DB_PATH = "db/tracker.db"  # relative to the working directory, like ./feeds.yaml
STATUSES = ("candidate", "below_threshold", "approved", "rejected", "held")
