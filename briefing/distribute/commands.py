"""Command line of the distribution stage: ``publish``, ``send`` and the build's ``--send``/``--alert``.

``cli.py`` wires these in; the environment (SMTP URL and password) arrives as an argument.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from email.utils import formatdate
from pathlib import Path

from .. import paths
from ..config import load_settings
from ..errors import ConfigError
from . import alerts, editions, mail
from .distribution import Distribution, SendRequest, send_edition, targets
from .publish import publish
from .settings import load_distribution, smtp_from


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE", type=Path, default=paths.DISTRIBUTION_FILE,
                   help="distribution settings (default: data/distribution.yaml)")
    p.add_argument("--settings-file", metavar="FILE", type=Path, default=paths.SETTINGS_FILE,
                   help="the briefing's title and handling line, as the build used them (default: data/report.yaml)")
    p.add_argument("--reports", metavar="DIR", type=Path, default=paths.REPORTS,
                   help="the build's output folder, whose .editions/ holds the history unless 'state' is set "
                   "(default: reports/)")


def _recipients(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", metavar="NAME", action="append", default=[], dest="lists",
                   help="a distribution list from the settings (repeatable; default: mail.default_lists)")
    p.add_argument("--to", metavar="ADDR", action="append", default=[], dest="to_addrs",
                   help="an address to send to (repeatable)")


def _settings(args: argparse.Namespace):
    return load_distribution(args.config, missing_ok=args.config == paths.DISTRIBUTION_FILE)


def add_commands(sub, environ: Mapping[str, str]) -> None:
    """Register ``python -m briefing publish`` and ``python -m briefing send``."""
    p = sub.add_parser("publish", help="copy the last good edition's reader files to the publish folder",
                       description="Copy the pack, report PDFs and HTML and the index of the last good edition to "
                       "the publish folder in one atomic switch, keep earlier editions' packs by number and "
                       "write an index.html listing them.")
    _common(p)
    p.add_argument("--to", metavar="DIR", type=Path, dest="publish_to", help="publish folder (default: publish.to, or publish/)")
    p.add_argument("--keep", metavar="N", type=int, help="keep the packs of the last N editions (default: publish.keep; 0: all)")
    p.set_defaults(func=lambda args, parser: _cmd_publish(args))

    s = sub.add_parser("send", help="e-mail the last edition's pack to a list or addresses (once per recipient)",
                       description="E-mail an edition (default: the newest) with its key judgements and what "
                       "changed since the last edition, the pack attached. Each recipient gets an edition once: "
                       "running it again sends only to those not yet served. The SMTP server comes from "
                       "BRIEFING_SMTP_URL or mail.smtp; the password from BRIEFING_SMTP_PASSWORD or "
                       "BRIEFING_SMTP_PASSWORD_FILE.")
    _common(s)
    _recipients(s)
    s.add_argument("--edition", metavar="N", type=int, help="the edition to send (default: the newest)")
    s.add_argument("--dry-run", action="store_true", help="write the messages as .eml files instead of sending")
    s.add_argument("--outbox", metavar="DIR", type=Path, help="where --dry-run writes (default: <state>/outbox)")
    s.set_defaults(func=lambda args, parser: _cmd_send(args, environ))

    a = sub.add_parser("alert", help="e-mail the operators' list a message read from standard input",
                       description="For service managers (systemd OnFailure=): mail the text on standard input (e.g. "
                       "the journal tail) to the operators' list, unless the build itself alerted a moment ago.")
    _common(a)
    a.add_argument("--list", metavar="NAME", default="", dest="alert_list", help="the list (default: alerts.list)")
    a.add_argument("--subject", metavar="TEXT", required=True, help="what failed, e.g. the unit's name")
    a.add_argument("--unless-alerted-within", metavar="SECONDS", type=float, default=0.0,
                   help="send nothing if a build sent its own failure alert this recently (default: always send)")
    a.set_defaults(func=lambda args, parser: _cmd_alert(args, environ))


def _cmd_publish(args: argparse.Namespace) -> int:
    settings = _settings(args)
    keep = settings.keep if args.keep is None else args.keep
    if keep < 0:
        raise ConfigError(f"--keep {keep}: give 0 (all) or more.")
    publish(settings.state_for(args.reports), args.publish_to or settings.publish_to,
            load_settings(args.settings_file)["title"], keep)
    return 0


def _cmd_send(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    settings = _settings(args)
    state = settings.state_for(args.reports)
    request = SendRequest(tuple(args.lists), tuple(args.to_addrs), args.dry_run, args.outbox)
    edition = editions.get(state, args.edition)
    return send_edition(settings, state, edition, request, environ, load_settings(args.settings_file))


def _cmd_alert(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    import sys

    settings = _settings(args)
    state = settings.state_for(args.reports)
    notify = _notifier(settings, args.alert_list, environ, state, load_settings(args.settings_file)["title"])
    if args.unless_alerted_within and alerts.alerted_within(state, args.unless_alerted_within,
                                                            dt.datetime.now(dt.UTC)):
        return 0  # the build already told the operators why
    notify(f"FAILED: {args.subject}", sys.stdin.read()[-20_000:] or "(no details on standard input)")
    return 0


def _notifier(settings, list_name: str, environ: Mapping[str, str], state: Path, title: str):
    """A function that mails a subject and body to the operators' list (checked now, not at 5 a.m.)."""
    name = list_name or settings.alert_list
    if not name:
        raise ConfigError(f"--alert: name the operators' list (--alert LIST) or set 'alerts: list:' in {settings.source}.")
    alert_list = settings.mail_list(name)
    smtp = smtp_from(settings, environ)
    if not settings.sender:
        raise ConfigError(f"{settings.source}: no sender; set 'mail: from:' so alerts can be sent.")

    def notify(subject: str, body: str) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%f")
        outgoing = []
        for addr in alert_list.to:
            msg = mail.EmailMessage()
            msg["Subject"] = f"{alert_list.subject_prefix} {subject}: {title}".strip()
            msg["From"], msg["To"], msg["Date"] = settings.sender, addr, formatdate()
            msg.set_content(body)
            outgoing.append(mail.Outgoing(f"alert-{stamp}:{alert_list.name}", addr, msg))
        mail.send_messages(outgoing, smtp, state)

    return notify


