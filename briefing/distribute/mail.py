"""E-mail: one message per recipient, each delivery recorded durably so that a retry never sends twice.

``send_messages`` opens one SMTP connection (plain, STARTTLS or implicit TLS), sends the messages
one recipient at a time and appends a line to ``deliveries.jsonl`` (fsync'd) as soon as the server
accepts each one. A retry after a crash, a dropped connection or a refused recipient skips those
already served and sends to the rest. The only window left is a crash between the server's "250 OK"
and the fsync of that line: the recipient would get the edition twice; no recipient is ever skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html.parser import HTMLParser
from pathlib import Path

from ..errors import DistributionError
from .settings import Smtp

log = logging.getLogger("briefing")
DELIVERIES = "deliveries.jsonl"
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "div", "section", "blockquote", "dt", "dd"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "source"}


@dataclass(frozen=True)
class Outgoing:
    """One message to one recipient; ``key`` identifies the delivery in the record (edition, list)."""

    key: str
    to: str
    message: EmailMessage


# --- key judgements ------------------------------------------------------------------------------

class _Section(HTMLParser):
    """Collect the text of the element with a given id, or of the part a heading with that id heads.

    A heading's part ends at the next heading of its level or above, or where its parent closes.
    """

    def __init__(self, wanted: str):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.found = self.done = self.in_title = self.bullet = False
        self.level = ""  # the heading tag when the id is on a heading
        self.depth = 0
        self.lines: list[str] = []
        self.current: list[str] = []

    def flush(self) -> None:
        """End the line being collected."""
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append(("• " if self.bullet else "") + text)
        self.current, self.bullet = [], False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if not self.found:
            if dict(attrs).get("id") == self.wanted:
                self.found, self.depth = True, 1
                if tag in HEADINGS:
                    self.level, self.in_title = tag, True
            return
        if self.level and tag in HEADINGS and tag <= self.level and self.depth == 0:
            self.flush()
            self.done = True
            return
        if tag in BLOCKS:
            self.flush()
            self.bullet = tag == "li"
        if tag == "br":
            self.current.append(" ")
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if not self.found or self.done or tag in VOID:
            return
        if tag in BLOCKS:
            self.flush()
        self.depth -= 1
        if self.in_title and self.depth == 0:
            self.in_title = False
            self.current = []
        elif self.depth < (0 if self.level else 1):
            self.flush()
            self.done = True

    def handle_data(self, data):
        if self.found and not self.done and not self.in_title:
            self.current.append(data)


def key_judgements(fragment_html: str | None) -> list[str]:
    """The lines of the section with id ``key-judgements`` in a report fragment; [] when there is none."""
    if not fragment_html:
        return []
    parser = _Section("key-judgements")
    parser.feed(fragment_html)
    parser.close()
    parser.flush()
    lines = parser.lines
    if lines and not parser.level and lines[0].casefold().startswith("key judgement"):
        lines = lines[1:]  # the section's own heading
    return lines


# --- messages ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Content:
    """What every message of an edition says, before it is addressed."""

    subject: str
    title: str
    edition: int
    as_of: str
    handling: str
    judgements: list[str]
    changes_text: str
    changes_html: str
    pack: Path
    link: str  # where the pack is published, when it is too large to attach ("" otherwise)


def build_message(c: Content, sender: str, to: str) -> EmailMessage:
    """A plain-text and HTML message with the pack attached (or linked when ``c.link`` is set)."""
    import html

    esc = html.escape
    msg = EmailMessage()
    msg["Subject"] = c.subject
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
    judgements = c.judgements or ["No key judgements are available for this edition (the overview has none)."]
    pack_note = (f"The pack is too large to attach; read it here: {c.link}" if c.link
                 else f"The briefing pack is attached ({c.pack.name}).")
    text = "\n".join([
        f"{c.title}: edition {c.edition}, as of {c.as_of}", *([c.handling] if c.handling else []), "",
        "Key judgements", *(f"  {j}" for j in judgements), "", c.changes_text, "", pack_note, ""])
    msg.set_content(text)
    jl = "".join(f"<li>{esc(j.removeprefix('• '))}</li>" for j in judgements)
    link = f'<a href="{esc(c.link, quote=True)}">{esc(c.link)}</a>' if c.link else ""
    note = f"The pack is too large to attach; read it here: {link}" if c.link else esc(pack_note)
    handling = f"<p><strong>{esc(c.handling)}</strong></p>" if c.handling else ""
    msg.add_alternative(f"""<!DOCTYPE html><html><body>
