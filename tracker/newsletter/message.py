"""The e-mails: an edition for one subscriber, and the confirmation e-mail of the subscribe form.

An edition's message is multipart/alternative: the built digest.txt, then the built email.html
(CSS already inlined), both with the subscriber's own unsubscribe link in place of the
edition's unsubscribe marker (edition.json says which; see digest/render.py). Headers carry
List-Unsubscribe (an https link and a mailto) and List-Unsubscribe-Post for one-click
unsubscribe (RFC 8058), a Message-ID and a Date. Subjects
and display names outside ASCII become RFC 2047 encoded words (policy SMTP); an address whose
local part is not ASCII needs SMTPUTF8, and gets that policy instead.

The headers come from email.message.EmailMessage; the two body parts of an edition are
quoted-printable encoded by binascii (C) and joined here, because the email package's own
encoder and generator, in pure Python, take some 40 ms per copy of a 140 KiB edition: most of
the time of a 1,000-recipient send.
"""

from __future__ import annotations

import binascii
import functools
import html
import json
import logging
import re
import secrets
from dataclasses import dataclass
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from ..config import Config, templates_dir
from ..templating import environment
from .errors import NewsletterError
from .subscribers import smtp_address

log = logging.getLogger(__name__)

# Headers we fold ourselves are set raw: the email package would otherwise turn a long
# List-Unsubscribe into encoded words, which no mail provider would parse as a link.
ASCII_POLICY = policy.SMTP.clone(refold_source="none")
UTF8_POLICY = policy.SMTPUTF8.clone(refold_source="none")


@dataclass(frozen=True)
class Identity:
    """Who the newsletter comes from and where its links lead, resolved from feeds.yaml."""

    from_address: str
    from_name: str
    reply_to: str | None
    unsubscribe_mailto: str
    public_url: str | None  # ends with "/"
    site_name: str
    title: str
    language: str = "en"

    @classmethod
    def from_config(cls, config: Config) -> "Identity":
        news = config.newsletter
        sender = news.from_address or config.contact.email
        return cls(
            from_address=sender,
            from_name=news.from_name or config.digest.site_name,
            reply_to=news.reply_to,
            unsubscribe_mailto=news.unsubscribe_mailto or sender,
            public_url=news.public_url or config.digest.public_base_url,
            site_name=config.digest.site_name,
            title=config.digest.title,
            language=config.digest.language,
        )

    def link(self, path: str) -> str:
        """An absolute link to one of the public pages (subscribe, confirm/..., unsubscribe/...)."""
        if not self.public_url:
            raise NewsletterError("the links in e-mails need an address: set newsletter.public_url "
                                  "(or digest.public_base_url) in feeds.yaml")
        return self.public_url + path

    def unsubscribe_url(self, token: str) -> str:
        return self.link(f"unsubscribe/{token}")

    @property
    def domain(self) -> str:
        return self.from_address.rsplit("@", 1)[1]


@dataclass(frozen=True)
class BuiltEdition:
    """An edition as `tracker digest build` wrote it: DIR/<edition>/email.html and digest.txt."""

    edition: str
    subject: str
    html: str
    text: str
    marker: str  # where the unsubscribe link goes: only the templates' own slots hold it

    @classmethod
    def load(cls, site_dir: str | Path, edition: str, config: Config) -> "BuiltEdition":
        from ..digest.render import edition_span

        folder = Path(site_dir) / edition
        try:
            page = (folder / "email.html").read_text(encoding="utf-8")
            text = (folder / "digest.txt").read_text(encoding="utf-8")
            about = (folder / "edition.json").read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise NewsletterError(f"edition {edition} is not built in {site_dir}/ ({Path(exc.filename).name} "
                                  f"missing): run tracker digest build --edition {edition} --out {site_dir}, or give "
                                  "--site the folder it was built into") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise NewsletterError(f"cannot read edition {edition} in {folder}: {exc}") from None
        meta = _json_object(about)
        marker = _marker(meta)
        if marker is None:
            raise NewsletterError(f"{folder / 'edition.json'} names no unsubscribe marker (built by an older "
                                  f"version?): run tracker digest build --edition {edition} --out {site_dir}")
        for name, content in (("email.html", page), ("digest.txt", text)):
            if marker not in content:
                raise NewsletterError(f"{folder / name} has no unsubscribe link to fill in; rebuild it "
                                      "with templates that keep {{ unsubscribe_url }}")
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        return cls(edition, f"{title or config.digest.title}: {edition_span(edition)}", page, text, marker)

    def personal(self, unsubscribe_url: str) -> tuple[str, str]:
        """(text, html) with this subscriber's unsubscribe link filled in."""
        return (self.text.replace(self.marker, unsubscribe_url),
                self.html.replace(self.marker, html.escape(unsubscribe_url)))