def add_build_options(build: argparse.ArgumentParser, environ: Mapping[str, str]) -> None:
    """Add ``--send``, ``--list``, ``--to``, ``--alert`` and ``--distribution`` to the build command."""
    g = build.add_argument_group("distribution (a complete build that changes the pack is a new edition)")
    g.add_argument("--send", action="store_true", help="e-mail the new edition, if this build made one")
    g.add_argument("--list", metavar="NAME", action="append", default=[], dest="lists",
                   help="with --send: the list to send to (repeatable; default: mail.default_lists)")
    g.add_argument("--to", metavar="ADDR", action="append", default=[], dest="to_addrs",
                   help="with --send: an address to send to (repeatable)")
    g.add_argument("--alert", metavar="LIST", nargs="?", const="", default=None,
                   help="if the build fails, e-mail LIST (default: alerts.list) the reason and the log tail; "
                   "say once when it recovers")
    g.add_argument("--distribution", metavar="FILE", type=Path, default=paths.DISTRIBUTION_FILE,
                   help="distribution settings (default: data/distribution.yaml)")
    build.set_defaults(runner=lambda opts, args: build_command(opts, args, environ))


def build_command(opts, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Run the build with the distribution hooks; with ``--alert``, under the failure alerts."""
    from ..build import run_build

    settings = load_distribution(args.distribution, missing_ok=args.distribution == paths.DISTRIBUTION_FILE)
    send = None
    if args.send:
        send = SendRequest(tuple(args.lists), tuple(args.to_addrs))
        targets(settings, send)  # a wrong list name or missing server fails now, before the build
        smtp_from(settings, environ)
    elif args.lists or args.to_addrs:
        raise ConfigError("--list and --to go with --send.")
    opts.distribution = Distribution(settings, environ, send, opts.settings)
    if args.alert is None:
        return run_build(opts)
    notify = _notifier(settings, args.alert, environ, settings.state_for(opts.out), load_settings(opts.settings)["title"])
    return alerts.run_with_alerts(lambda: run_build(opts), opts.out, settings.state_for(opts.out), notify)
