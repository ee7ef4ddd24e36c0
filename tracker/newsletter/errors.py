"""The newsletter's errors (under the project's one base exception).

A delivery either fails before the server could have accepted the message (temporary or
permanent, by the SMTP reply code), or it is uncertain: the connection broke after the whole
message was sent and before the server answered. Only the last kind needs an editor.
"""

from __future__ import annotations

from ..errors import TrackerError


class NewsletterError(TrackerError):
    """Subscribers, messages or sending: something that cannot be done as asked."""


class InvalidAddress(NewsletterError):
    """Not an e-mail address we can send to."""


class TransportError(NewsletterError):
    """The mail relay or the outbox cannot be used at all (bad URL, refused login, sender refused)."""


class DeliveryError(NewsletterError):
    """One message was not delivered; `code` is the SMTP reply code when there was one."""

    def __init__(self, message: str, code: int | None = None):
        super().__init__(message)
        self.code = code


class TemporaryFailure(DeliveryError):
    """Not accepted, try again later (4xx, or the connection failed before the message went out)."""


class PermanentFailure(DeliveryError):
    """Refused for good for this recipient (5xx)."""


class UncertainDelivery(DeliveryError):
    """The message went out but the server's answer never came: it may or may not have been accepted."""
