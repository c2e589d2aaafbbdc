"""The distribution stage's steps, in order: record an edition, publish it, e-mail it.

:class:`Distribution` is what the build calls (through ``BuildOptions.distribution``): once to put
"since the last edition" in front of the pack, once at the end to record the edition and, with
``--send``, e-mail it. ``send_edition`` and ``publish`` are also the ``send`` and ``publish``
commands.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..config import load_settings
from ..errors import BriefingError, ConfigError, DistributionError
from . import changes as ch
from . import editions as ed
from . import mail
from .settings import DistributionSettings, MailList, smtp_from

log = logging.getLogger("briefing")


@dataclass
class SendRequest:
    """Who gets an edition: named lists and/or single addresses; ``dry_run`` writes .eml files."""

    lists: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    dry_run: bool = False
    outbox: Path | None = None  # None: <state>/outbox


def _as_of_text(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B %Y')}"


def targets(settings: DistributionSettings, request: SendRequest) -> list[MailList]:
    """The lists a request names (default: ``mail.default_lists``), checked before anything is sent."""
    names = request.lists or (() if request.to else settings.default_lists)
    chosen = [settings.mail_list(n) for n in names]
    if request.to:
        bad = [a for a in request.to if "@" not in a or " " in a.strip()]
        if bad:
            raise ConfigError(f"--to {bad[0]!r}: not an e-mail address (name@domain).")
        chosen.append(MailList("direct", tuple(a.strip() for a in request.to)))
    if not chosen:
        raise ConfigError(f"no recipients: name a list with --list NAME (lists in {settings.source}: "
                          f"{', '.join(sorted(settings.lists)) or 'none'}), give --to ADDR, or set mail.default_lists.")
    return chosen


def first_judgements(out: Path, manifest: dict) -> list[str] | None:
    """The key judgements of the first report whose fragment has a ``key-judgements`` section; None if none has."""
    from ..build.publish import FRAGMENTS, current_build

    folder = current_build(Path(out))
    for rid in manifest.get("reports", {}):
        frag = (folder / FRAGMENTS if folder else Path(out) / ".cache") / f"{rid}.fragment.html"
        if frag.is_file():
            lines = mail.key_judgements(frag.read_text(encoding="utf-8"))
            if lines:
                return lines
    return None


def send_edition(settings: DistributionSettings, state: Path, edition: ed.Edition, request: SendRequest,
                 environ: Mapping[str, str], report_settings: dict) -> int:
    """E-mail ``edition`` to the request's recipients, each once; return 0, or 1 if someone was refused."""
    lists = targets(settings, request)
    if not settings.sender:
        raise ConfigError(f"{settings.source}: no sender; set 'mail: from: Briefing desk <briefing@example.org>'.")
    smtp = None if request.dry_run else smtp_from(settings, environ)
    rec = edition.record
    size = edition.pack.stat().st_size
    link = ""
    if size > settings.attach_limit:
        if not settings.publish_url:
            raise ConfigError(f"{settings.source}: the pack of edition {edition.number} is {size / 1e6:.1f} MB, above "
                              "mail.attach_limit_mb; set publish.url so the e-mail can link to the published pack.")
        link = f"{settings.publish_url.rstrip('/')}/editions/{edition.number:04d}/{ed.PACK}"
    changes = ch.Changes(**rec.get("changes", {}))
    outgoing = []
    for ml in lists:
        subject = f"{ml.subject_prefix} {report_settings['title']}: edition {edition.number}, " \
                  f"{_as_of_text(rec.get('as_of', ''))}".strip()
        content = mail.Content(subject, report_settings["title"], edition.number, _as_of_text(rec.get("as_of", "")),
                               ml.handling or report_settings.get("handling", ""), rec.get("judgements") or [],
                               ch.to_text(changes), ch.to_html(changes, section=False), edition.pack, link)
        for addr in ml.to:
            outgoing.append(mail.Outgoing(f"edition-{edition.number}:{ml.name}", addr,
                                          mail.build_message(content, settings.sender, addr)))
    if request.dry_run:
        folder = (request.outbox or Path(state) / "outbox") / f"{edition.number:04d}"
        written = mail.write_eml(outgoing, folder)
        log.info("dry run: %d message(s) for edition %d written to %s, nothing sent", len(written), edition.number, folder)
        return 0
    result = mail.send_messages(outgoing, smtp, state)
    log.info("edition %d: sent to %d, already served %d, refused %d", edition.number, len(result.sent),
             len(result.skipped), len(result.refused))
    if result.refused:
        log.error("edition %d: not delivered to %s; fix or remove the address(es) and run `python -m briefing send` "
                  "again (it sends only to those not yet served)", edition.number, ", ".join(a for a, _ in result.refused))
        return 1
    return 0