<h1>{esc(c.title)}</h1><p>Edition {c.edition}, as of {esc(c.as_of)}</p>{handling}
<h2>Key judgements</h2><ul>{jl}</ul>
<h2>Since the last edition</h2>{c.changes_html}
<p>{note}</p></body></html>""", subtype="html")
    if not c.link:
        msg.add_attachment(c.pack.read_bytes(), maintype="application", subtype="pdf", filename=c.pack.name)
    return msg


def sender_address(sender: str) -> str:
    """The envelope sender of a From header (``Desk <desk@x>`` -> ``desk@x``)."""
    from email.utils import parseaddr

    return parseaddr(sender)[1] or sender


# --- the delivery record -------------------------------------------------------------------------

def delivered(state: Path) -> set[tuple[str, str]]:
    """(key, recipient) pairs already accepted by a server, from ``deliveries.jsonl``."""
    out = set()
    try:
        with open(Path(state) / DELIVERIES, encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue  # a line torn by a crash: that delivery was never confirmed
                if rec.get("status") == "sent":
                    out.add((rec["key"], rec["to"].casefold()))
    except FileNotFoundError:
        pass
    return out


def _append(state: Path, rec: dict) -> None:
    Path(state).mkdir(parents=True, exist_ok=True)
    with open(Path(state) / DELIVERIES, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(rec, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


# --- sending -------------------------------------------------------------------------------------

def _connect(smtp: Smtp) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=str(smtp.ca_file) if smtp.ca_file else None)
    where = smtp.display
    try:
        if smtp.scheme == "smtps":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
        else:
            conn = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
            if smtp.scheme == "smtp+starttls":
                conn.ehlo()
                conn.starttls(context=context)
        conn.ehlo()
    except ssl.SSLCertVerificationError as exc:
        raise DistributionError(f"{where}: the server's TLS certificate is not trusted ({exc.verify_message}); "
                                "set mail.ca_file in distribution.yaml to the CA that signed it.") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise DistributionError(f"{where}: cannot connect ({type(exc).__name__}: {exc}); check the server URL "
                                "and that the server is up.") from None
    if smtp.user:
        try:
            conn.login(smtp.user, smtp.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            conn.close()
            raise DistributionError(f"{where}: the server refused the login for user {smtp.user!r} "
                                    f"({exc.smtp_code}); check the password in the environment.") from None
        except smtplib.SMTPException as exc:
            conn.close()
            raise DistributionError(f"{where}: login failed ({exc}); the server may not offer AUTH here.") from None
    return conn


@dataclass
class SendResult:
    """What a send did: delivered now, skipped as already delivered, refused by the server."""

    sent: list[str]
    skipped: list[str]
    refused: list[tuple[str, str]]


@contextlib.contextmanager
def _send_lock(state: Path):
    """One sender at a time per state folder: two concurrent sends would both see a recipient as unserved."""
    Path(state).mkdir(parents=True, exist_ok=True)
    with open(Path(state) / ".send.lock", "a", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DistributionError(f"{state}: another send is running; it was left alone. Run again when it "
                                    "has finished (it sends only to those not yet served).") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def send_messages(outgoing: Iterable[Outgoing], smtp: Smtp, state: Path,
                  connect: Callable[[Smtp], smtplib.SMTP] = _connect) -> SendResult:
    """Send each message not yet delivered; record each acceptance before the next. See the module docstring."""
    with _send_lock(state):
        return _send(list(outgoing), smtp, state, connect)


def _send(outgoing: list[Outgoing], smtp: Smtp, state: Path, connect: Callable[[Smtp], smtplib.SMTP]) -> SendResult:
    done = delivered(state)
    result = SendResult([], [], [])
    todo = []
    for o in outgoing:
        if (o.key, o.to.casefold()) in done:
            result.skipped.append(o.to)
        else:
            todo.append(o)
    if result.skipped:
        log.info("%s: %d recipient(s) already served, skipped", todo[0].key if todo else "send", len(result.skipped))
    if not todo:
        return result
    conn = connect(smtp)
    try:
        for i, o in enumerate(todo):
            envelope_from = sender_address(o.message["From"])
            try:
                conn.send_message(o.message, from_addr=envelope_from, to_addrs=[o.to])
            except smtplib.SMTPRecipientsRefused as exc:
                code, reply = next(iter(exc.recipients.values()))
                reason = f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
                log.error("%s: the server refused recipient %s (%s); not sent, will be retried next time", o.key, o.to,
                          reason)
                result.refused.append((o.to, reason))
                _append(state, {"key": o.key, "to": o.to, "status": "refused", "reason": reason,
                                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
                continue
            except (TimeoutError, smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError) as exc:
                left = len(todo) - i
                raise DistributionError(
                    f"{smtp.display}: sending to {o.to} failed ({type(exc).__name__}: {exc}); {len(result.sent)} "
                    f"message(s) delivered and recorded, {left} not sent. Run the same command again: it sends "
                    "only to those not yet served.") from None
            _append(state, {"key": o.key, "to": o.to, "status": "sent",
                            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
            result.sent.append(o.to)
            log.info("%s: sent to %s", o.key, o.to)
    finally:
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()
    return result


def write_eml(outgoing: Iterable[Outgoing], folder: Path) -> list[Path]:
    """Write each message as an ``.eml`` file in ``folder`` instead of sending (``--dry-run``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n, o in enumerate(outgoing, 1):
        safe = "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in o.to)
        path = folder / f"{o.key.replace('/', '_').replace(':', '_')}-{n:03d}-{safe}.eml"
        path.write_bytes(bytes(o.message))
        written.append(path)
    return written
