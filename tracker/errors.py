"""One base exception for the project, one subclass per failure domain."""


class TrackerError(Exception):
    """Base class: anything the tool raises on purpose derives from it."""


class ConfigError(TrackerError):
    """feeds.yaml (or an option) is invalid; nothing has been fetched."""


class FetchError(TrackerError):
    """A request failed for good: network error, HTTP error after retries, body over the cap."""


class ParseError(TrackerError):
    """A response could not be read, or carried an in-band error (E-utilities <ERROR>)."""


class StoreError(TrackerError):
    """The database could not be opened or written."""


class LockError(TrackerError):
    """Another `tracker run` holds the lock."""