def _json_object(text: str) -> dict:
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _marker(meta: dict) -> str | None:
    """edition.json's unsubscribe marker, if it is one the digest makes (prefix and 32 hex digits)."""
    from ..digest.render import MARKER_KEY, UNSUBSCRIBE_PREFIX

    marker = meta.get(MARKER_KEY)
    if isinstance(marker, str) and re.fullmatch(re.escape(UNSUBSCRIBE_PREFIX) + r"[0-9a-f]{32}", marker):
        return marker
    return None


@dataclass(frozen=True)
class Outgoing:
    """A message ready for the wire: its bytes (CRLF line ends), its Message-ID, and whether its
    recipient needs SMTPUTF8 (a non-ASCII local part)."""

    message_id: str
    data: bytes
    smtputf8: bool

    @classmethod
    def from_message(cls, msg: EmailMessage) -> "Outgoing":
        return cls(str(msg["Message-ID"]), msg.as_bytes(), bool(msg.policy.utf8))


def new_message_id(identity: Identity, edition: str | None = None) -> str:
    """<2026-W47.5f0c...@domain>: unique, and short enough that the header is never folded."""
    return f"<{edition or 'mail'}.{secrets.token_hex(10)}@{identity.domain}>"


def needs_smtputf8(address: str) -> bool:
    return not smtp_address(address).isascii()


def _base(identity: Identity, to_email: str, to_name: str | None, subject: str, message_id: str) -> EmailMessage:
    msg = EmailMessage(policy=UTF8_POLICY if needs_smtputf8(to_email) else ASCII_POLICY)
    if msg.policy.utf8 or subject.isascii():
        msg["Subject"] = subject
    else:
        msg.set_raw("Subject", _encoded_subject(subject))
    msg.set_raw("From", _folded(msg.policy, "From", identity.from_name, identity.from_address))
    # username + domain, not addr_spec: Address() refuses a non-ASCII local part even where
    # SMTPUTF8 allows it (the policy decides how the header is written).
    local, domain = smtp_address(to_email).rsplit("@", 1)
    msg["To"] = Address(display_name=to_name or "", username=local, domain=domain)
    if identity.reply_to:
        msg["Reply-To"] = identity.reply_to
    msg["Date"] = format_datetime(_now())
    msg["Message-ID"] = message_id
    return msg


@functools.lru_cache(maxsize=16)
def _encoded_subject(subject: str) -> str:
    # All encoded words, folded by email.header: the newer folder leaves a doubled space before
    # an encoded word that starts a continuation line ("words:  16–22").
    return Header(subject, "utf-8", header_name="Subject").encode()


@functools.lru_cache(maxsize=16)
def _folded(policy, name: str, display_name: str, address: str) -> str:
    """An address header as the policy writes it, worked out once per run (the same on every copy)."""
    header = policy.header_factory(name, Address(display_name=display_name, addr_spec=address))
    return header.fold(policy=policy)[len(name) + 2:].rstrip("\r\n")


