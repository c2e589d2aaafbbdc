"""Distribution settings: ``data/distribution.yaml`` plus the SMTP server and password from the environment.

The YAML holds everything an operator edits (state folder, publish folder, mail server, named lists);
the SMTP password never does: it comes from ``BRIEFING_SMTP_PASSWORD`` or the file named by
``BRIEFING_SMTP_PASSWORD_FILE``. The environment arrives as an argument (the CLI passes
``os.environ``); nothing here reads it on its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import paths
from ..config import _check_keys, _line, _text, load_yaml
from ..errors import ConfigError, location

TOP_KEYS = ("state", "publish", "mail", "lists", "alerts")
PUBLISH_KEYS = ("to", "url", "keep")
MAIL_KEYS = ("from", "smtp", "ca_file", "timeout", "attach_limit_mb", "default_lists")
LIST_KEYS = ("to", "subject_prefix", "handling")
ALERT_KEYS = ("list",)
SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.?[^@\s<>,;]*$")
LIST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
ENV_URL, ENV_PASSWORD, ENV_PASSWORD_FILE = "BRIEFING_SMTP_URL", "BRIEFING_SMTP_PASSWORD", "BRIEFING_SMTP_PASSWORD_FILE"


@dataclass(frozen=True)
class MailList:
    """A named distribution list: its addresses, the subject prefix and the handling label."""

    name: str
    to: tuple[str, ...]
    subject_prefix: str = ""
    handling: str = ""


@dataclass(frozen=True)
class Smtp:
    """Where to send mail. ``password`` is kept out of ``repr`` so it never reaches a log line."""

    scheme: str
    host: str
    port: int
    user: str
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None
    timeout: float = 60.0

    @property
    def display(self) -> str:
        """The server as a URL without any secret, for messages."""
        user = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}"


@dataclass(frozen=True)
class DistributionSettings:
    """Everything ``publish``, ``send`` and the build's distribution hooks need."""

    source: str  # the YAML file, for messages
    state: Path | None  # None: <build output>/.editions
    publish_to: Path = paths.PUBLISH
    publish_url: str = ""
    keep: int = 0  # editions whose packs the publish folder keeps; 0: all
    sender: str = ""
    smtp_url: str = ""
    ca_file: Path | None = None
    timeout: float = 60.0
    attach_limit: int = 10 * 1024 * 1024
    default_lists: tuple[str, ...] = ()
    lists: dict[str, MailList] = field(default_factory=dict)
    alert_list: str = ""

    def state_for(self, out: Path) -> Path:
        """The edition history folder of build output ``out``."""
        return self.state if self.state is not None else Path(out) / ".editions"

    def mail_list(self, name: str) -> MailList:
        """The list called ``name``, or a ConfigError naming the lists there are."""
        if name not in self.lists:
            known = ", ".join(sorted(self.lists)) or "none defined"
            raise ConfigError(f"{self.source}: no distribution list {name!r} (lists: {known}); add it under 'lists:' "
                              "or give addresses with --to ADDR.")
        return self.lists[name]


