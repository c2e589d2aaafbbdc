"""The distribution stage without SMTP: settings, editions, "since the last edition", publishing, alerts."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os

import pytest
from distribute_helpers import fake_build, write_tables

from briefing.distribute import alerts, changes, editions
from briefing.distribute.distribution import Distribution, first_judgements
from briefing.distribute.mail import key_judgements
from briefing.distribute.publish import publish
from briefing.distribute.settings import load_distribution, smtp_from
from briefing.errors import BuildError, ConfigError, DistributionError
from briefing.reporting.render import PackEntry, pack_html

SETTINGS = {"title": "T", "subtitle": "S", "handling": "H", "author": "A", "keywords": []}


def yaml_file(tmp_path, text: str):
    p = tmp_path / "distribution.yaml"
    p.write_text(text, encoding="utf-8")
    return p


# --- settings ------------------------------------------------------------------------------------

def test_settings_read_lists_and_resolve_paths(tmp_path):
    s = load_distribution(yaml_file(tmp_path, f"""
state: {tmp_path}/state
mail: {{from: Desk <desk@example.org>, smtp: "smtps://desk@mail.example.org", default_lists: [readers]}}
lists:
  readers: {{to: [a@example.org, b@example.org], subject_prefix: "[B]", handling: Internal}}
"""))
    assert s.state == tmp_path / "state"
    assert s.mail_list("readers").to == ("a@example.org", "b@example.org")
    smtp = smtp_from(s, {"BRIEFING_SMTP_PASSWORD": "pw"})
    assert (smtp.scheme, smtp.host, smtp.port, smtp.user, smtp.password) == ("smtps", "mail.example.org", 465, "desk", "pw")
    assert "pw" not in repr(smtp)
    # the pack links "in the full report" to the published current edition, or names the file when nothing is published
    assert Distribution(s).reports_url == ""
    published = load_distribution(yaml_file(tmp_path, "publish: {url: 'https://intranet.example.org/briefing/'}\n"))
    assert Distribution(published).reports_url == "https://intranet.example.org/briefing/current/"


@pytest.mark.parametrize("text, message", [
    ("lists:\n  r:\n    to: [a@example.org]\n    cc: [b@example.org]\n", "distribution.yaml:4: unknown key 'cc'"),
    ("lists:\n  r:\n    to: [not-an-address]\n", "distribution.yaml:3: 'not-an-address' in list 'r' is not an e-mail address"),
    ("mail: {default_lists: [nobody]}\n", "no distribution list 'nobody' (lists: none defined)"),
    ("mail: {timeout: soon}\n", "'timeout' of 'mail' must be a number"),
    ("publish:\n  to: pub\n  url: intranet/briefing\n", "distribution.yaml:3: publish.url 'intranet/briefing' is not a web "
     "address; write it whole, e.g. https://"),
])
def test_bad_settings_name_the_line_and_the_fix(tmp_path, text, message):
    with pytest.raises(ConfigError) as exc:
        load_distribution(yaml_file(tmp_path, text))
    assert message in str(exc.value)


def test_smtp_url_and_password_come_from_the_environment_only(tmp_path):
    s = load_distribution(yaml_file(tmp_path, "mail: {smtp: 'smtp://mail.example.org:25'}\n"))
    pw = tmp_path / "pw"
    pw.write_text("from-file\n", encoding="utf-8")
    smtp = smtp_from(s, {"BRIEFING_SMTP_URL": "smtp+starttls://u@relay.example.org", "BRIEFING_SMTP_PASSWORD_FILE": str(pw)})
    assert (smtp.scheme, smtp.host, smtp.port, smtp.user, smtp.password) == ("smtp+starttls", "relay.example.org", 587, "u",
                                                                            "from-file")
    with pytest.raises(ConfigError, match="must not contain a password; remove it and set BRIEFING_SMTP_PASSWORD") as exc:
        smtp_from(s, {"BRIEFING_SMTP_URL": "smtps://u:hunter2@relay.example.org"})
    assert "hunter2" not in str(exc.value)
    with pytest.raises(ConfigError, match="user 'u' given but no password"):
        smtp_from(s, {"BRIEFING_SMTP_URL": "smtps://u@relay.example.org"})
    with pytest.raises(ConfigError, match="refusing to send a password without TLS"):
        smtp_from(s, {"BRIEFING_SMTP_URL": "smtp://u@relay.example.org", "BRIEFING_SMTP_PASSWORD": "x"})
    with pytest.raises(ConfigError, match="no SMTP server: set BRIEFING_SMTP_URL"):
        smtp_from(load_distribution(yaml_file(tmp_path, "{}\n")), {})


# --- what changed --------------------------------------------------------------------------------

def test_first_edition_and_no_change_are_empty(tmp_path):
    facts = editions.read_facts(write_tables(tmp_path / "d"))
    first = changes.compare(None, facts)
    assert first.empty and "first edition" in changes.to_text(first)
    same = changes.compare(facts, facts, since=1, since_date="1 December 2025")
    assert same.empty and "Nothing new or changed since edition 1 (as of 1 December 2025)" in changes.to_text(same)
    assert "not available in this edition" in same.outcomes_note  # no outcomes.csv: said, not invented


def test_changes_list_articles_statuses_figures_and_voices(tmp_path):
    before = editions.read_facts(write_tables(
        tmp_path / "a", articles=[("a1", "Old story", "O"), ("a2", "Dropped story", "O")],
        figures=[("trade target", "100", "bn USD"), ("deals", "5", "")], quotes=[("Speaker One", "x")],
        outcomes=[("Item A", "expected"), ("Item B", "agreed")]))
    now = editions.read_facts(write_tables(
        tmp_path / "b", articles=[("a1", "Old story", "O"), ("a3", "New <b>story</b>", "P")],
        figures=[("trade target", "150", "bn USD"), ("deals", "5", ""), ("visits", "2", "days"), ("trade", "68700000000.0", "USD")],
        quotes=[("Speaker One", "y"), ("Speaker Two", "a new voice")],
        outcomes=[("Item A", "not agreed"), ("Item B", "agreed"), ("Item C", "announced")]))
    c = changes.compare(before, now, since=4, since_date="5 December 2025")
    assert c.new_articles == ["New <b>story</b> (P)"] and c.withdrawn_articles == ["Dropped story (O)"]
    assert c.status_changes == [("Item A", "expected", "not agreed")] and c.new_items == [("Item C", "announced")]
    assert c.new_figures == [("trade", "68.7 billion USD"), ("visits", "2 days")] and c.changed_figures == [("trade target", "100 bn USD", "150 bn USD")]
    assert c.new_voices == [("Speaker Two", "a new voice")] and not c.outcomes_note
    text, markup = changes.to_text(c), changes.to_html(c)
    assert "Item A: expected → not agreed" in text and "Compared with edition 4 (as of 5 December 2025)" in text
    assert "New &lt;b&gt;story&lt;/b&gt; (P)" in markup and "<b>story" not in markup  # article text is escaped


def test_the_pack_shows_the_section_after_the_contents():
    entries = [PackEntry("overview", "Overview", "built", "<main class='report'><h1 id='overview'>O</h1></main>", [], "")]
    markup = pack_html(SETTINGS, entries, "b", "2025-12-08", "8 December 2025", preface_html=changes.to_html(changes.Changes()))
    # the pack re-serialises report bodies (one source numbering), so attribute quotes are normalised
    assert markup.index('class="contents"') < markup.index('id="since-last-edition"') < markup.index('id="overview"')
    assert 'id="since-last-edition"' not in pack_html(SETTINGS, entries, "b", "2025-12-08", "8 December 2025")


def test_real_facts_from_the_seeds(extracted):
    facts = editions.read_facts(extracted)
    assert len(facts["articles"]) == 5 and facts["figures"] and facts["quotes"]
    assert facts["outcomes"] is None or isinstance(facts["outcomes"], list)


# --- editions ------------------------------------------------------------------------------------

def _dist(tmp_path, data, **kw) -> Distribution:
    s = load_distribution(yaml_file(tmp_path, f"state: {tmp_path}/state\n"))
    return Distribution(s, {}, data_dir=data, today=dt.date(2025, 12, 9), **kw)


def test_editions_are_recorded_once_per_changed_complete_pack(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="briefing")
    data = write_tables(tmp_path / "data")
    out, d = tmp_path / "out", _dist(tmp_path, data)
    assert d.after_build(out, fake_build(out)) == 0
    e1 = editions.latest(tmp_path / "state")
    assert e1.number == 1 and e1.record["build"] == "b1" and e1.record["date"] == "2025-12-09"
    assert sorted(e1.record["files"]) == ["briefing-pack.pdf", "index.html", "overview.html", "overview.pdf"]
    assert e1.record["judgements"] == ["• Item A was agreed & signed.", "• Item B slipped."]
    d.after_build(out, fake_build(out, build="b2"))  # same pack key: not an edition
    d.after_build(out, fake_build(out, build="b3", pack_key="k3", failed=True))  # incomplete: not an edition
    assert [e.number for e in editions.list_editions(tmp_path / "state")] == [1]
    assert "no new edition: report(s) not up to date: overview" in caplog.text
    write_tables(data, quotes=[("Speaker One", "we will see"), ("Speaker Two", "hello")])
    assert "Speaker Two" in d.preface_html(out, data, "k4")
    d.after_build(out, fake_build(out, build="b4", pack_key="k4", pack=b"%PDF two"))
    e1, e2 = editions.list_editions(tmp_path / "state")
    assert e2.record["changes"]["new_voices"] == [["Speaker Two", "hello"]]
    assert [p.name for p in e1.files.iterdir()] == ["briefing-pack.pdf"]  # older editions keep their pack only
    assert e2.pack.read_bytes() == b"%PDF two"
    # a forced rebuild of the same pack compares with the edition before, not with itself
    assert "Speaker Two" in d.preface_html(out, data, "k4")


def test_an_edition_cut_short_by_a_crash_does_not_count(tmp_path):
    state = tmp_path / "state"
    (state / "0001" / "files").mkdir(parents=True)  # no edition.json: the build died while copying
    assert editions.latest(state) is None
    with pytest.raises(DistributionError, match="no edition yet; run `python -m briefing build` first"):
        editions.get(state, None)
    out = tmp_path / "out"
    e = editions.record(state, out, fake_build(out), {"facts": {}}, dt.date(2025, 1, 1))
    assert e.number == 1 and (state / "0001" / "edition.json").exists()


def test_key_judgements_are_taken_by_id_or_reported_missing(tmp_path):
    assert key_judgements('<h2 id="key-judgements">Key judgements</h2><p>One.</p><h2>Next</h2><p>no</p>') == ["One."]
    assert key_judgements("<p>no such section</p>") == []
    out = tmp_path / "out"
    assert first_judgements(out, fake_build(out, judgements=False)) is None


# --- publishing ----------------------------------------------------------------------------------

def test_publish_switches_whole_editions_and_keeps_old_packs(tmp_path):
    data = write_tables(tmp_path / "data")
    out, d, pub = tmp_path / "out", _dist(tmp_path, data), tmp_path / "pub"
    d.after_build(out, fake_build(out))
    publish(tmp_path / "state", pub, "Title <x>")
    assert os.readlink(pub / "current") == "editions/0001"
    assert sorted(p.name for p in (pub / "current").iterdir()) == ["briefing-pack.pdf", "index.html", "overview.html",
                                                                    "overview.pdf"]
    d.after_build(out, fake_build(out, build="b2", pack_key="k2", pack=b"%PDF two"))
    fake_build(out, build="b3", pack_key="k3", pack=b"%PDF broken", failed=True)  # a failed build changes nothing
    publish(tmp_path / "state", pub, "Title <x>")
    publish(tmp_path / "state", pub, "Title <x>")  # again: idempotent
    assert os.readlink(pub / "current") == "editions/0002"
    assert (pub / "current" / "briefing-pack.pdf").read_bytes() == b"%PDF two"
    assert [p.name for p in (pub / "editions" / "0001").iterdir()] == ["briefing-pack.pdf"]
    index = (pub / "index.html").read_text(encoding="utf-8")
    assert "Title &lt;x&gt;" in index and "editions/0001/briefing-pack.pdf" in index and "editions/0002/" in index
    assert not list(pub.glob("editions/.staging-*"))
    publish(tmp_path / "state", pub, "T", keep=1)
    assert sorted(p.name for p in (pub / "editions").iterdir()) == ["0002"]


# --- alerts --------------------------------------------------------------------------------------

def test_alerts_say_why_and_recovery_once(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="briefing")  # as the CLI sets it
    sent: list[tuple[str, str]] = []
    notify = lambda subject, body: sent.append((subject, body))  # noqa: E731
    out, state = tmp_path / "out", tmp_path / "state"
    fake_build(out, failed=True)

    def crash():
        logging.getLogger("briefing").info("extracting")
        raise RuntimeError("disk on fire")

    assert alerts.run_with_alerts(crash, out, state, notify) == 1
    assert "the build crashed: RuntimeError: disk on fire" in sent[-1][1] and "extracting" in sent[-1][1]
    assert "Traceback" in sent[-1][1]
    assert alerts.run_with_alerts(lambda: 1, out, state, notify) == 1
    assert "report(s) failed: overview: boom" in sent[-1][1]

    def locked():
        raise BuildError("reports/.build.lock: another build is running (pid 1)")

    assert alerts.run_with_alerts(locked, out, state, notify) == 1
    assert "the build lock stayed held too long" in sent[-1][1]
    assert len(sent) == 3 and all(s.startswith("FAILED") for s, _ in sent)
    assert alerts.run_with_alerts(lambda: 0, out, state, notify) == 0
    assert alerts.run_with_alerts(lambda: 0, out, state, notify) == 0
    assert [s for s, _ in sent[3:]] == ["RECOVERED: briefing build"]  # said once
    assert json.loads((state / "alerts.json").read_text())["failing"] is False