def edition_message(built: BuiltEdition, identity: Identity, subscriber: dict, message_id: str) -> Outgoing:
    """One subscriber's copy of an edition."""
    token = subscriber["token"]
    unsubscribe_url = identity.unsubscribe_url(token)
    text, page = built.personal(unsubscribe_url)
    msg = _base(identity, subscriber["email"], subscriber.get("name"), built.subject, message_id)
    # RFC 2369 and RFC 8058: an https link for one-click unsubscribe (POST), a mailto for the rest.
    msg.set_raw("List-Unsubscribe", f"<{unsubscribe_url}>,\r\n <mailto:{identity.unsubscribe_mailto}"
                                    f"?subject=unsubscribe-{token}>")
    msg.set_raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    # A boundary cannot occur in quoted-printable text: every "=" in it is written "=3D".
    boundary = f"=_{secrets.token_hex(12)}"
    msg["MIME-Version"] = "1.0"
    msg["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
    head = b"".join(msg.policy.fold_binary(name, value) for name, value in msg.raw_items())
    return Outgoing(message_id, head + b"\r\n" + _alternative(boundary, text, page), bool(msg.policy.utf8))


def _alternative(boundary: str, text: str, page: str) -> bytes:
    """The body of a multipart/alternative message: the plain text, then the HTML."""
    lines = []
    for subtype, content in (("plain", text), ("html", page)):
        lines += [f"--{boundary}".encode(), f'Content-Type: text/{subtype}; charset="utf-8"'.encode(),
                  b"Content-Transfer-Encoding: quoted-printable", b"", _quoted_printable(content)]
    lines.append(f"--{boundary}--".encode())
    return b"\r\n".join(lines) + b"\r\n"


def _quoted_printable(content: str) -> bytes:
    # Lines of at most 76 characters, trailing spaces and every "=" encoded (RFC 2045).
    encoded = binascii.b2a_qp(content.replace("\r\n", "\n").encode("utf-8"), istext=True)
    return encoded.replace(b"\n", b"\r\n")


@functools.lru_cache(maxsize=4)
def _environment(folder: str) -> Environment:
    return environment(FileSystemLoader(folder))


def render(name: str, **context) -> str:
    """A template from templates/newsletter/ (autoescape on, even for the .txt ones)."""
    folder = templates_dir() / "newsletter"
    if not folder.is_dir():
        raise NewsletterError(f"newsletter templates not found in {folder}")
    return _environment(str(folder)).get_template(name).render(**context)


def _wrapped(text: str, width: int = 72) -> str:
    """Each paragraph line over `width` characters wrapped at spaces, as the characters read (not
    their HTML escapes); a link is never broken, nor a line that holds one, nor the sign-off's last
    line (the site's name, whole however long)."""
    import textwrap

    lines = text.rstrip("\n").split("\n")
    return "\n".join(line if len(line) <= width or "://" in line or n == len(lines) - 1
                     else textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
                     for n, line in enumerate(lines)) + "\n" * (len(text) - len(text.rstrip("\n")))


def confirmation_message(identity: Identity, subscriber: dict, confirm_token: str | None,
                         valid_days: int) -> Outgoing:
    """The e-mail the subscribe form sends. To someone already subscribed it says so and asks
    nothing: the web page is the same either way, so it cannot tell a stranger who is subscribed."""
    active = confirm_token is None
    context = {
        "site_name": identity.site_name,
        "title": identity.title,
        "language": identity.language,
        "confirm_url": identity.link(f"confirm/{confirm_token}") if confirm_token else None,
        "unsubscribe_url": identity.unsubscribe_url(subscriber["token"]),
        "valid_days": valid_days,
        "already": active,
    }
    subject = (f"You already get {identity.site_name}" if active
               else f"Please confirm: {identity.site_name}")
    msg = _base(identity, subscriber["email"], subscriber.get("name"), subject, new_message_id(identity))
    text = _wrapped(_unescape(render("confirm_email.txt", **context)))
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(render("confirm_email.html", **context), subtype="html", charset="utf-8",
                        cte="quoted-printable")
    return Outgoing.from_message(msg)


def _unescape(rendered: str) -> str:
    # Plain text is rendered with autoescape like everything else, then decoded: text/plain has
    # no markup to fear, and nothing in it came from a stranger except their own address.
    return html.unescape(rendered)


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)
