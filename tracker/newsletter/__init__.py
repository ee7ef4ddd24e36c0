"""The newsletter: subscribers, the e-mails, and sending each edition to each subscriber once.

    subscribers.py  addresses (validated, normalized), status, tokens; add, import, export
    message.py      an edition's e-mail for one subscriber; the confirmation e-mail
    transport.py    TRACKER_SMTP_URL (smtp, smtp+starttls, smtps) or .eml files in an outbox
    send.py         the per-recipient send log: claim, send, confirm; retries, bounces, pacing

The readers' pages (subscribe, confirm, unsubscribe) are in tracker/web/public.py.
"""

from .errors import (DeliveryError, InvalidAddress, NewsletterError, PermanentFailure, TemporaryFailure,
                     TransportError, UncertainDelivery)

__all__ = ["DeliveryError", "InvalidAddress", "NewsletterError", "PermanentFailure", "TemporaryFailure",
           "TransportError", "UncertainDelivery"]