def _resolve(value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else paths.ROOT / p


def _number(path: Path, obj: dict, key: str, what: str, default: float, minimum: float) -> float:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ConfigError(f"{location(path, _line(obj, key))}: {key!r} of {what} must be a number of at least {minimum}.")
    return float(value)


def _addresses(path: Path, obj: dict, name: str) -> tuple[str, ...]:
    value = obj.get("to")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{location(path, _line(obj, 'to'))}: list {name!r} needs 'to:' with at least one address.")
    out = []
    for i, addr in enumerate(value):
        if not isinstance(addr, str) or not ADDRESS.match(addr.strip()):
            line = value.lines[i] if hasattr(value, "lines") else _line(obj, "to")
            raise ConfigError(f"{location(path, line)}: {addr!r} in list {name!r} is not an e-mail address "
                              "(write it as name@domain, one per item).")
        out.append(addr.strip())
    return tuple(out)


def load_distribution(path: Path = paths.DISTRIBUTION_FILE, *, missing_ok: bool = True) -> DistributionSettings:
    """Read ``distribution.yaml``; a missing default file means defaults (no lists, no server)."""
    path = Path(path)
    if not path.exists() and missing_ok:
        return DistributionSettings(source=str(path), state=None)
    data = load_yaml(path) or {}
    _check_keys(path, data, TOP_KEYS, "distribution settings")
    state = _text(path, data, "state", "distribution settings", required=False)
    pub = data.get("publish") or {}
    _check_keys(path, pub, PUBLISH_KEYS, "'publish'")
    mail = data.get("mail") or {}
    _check_keys(path, mail, MAIL_KEYS, "'mail'")
    lists: dict[str, MailList] = {}
    raw_lists = data.get("lists") or {}
    if not isinstance(raw_lists, dict):
        raise ConfigError(f"{location(path, _line(data, 'lists'))}: 'lists' must map list names to their settings.")
    for name, spec in raw_lists.items():
        if not isinstance(name, str) or not LIST_NAME.match(name):
            raise ConfigError(f"{location(path, _line(raw_lists, name))}: list name {name!r}: use letters, digits, "
                              "'-', '_' or '.'.")
        _check_keys(path, spec, LIST_KEYS, f"list {name!r}")
        lists[name] = MailList(name, _addresses(path, spec, name),
                               _text(path, spec, "subject_prefix", f"list {name!r}", required=False),
                               _text(path, spec, "handling", f"list {name!r}", required=False))
    defaults = mail.get("default_lists") or []
    if isinstance(defaults, str):
        defaults = [defaults]
    alerts = data.get("alerts") or {}
    _check_keys(path, alerts, ALERT_KEYS, "'alerts'")
    settings = DistributionSettings(
        source=str(path),
        state=_resolve(state) if state else None,
        publish_to=_resolve(_text(path, pub, "to", "'publish'", required=False) or str(paths.PUBLISH)),
        publish_url=_text(path, pub, "url", "'publish'", required=False),
        keep=int(_number(path, pub, "keep", "'publish'", 0, 0)),
        sender=_text(path, mail, "from", "'mail'", required=False),
        smtp_url=_text(path, mail, "smtp", "'mail'", required=False),
        ca_file=_resolve(ca) if (ca := _text(path, mail, "ca_file", "'mail'", required=False)) else None,
        timeout=_number(path, mail, "timeout", "'mail'", 60, 1),
        attach_limit=int(_number(path, mail, "attach_limit_mb", "'mail'", 10, 0) * 1024 * 1024),
        default_lists=tuple(str(d) for d in defaults),
        lists=lists,
        alert_list=_text(path, alerts, "list", "'alerts'", required=False),
    )
    if settings.publish_url and urlsplit(settings.publish_url).scheme not in ("http", "https"):
        raise ConfigError(f"{location(path, _line(pub, 'url'))}: publish.url {settings.publish_url!r} is not a web "
                          "address; write it whole, e.g. https://intranet.example.org/briefing (the pack and the "
                          "e-mails link to it).")
    for name in (*settings.default_lists, *([settings.alert_list] if settings.alert_list else [])):
        settings.mail_list(name)  # a typo in a list name fails now, not at 5 a.m.
    return settings


def parse_smtp_url(url: str, where: str) -> tuple[str, str, int, str]:
    """Split ``smtp[+starttls|s]://[user@]host[:port]`` into scheme, host, port and user."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise ConfigError(f"{where}: SMTP server {url!r} is not a URL of the form smtp://host:port, "
                          "smtp+starttls://[user@]host:port or smtps://[user@]host:port.")
    if parts.password is not None:
        raise ConfigError(f"{where}: the SMTP URL must not contain a password; remove it and set "
                          f"{ENV_PASSWORD} or {ENV_PASSWORD_FILE} instead.")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise ConfigError(f"{where}: SMTP server {url!r} has an invalid port.") from None
    return parts.scheme, parts.hostname, port, unquote(parts.username or "")


def smtp_from(settings: DistributionSettings, environ: Mapping[str, str]) -> Smtp:
    """The SMTP server: ``BRIEFING_SMTP_URL`` if set, else ``mail.smtp``; the password from the environment."""
    url = environ.get(ENV_URL, "").strip() or settings.smtp_url
    where = ENV_URL if environ.get(ENV_URL, "").strip() else f"{settings.source} (mail.smtp)"
    if not url:
        raise ConfigError(f"no SMTP server: set {ENV_URL} (e.g. smtp+starttls://user@mail.example.org:587) or "
                          f"'mail: smtp:' in {settings.source}; or use --dry-run to write .eml files.")
    scheme, host, port, user = parse_smtp_url(url, where)
    password = environ.get(ENV_PASSWORD) or None
    pw_file = environ.get(ENV_PASSWORD_FILE, "").strip()
    if password is None and pw_file:
        try:
            password = Path(pw_file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise ConfigError(f"{ENV_PASSWORD_FILE}={pw_file}: cannot read it ({exc.strerror}).") from None
    if user and not password:
        raise ConfigError(f"{where}: user {user!r} given but no password; set {ENV_PASSWORD} or {ENV_PASSWORD_FILE}.")
    if user and scheme == "smtp" and host not in ("localhost", "127.0.0.1", "::1"):
        raise ConfigError(f"{where}: refusing to send a password without TLS; use smtp+starttls:// or smtps://.")
    if settings.ca_file is not None and not settings.ca_file.is_file():
        raise ConfigError(f"{settings.source} (mail.ca_file): {settings.ca_file} not found.")
    return Smtp(scheme, host, port, user, password, settings.ca_file, settings.timeout)