@dataclass
class Distribution:
    """The hooks the build calls; see the module docstring."""

    settings: DistributionSettings
    environ: Mapping[str, str] = field(default_factory=dict)
    send: SendRequest | None = None  # None: record editions, send nothing
    settings_file: Path = paths.SETTINGS_FILE
    today: dt.date | None = None  # None: today's date (UTC)
    data_dir: Path | None = None  # the extracted tables; None: the folder of the seeds the manifest names

    @property
    def reports_url(self) -> str:
        """Where readers reach the current edition's reports (``publish.url`` + ``current/``), "" if unpublished.

        The pack links its "in the full report" lines there. ``current/`` (see :mod:`.publish`) is
        the one address that stays valid: an older edition keeps its pack only, not its reports.
        """
        url = self.settings.publish_url
        return f"{url.rstrip('/')}/current/" if url else ""

    def _base(self, state: Path, pack_key: str) -> ed.Edition | None:
        editions = ed.list_editions(state)
        if editions and editions[-1].record.get("pack_key") == pack_key:
            editions = editions[:-1]  # the same pack again (e.g. --force): compare with the edition before
        return editions[-1] if editions else None

    def preface_html(self, out: Path, data_dir: Path, pack_key: str) -> str:
        """The pack's "since the last edition" section (escaped HTML)."""
        base = self._base(self.settings.state_for(out), pack_key)
        facts = ed.read_facts(self.data_dir or data_dir)
        changes = ch.compare(base.record.get("facts") if base else None, facts,
                             base.number if base else None, _as_of_text(base.record.get("as_of", "")) if base else "")
        return ch.to_html(changes)

    def after_build(self, out: Path, manifest: dict) -> int:
        """Record an edition if this build made one; send it when asked. Returns 0, or 1 if either failed."""
        try:
            return self._after_build(out, manifest)
        except BriefingError as exc:  # the build itself is done: say what went wrong, keep its log
            log.error("distribution: %s", exc)
            return 1

    def _after_build(self, out: Path, manifest: dict) -> int:
        state = self.settings.state_for(out)
        complete, why = ed.is_complete(manifest)
        last = ed.latest(state)
        if not complete:
            log.info("no new edition: %s", why)
            return 0
        if last is not None and last.record.get("pack_key") == manifest.get("pack_key"):
            log.info("no new edition: the pack is the same as edition %d's", last.number)
            return 0
        facts = ed.read_facts(self.data_dir or paths.processed_dir_for(Path(manifest["seeds"])))
        changes = ch.compare(last.record.get("facts") if last else None, facts,
                             last.number if last else None, _as_of_text(last.record.get("as_of", "")) if last else "")
        today = self.today or dt.datetime.now(dt.UTC).date()
        edition = ed.record(state, out, manifest, {"facts": facts, "changes": changes.to_dict(),
                                                   "judgements": first_judgements(out, manifest)}, today)
        log.info("edition %d recorded (build %s)%s", edition.number, manifest.get("build", ""),
                 "" if changes.empty else ": " + ch.summary_line(changes))
        if self.send is None:
            return 0
        try:
            return send_edition(self.settings, state, edition, self.send, self.environ, load_settings(self.settings_file))
        except (DistributionError, ConfigError) as exc:
            log.error("edition %d was recorded but not sent: %s", edition.number, exc)
            return 1
