"""E-mail end to end against a real SMTP server on loopback (aiosmtpd): TLS, AUTH, drops, refusals, retries."""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import subprocess
import sys

import pytest
from conftest import ROOT
from distribute_helpers import PASSWORD, USER, Handler, fake_build, make_cert, start_server, write_tables

from briefing.distribute import editions
from briefing.distribute.distribution import Distribution, SendRequest, send_edition
from briefing.distribute.mail import DELIVERIES
from briefing.distribute.settings import load_distribution
from briefing.errors import DistributionError

REPORT = {"title": "Summit Briefing", "handling": "Internal only"}
READERS = ["r1@example.org", "r2@example.org", "r3@example.org"]


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    return make_cert(tmp_path_factory.mktemp("cert"))


@pytest.fixture
def site(tmp_path, cert):
    """A state folder with one edition, and settings with a readers list; returns (settings, state, edition)."""
    (tmp_path / "distribution.yaml").write_text(f"""
state: {tmp_path}/state
publish: {{url: "https://intranet.example.org/briefing"}}
mail: {{from: "Desk <desk@example.org>", ca_file: "{cert[0]}", timeout: 10}}
lists:
  readers: {{to: [{', '.join(READERS)}], subject_prefix: "[Briefing]", handling: "Readers only"}}
""", encoding="utf-8")
    settings = load_distribution(tmp_path / "distribution.yaml")
    out = tmp_path / "out"
    Distribution(settings, {}, data_dir=write_tables(tmp_path / "data"), today=dt.date(2025, 12, 9)).after_build(out, fake_build(out))
    state = tmp_path / "state"
    return settings, state, editions.latest(state)


def env(ctl, scheme: str, user: str = USER, password: str = PASSWORD) -> dict:
    return {"BRIEFING_SMTP_URL": f"{scheme}://{user}@127.0.0.1:{ctl.port}", "BRIEFING_SMTP_PASSWORD": password}


def recipients(handler: Handler) -> list[str]:
    return [r for rcpts, _ in handler.received for r in rcpts]


@pytest.mark.parametrize("mode, scheme", [("starttls", "smtp+starttls"), ("tls", "smtps")])
def test_an_edition_reaches_every_reader_once_over_tls(site, cert, mode, scheme):
    settings, state, edition = site
    handler = Handler()
    ctl = start_server(handler, mode, cert)
    try:
        request = SendRequest(("readers",))
        assert send_edition(settings, state, edition, request, env(ctl, scheme), REPORT) == 0
        assert send_edition(settings, state, edition, request, env(ctl, scheme), REPORT) == 0  # a retry sends nothing
    finally:
        ctl.stop()
    assert recipients(handler) == READERS
    msg = handler.received[0][1]
    assert msg["Subject"] == "[Briefing] Summit Briefing: edition 1, 8 December 2025"
    assert msg["To"] == READERS[0]  # one message per reader: no one sees the list
    text = msg.get_body(("plain",)).get_content()
    assert "Item A was agreed & signed." in text and "Readers only" in text and "first edition" in text
    assert "Item A was agreed &amp; signed." in msg.get_body(("html",)).get_content()
    [pdf] = [p for p in msg.iter_attachments()]
    assert pdf.get_filename() == "briefing-pack.pdf" and pdf.get_content() == edition.pack.read_bytes()


def test_a_wrong_password_is_refused_clearly_and_never_logged(site, cert, caplog):
    caplog.set_level(logging.DEBUG, logger="briefing")
    settings, state, edition = site
    ctl = start_server(Handler(), "starttls", cert)
    try:
        with pytest.raises(DistributionError) as exc:
            send_edition(settings, state, edition, SendRequest(("readers",)), env(ctl, "smtp+starttls", password="wrong-PW-42"),
                         REPORT)
    finally:
        ctl.stop()
    assert f"the server refused the login for user '{USER}' (535)" in str(exc.value)
    assert "wrong-PW-42" not in str(exc.value) + caplog.text
    assert not (state / DELIVERIES).exists()


def test_an_untrusted_certificate_says_to_set_the_ca_file(site, cert, tmp_path):
    settings, state, edition = site
    other = make_cert(tmp_path)  # the server shows a certificate the client's CA file did not sign
    ctl = start_server(Handler(), "tls", other)
    try:
        with pytest.raises(DistributionError, match="certificate is not trusted .*set mail.ca_file"):
            send_edition(settings, state, edition, SendRequest(("readers",)), env(ctl, "smtps"), REPORT)
    finally:
        ctl.stop()


def test_a_dropped_connection_then_a_retry_serves_each_reader_once(site, cert):
    settings, state, edition = site
    dropping = Handler(drop_on=2)
    ctl = start_server(dropping, "starttls", cert)
    try:
        with pytest.raises(DistributionError, match=r"sending to r2@example.org failed .* 1 message\(s\) delivered and "
                                                    r"recorded, 2 not sent. Run the same command again"):
            send_edition(settings, state, edition, SendRequest(("readers",)), env(ctl, "smtp+starttls"), REPORT)
    finally:
        ctl.stop()
    good = Handler()
    ctl = start_server(good, "starttls", cert)
    try:
        assert send_edition(settings, state, edition, SendRequest(("readers",)), env(ctl, "smtp+starttls"), REPORT) == 0
    finally:
        ctl.stop()
    assert recipients(dropping) == READERS[:1] and recipients(good) == READERS[1:]  # nothing twice, nothing lost


def test_a_refused_recipient_is_reported_and_retried_alone(site, cert, caplog):
    settings, state, edition = site
    handler = Handler(refuse={"r2@example.org"})
    ctl = start_server(handler, "starttls", cert)
    try:
        request = SendRequest(("readers",))
        assert send_edition(settings, state, edition, request, env(ctl, "smtp+starttls"), REPORT) == 1
        assert "the server refused recipient r2@example.org (550 5.1.1 mailbox unavailable)" in caplog.text
        handler.refuse.clear()  # the mailbox was fixed
        assert send_edition(settings, state, edition, request, env(ctl, "smtp+starttls"), REPORT) == 0
    finally:
        ctl.stop()
    assert recipients(handler) == ["r1@example.org", "r3@example.org", "r2@example.org"]


def test_dry_run_writes_eml_and_large_packs_are_linked(site, tmp_path):
    settings, state, edition = site
    import dataclasses
    from email import message_from_bytes, policy

    small = dataclasses.replace(settings, attach_limit=1)
    assert send_edition(small, state, edition, SendRequest(("readers",), ("extra@example.org",), dry_run=True,
                                                           outbox=tmp_path / "outbox"), {}, REPORT) == 0
    emls = sorted((tmp_path / "outbox" / "0001").glob("*.eml"))
    assert len(emls) == 4 and not (state / DELIVERIES).exists()
    msg = message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    assert not list(msg.iter_attachments())
    assert "https://intranet.example.org/briefing/editions/0001/briefing-pack.pdf" in msg.get_body(("plain",)).get_content()


def test_the_send_command_maps_errors_to_messages(tmp_path):
    (tmp_path / "d.yaml").write_text(f"state: {tmp_path}/state\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "briefing", "send", "--config", str(tmp_path / "d.yaml"), "--to",
                           "a@example.org"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1 and "no edition yet; run `python -m briefing build` first" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_second_concurrent_send_is_refused(site):
    settings, state, edition = site
    with open(state / ".send.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(DistributionError, match="another send is running; it was left alone"):
            send_edition(settings, state, edition, SendRequest(("readers",)),
                         {"BRIEFING_SMTP_URL": "smtp://127.0.0.1:9"}, REPORT)


def test_build_alert_mails_the_operators_when_the_lock_stays_held(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    handler = Handler()
    ctl = start_server(handler, "plain", auth=False)
    (tmp_path / "d.yaml").write_text(
        f"state: {tmp_path}/state\nmail: {{from: desk@example.org}}\nlists:\n  ops: {{to: [ops@example.org], "
        "subject_prefix: '[ops]'}\nalerts: {list: ops}\n", encoding="utf-8")
    env = {**os.environ, "BRIEFING_SMTP_URL": f"smtp://127.0.0.1:{ctl.port}", "BRIEFING_SMTP_PASSWORD": "never-shown"}
    try:
        with open(out / ".build.lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # a build that hangs
            proc = subprocess.run([sys.executable, "-m", "briefing", "build", "--out", str(out), "--formats", "html",
                                   "--alert", "--distribution", str(tmp_path / "d.yaml")],
                                  capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    finally:
        ctl.stop()
    assert proc.returncode == 3 and "another build is running" in proc.stderr
    assert "never-shown" not in proc.stderr and "Traceback" not in proc.stderr
    [(rcpts, msg)] = handler.received
    assert rcpts == ["ops@example.org"] and msg["Subject"].startswith("[ops] FAILED: briefing build")
    assert "Reason: the build lock stayed held too long" in msg.get_content()


def test_the_alert_command_mails_stdin_unless_the_build_just_alerted(tmp_path):
    handler = Handler()
    ctl = start_server(handler, "plain", auth=False)
    (tmp_path / "d.yaml").write_text(f"state: {tmp_path}/state\nmail: {{from: desk@example.org}}\n"
                                     "lists:\n  ops: {to: [ops@example.org]}\nalerts: {list: ops}\n", encoding="utf-8")
    env = {**os.environ, "BRIEFING_SMTP_URL": f"smtp://127.0.0.1:{ctl.port}"}
    cmd = [sys.executable, "-m", "briefing", "alert", "--config", str(tmp_path / "d.yaml"), "--subject",
           "briefing-build.service failed", "--unless-alerted-within", "900"]
    try:
        first = subprocess.run(cmd, input="journal: killed by SIGKILL\n", capture_output=True, text=True, cwd=ROOT,
                               timeout=60, env=env)
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        (tmp_path / "state" / "alerts.json").write_text(f'{{"failing": true, "alerted": "{stamp}"}}', encoding="utf-8")
        second = subprocess.run(cmd, input="again\n", capture_output=True, text=True, cwd=ROOT, timeout=60, env=env)
    finally:
        ctl.stop()
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    [(rcpts, msg)] = handler.received  # the second was already reported by the build itself
    assert msg["Subject"].startswith("FAILED: briefing-build.service failed: ")
    assert "killed by SIGKILL" in msg.get_content()
