"""Test helpers for the distribution stage: a real SMTP server on loopback, a certificate, a fake build output."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "desk", "s3cret-Pa55word"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_cert(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 (and its key), made with the openssl CLI."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


@dataclass
class Handler:
    """Keeps what the server accepted; can refuse an address or drop the connection on the n-th message."""

    refuse: set[str] = field(default_factory=set)
    drop_on: int = 0  # 1-based number of the DATA command that drops the connection; 0: never
    received: list = field(default_factory=list)  # (recipients, parsed message)
    data_calls: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd API)
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.data_calls += 1
        if self.data_calls == self.drop_on:
            server.transport.close()
            return "421 closing"
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


def start_server(handler: Handler, mode: str, cert: tuple[Path, Path] | None = None, auth: bool = True) -> Controller:
    """Start an SMTP server on 127.0.0.1: mode 'plain', 'starttls' or 'tls' (implicit)."""
    kwargs: dict = {}
    if cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(cert[0]), str(cert[1]))
        if mode == "tls":
            kwargs["ssl_context"] = ctx
        else:
            kwargs.update(tls_context=ctx, require_starttls=mode == "starttls")
    if auth:
        # with implicit TLS the server's SMTP layer does not see the TLS below it: allow AUTH there
        kwargs.update(authenticator=authenticator, auth_require_tls=mode == "starttls")
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    ctl.start()
    return ctl


def fake_build(out: Path, build: str = "b1", pack_key: str = "k1", pack: bytes = b"%PDF-1.4 pack one",
               judgements: bool = True, failed: bool = False) -> dict:
    """A build output folder as the build leaves it: reader files, a notebook, the cache and the manifest."""
    (out / ".cache").mkdir(parents=True, exist_ok=True)
    (out / "briefing-pack.pdf").write_bytes(pack)
    (out / "index.html").write_text("<p>index</p>", encoding="utf-8")
    for name in ("overview.pdf", "overview.html", "overview.ipynb"):
        (out / name).write_text(name + build, encoding="utf-8")
    kj = ('<section id="key-judgements"><h2>Key judgements</h2><ol><li>Item A was agreed &amp; signed.</li>'
          "<li>Item B slipped.</li></ol></section>") if judgements else ""
    (out / ".cache" / "overview.fragment.html").write_text(f"<main><h1>Overview</h1>{kj}<p>Body</p></main>",
                                                          encoding="utf-8")
    manifest = {"build": build, "as_of": "2025-12-08", "seeds": str(out / "seeds"), "pack": "built",
                "pack_key": pack_key, "pack_sha256": "x", "summary": {"failed": int(failed)},
                "reports": {"overview": {"status": "failed" if failed else "built", "error": "boom" if failed else "",
                                         "outputs": [{"path": n} for n in ("overview.ipynb", "overview.html", "overview.pdf")]}}}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return manifest


def write_tables(folder: Path, articles=(("a1", "First story", "Outlet One"),), figures=(("trade target", "100", "bn USD"),),
                 quotes=(("Speaker One", "we will see"),), outcomes=None) -> Path:
    """Tiny extracted tables: the columns the distribution stage reads."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["article_id,file,title,outlet,author,published,kind,words,sha256,status,reason,kind_from,url,note"]
    rows += [f"{i},{i}.txt,{t},{o},,,report,10,x,ok,,,," for i, t, o in articles]
    (folder / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["figure_id,article_id,sentence_id,surface,low,high,unit,item,qualifier,measure,period"]
    rows += [f"f{n},a1,s{n},{v},{v},{v},{u},,exact,{m}," for n, (m, v, u) in enumerate(figures)]
    (folder / "figures.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["quote_id,article_id,sentence_id,speaker,quote"] + [f"q{n},a1,s{n},{s},{q}" for n, (s, q) in enumerate(quotes)]
    (folder / "quotes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    if outcomes is not None:
        rows = ["item,aliases,themes,status,timing,sources,kinds,evidence,conflict"]
        rows += [f"{i},,,{s},,,,," for i, s in outcomes]
        (folder / "outcomes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder
