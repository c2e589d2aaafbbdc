"""Benchmark: extraction accuracy against hand annotations, on the seeds and on the dev set.

Run: .venv/bin/python bench/accuracy.py [-v] [--split tune|holdout|fresh|blind|seeds ...]

Five sets are scored, each with its own configuration and no change between articles:

- ``seeds``: the five seed articles against ``tests/fixtures/seed_facts.yaml`` (figures, quotes),
  with ``data/themes.yaml``, ``data/entities.yaml`` and ``data/measures.yaml``;
- ``tune`` and ``holdout``: the two halves of ``tests/fixtures/devset`` (real articles about other
  events), with the dev-set ``themes.yaml`` and the project's own entities and measures. Rules are
  tuned on ``tune`` only; ``holdout`` has since been read and tuned on too;
- ``fresh``: a third split of the dev set, annotated blind after that; read since, like the others;
- ``blind``: a fourth split (``d01``-``d16``), annotated by someone who had read none of the extraction
  code, before any extractor ran on it; the honest figure until it too has been read.

Matching rules (the same for every set):

- sentence: an annotation's ``in`` / ``starts`` / ``sentence`` snippet locates the sentence(s) it
  stands in (whitespace and quotation marks normalised);
- figures: a found figure matches an annotated one in the same sentence when low, high (relative
  tolerance 1e-6), unit **and** qualifier all agree (scored jointly, as the issue's "value, range,
  unit, qualifier" asks); each found figure matches at most one annotation. Every figure the
  extractor finds in an article and no annotation claims is a false positive. A looser score
  (value and unit, qualifier ignored) is printed alongside to show where the misses are;
- quotes: a found quote matches an annotated one when, normalised, one starts with the first
  40 characters of the other, in the same article; a quote split across several rows counts its
  first row as the match and the other rows as false positives;
- speakers: of the matched quotes, the share whose speaker equals the annotated one, compared
  case-insensitively, ignoring punctuation and a leading "a", "an" or "the";
- themes: over the annotated sample sentences, each (sentence, theme) pair is one item;
- dates: the year of a date written without one is the article's publication year (``meta.date``,
  else the year in ``meta.event``), as ``sources.yaml`` gives it in a real corpus; an annotated date matches a found date in the same sentence with the same start date
  (YYYY-MM-DD; the end of a range is not scored); found dates in sentences that carry no
  annotated date are not counted, since annotators listed dates, not every year mention.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import paths  # noqa: E402
from briefing.config import load_config  # noqa: E402
from briefing.extraction.dates import resolve_year  # noqa: E402
from briefing.extraction.extract import Extractor  # noqa: E402

MONTHS = "january february march april may june july august september october november december".split()
DEVSET = ROOT / "tests" / "fixtures" / "devset"
SEED_FACTS = ROOT / "tests" / "fixtures" / "seed_facts.yaml"
QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"', "—": "-", "–": "-"})


def norm(text: str) -> str:
    """Text for comparison: quotation marks and dashes unified, whitespace collapsed."""
    return re.sub(r"\s+", " ", str(text).translate(QUOTE_CHARS)).strip()


def norm_speaker(text: str) -> str:
    """A speaker for comparison: lower case, no punctuation, no leading article."""
    t = re.sub(r"[^\w\s]", " ", norm(text).lower())
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"^(?:a|an|the)\s+", "", t)


@dataclass
class Score:
    """True positives, false positives and false negatives, with the misses for ``-v``."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def f1(self) -> float:
        p, r = self.p(), self.r()
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    """A score per extractor for one set of articles."""

    figures: Score = field(default_factory=Score)
    figures_loose: Score = field(default_factory=Score)
    quotes: Score = field(default_factory=Score)
    speakers: Score = field(default_factory=Score)  # tp = right, fn = wrong (accuracy = recall)
    themes: Score = field(default_factory=Score)
    per_theme: dict[str, Score] = field(default_factory=dict)  # the same items, by theme id
    dates: Score = field(default_factory=Score)


def _sentences_with(sentences: dict[str, str], snippet: str) -> list[str]:
    s = norm(snippet)
    found = [sid for sid, text in sentences.items() if s in norm(text)]
    if not found and len(s) > 30:
        found = [sid for sid, text in sentences.items() if s[:30] in norm(text)]
    return found


def _close(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def score_figures(acc: Accuracy, aid: str, sentences: dict, found: list, gold: list) -> None:
    for loose, score in ((False, acc.figures), (True, acc.figures_loose)):
        used: set[int] = set()
        for fact in gold:
            sids = _sentences_with(sentences, fact["in"])
            if not sids:
                score.misses.append(f"{aid}: annotation snippet not found in any sentence: {fact['in']!r}")
            hit = None
            for i, f in enumerate(found):
                if i in used or f.sentence_id not in sids:
                    continue
                if _close(f.low, fact["low"]) and _close(f.high, fact["high"]) and f.unit == fact["unit"] and (
                    loose or f.qualifier == fact["qualifier"]
                ):
                    hit = i
                    break
            if hit is None:
                score.fn += 1
                near = [f"{f.surface!r} {f.low:g}-{f.high:g} {f.unit} {f.qualifier}" for f in found if f.sentence_id in sids]
                score.misses.append(
                    f"{aid}: missed {fact['surface']!r} {fact['low']:g}-{fact['high']:g} {fact['unit']} "
                    f"{fact['qualifier']} (in {fact['in']!r}); found there: {', '.join(near) or 'nothing'}"
                )
            else:
                used.add(hit)
                score.tp += 1
        for i, f in enumerate(found):
            if i not in used:
                score.fp += 1
                score.misses.append(
                    f"{aid}: extra {f.surface!r} {f.low:g}-{f.high:g} {f.unit} {f.qualifier} "
                    f"in {sentences[f.sentence_id][:90]!r}"
                )


def _quote_match(found: str, starts: str) -> bool:
    a, b = norm(found).strip("\"' "), norm(starts).strip("\"' ")
    n = min(40, len(a), len(b))
    return n > 0 and (a.startswith(b[:n]) or b.startswith(a[:n]))


def score_quotes(acc: Accuracy, aid: str, found: list, gold: list) -> None:
    used: set[int] = set()
    for fact in gold:
        hit = next((i for i, q in enumerate(found) if i not in used and _quote_match(q.quote, fact["starts"])), None)
        if hit is None:
            acc.quotes.fn += 1
            acc.quotes.misses.append(f"{aid}: missed quote {fact['starts'][:60]!r} ({fact['speaker']})")
            continue
        used.add(hit)
        acc.quotes.tp += 1
        got = found[hit].speaker
        if norm_speaker(got) == norm_speaker(fact["speaker"]):
            acc.speakers.tp += 1
        else:
            acc.speakers.fn += 1
            acc.speakers.misses.append(
                f"{aid}: speaker {got!r}, annotated {fact['speaker']!r} for {fact['starts'][:50]!r}"
            )
    for i, q in enumerate(found):
        if i not in used:
            acc.quotes.fp += 1
            acc.quotes.misses.append(f"{aid}: extra quote {q.quote[:60]!r} ({q.speaker!r})")


def score_themes(acc: Accuracy, aid: str, sentences: dict, themes: dict, gold: list) -> None:
    for fact in gold:
        sids = _sentences_with(sentences, fact["sentence"])
        if not sids:
            acc.themes.misses.append(f"{aid}: theme sample sentence not found: {fact['sentence']!r}")
            acc.themes.fn += len(fact["themes"])
            continue
        want = set(fact["themes"])
        got = set(filter(None, themes[sids[0]].split(";")))
        acc.themes.tp += len(want & got)
        acc.themes.fp += len(got - want)
        acc.themes.fn += len(want - got)
        for tid in want | got:
            per = acc.per_theme.setdefault(tid, Score())
            per.tp += tid in want and tid in got
            per.fp += tid in got and tid not in want
            per.fn += tid in want and tid not in got
        if want != got:
            acc.themes.misses.append(
                f"{aid}: themes {sorted(got)} (cues {themes[sids[0] + '#cues']}), annotated {sorted(want)}: "
                f"{sentences[sids[0]][:80]!r}"
            )


def score_dates(acc: Accuracy, aid: str, sentences: dict, found: list, gold: list) -> None:
    used: set[int] = set()
    annotated: set[str] = set()
    for fact in gold:
        sids = _sentences_with(sentences, fact["in"])
        annotated.update(sids)
        hit = next((i for i, d in enumerate(found) if i not in used and d.sentence_id in sids and d.date == str(fact["date"])), None)
        if hit is None:
            acc.dates.fn += 1
            near = [f"{d.surface!r}={d.date}" for d in found if d.sentence_id in sids]
            acc.dates.misses.append(f"{aid}: missed date {fact['surface']!r}={fact['date']}; found {near}")
        else:
            used.add(hit)
            acc.dates.tp += 1
    for i, d in enumerate(found):
        if i not in used and d.sentence_id in annotated:
            acc.dates.fp += 1
            acc.dates.misses.append(f"{aid}: extra date {d.surface!r}={d.date}")


def extract_one(extractor: Extractor, aid: str, text: str, year: int | None, month: int | None = None) -> dict:
    """The extractor's rows for one article, with year-less dates resolved as the pipeline does."""
    rows = extractor.article(aid, text)
    if year is None:
        years = Counter(d.date[:4] for d in rows["dates"] if len(d.date) >= 7 and d.date[0] != "-")
        year = int(years.most_common(1)[0][0]) if years else None
    rows["dates"] = [d._replace(date=resolve_year(d.date, year, month, d.surface)) for d in rows["dates"]]
    return rows


def score_article(
    acc: Accuracy, extractor: Extractor, aid: str, text: str, facts: dict, year: int | None, month: int | None = None
) -> None:
    rows = extract_one(extractor, aid, text, year, month)
    sentences = {r.sentence_id: r.text for r in rows["sentences"]}
    themes = {r.sentence_id: r.themes for r in rows["sentences"]}
    themes.update({r.sentence_id + "#cues": r.cues for r in rows["sentences"]})
    score_figures(acc, aid, sentences, rows["figures"], facts.get("figures") or [])
    score_quotes(acc, aid, rows["quotes"], facts.get("quotes") or [])
    if "themes" in facts:
        score_themes(acc, aid, sentences, themes, facts.get("themes") or [])
    if "dates" in facts:
        score_dates(acc, aid, sentences, rows["dates"], facts.get("dates") or [])


def run_seeds() -> Accuracy:
    config = load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE)
    extractor = Extractor(config)
    facts = yaml.safe_load(SEED_FACTS.read_text(encoding="utf-8"))
    acc = Accuracy()
    for path in sorted(paths.SEEDS.glob("*.txt")):
        aid = path.stem
        gold = {"figures": facts["figures"].get(aid, []), "quotes": facts["quotes"].get(aid, [])}
        score_article(acc, extractor, aid, path.read_text(encoding="utf-8"), gold, 2025)
    return acc


def devset_articles() -> list[tuple[str, str, dict]]:
    """``(article id, text, annotations)`` for every annotated dev-set article."""
    out = []
    for ann in sorted(DEVSET.glob("[a-z][0-9][0-9].yaml")):
        facts = yaml.safe_load(ann.read_text(encoding="utf-8"))
        out.append((ann.stem, ann.with_suffix(".txt").read_text(encoding="utf-8"), facts))
    return out


def dev_splits() -> list[str]:
    """The dev set's splits (``tune``, ``holdout``, then any other, such as a fresh unread set)."""
    found = {facts["meta"]["split"] for _aid, _text, facts in devset_articles()}
    order = ["tune", "holdout"]
    return [s for s in order if s in found] + sorted(found - set(order))


def run_devset(split: str) -> Accuracy:
    config = load_config(DEVSET / "themes.yaml", paths.ENTITIES_FILE, paths.MEASURES_FILE)
    extractor = Extractor(config)
    acc = Accuracy()
    for aid, text, facts in devset_articles():
        if facts["meta"]["split"] != split:
            continue
        # The publication year resolves "December 4" (sources.yaml gives it in a real corpus); where
        # the annotators did not know the date, the year (and month) of the event stands in for it.
        meta = facts["meta"]
        when = str(meta.get("date") or "") or str(meta.get("event") or "")
        year = re.search(r"\b(?:19|20)\d\d\b", when)
        month = re.search(r"\b(?:19|20)\d\d-(\d\d)\b|\b(" + "|".join(m.capitalize() for m in MONTHS) + r")\b", when)
        month_n = int(month.group(1)) if month and month.group(1) else MONTHS.index(month.group(2).lower()) + 1 if month else None
        score_article(acc, extractor, aid, text, facts, int(year.group(0)) if year else None, month_n)
    return acc


MANIFEST_FIELDS = ("url", "outlet", "date", "event", "register", "split", "text")


def manifest() -> str:
    """``manifest.yaml`` of the dev set, generated from the ``meta`` of each annotation file."""
    lines = [
        "# The dev set's articles, generated from the `meta` of each annotation file by",
        "# `bench/accuracy.py --write-manifest`; edit the .yaml files, not this one.",
        "articles:",
    ]
    for aid, _text, facts in devset_articles():
        meta = facts["meta"]
        entry = {"id": aid, "file": f"{aid}.txt", **{k: str(meta.get(k) or "") for k in MANIFEST_FIELDS}}
        lines.append("  - " + yaml.safe_dump(entry, default_flow_style=True, sort_keys=False, width=10_000, allow_unicode=True).strip())
    return "\n".join(lines) + "\n"


def report(name: str, acc: Accuracy, verbose: bool) -> None:
    print(f"\n== {name}")
    print(f"  {'extractor':<26} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn")
    rows = [("figures (value+unit+qual)", acc.figures), ("figures (value+unit)", acc.figures_loose),
            ("quotes", acc.quotes), ("themes per sentence", acc.themes), ("dates", acc.dates)]
    for label, s in rows:
        print(f"  {label:<26} {s.p():6.2f} {s.r():6.2f} {s.f1():6.2f}   {s.tp}/{s.fp}/{s.fn}")
    if acc.per_theme:
        print("  themes by theme (P/R, tp/fp/fn):")
        for tid, s in sorted(acc.per_theme.items()):
            print(f"    {tid:<12} P {s.p():.2f}  R {s.r():.2f}   {s.tp}/{s.fp}/{s.fn}")
    sp = acc.speakers
    print(f"  {'speaker accuracy':<26} {sp.r():6.2f}{'':14}   {sp.tp} right of {sp.tp + sp.fn} found quotes")
    if verbose:
        for label, s in rows[:1] + rows[2:] + [("speakers", sp)]:
            if s.misses:
                print(f"  -- {label}")
                for line in s.misses:
                    print(f"     {line}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss and false positive")
    splits = dev_splits()
    ap.add_argument("--split", action="append", choices=("seeds", *splits),
                    help=f"only these sets (repeatable; default: seeds, {', '.join(splits)})")
    ap.add_argument("--write-manifest", action="store_true", help="regenerate tests/fixtures/devset/manifest.yaml")
    args = ap.parse_args()
    if args.write_manifest:
        (DEVSET / "manifest.yaml").write_text(manifest(), encoding="utf-8")
        print(f"wrote {DEVSET / 'manifest.yaml'}")
        return
    t0 = time.perf_counter()
    for split in args.split or ("seeds", *splits):
        acc = run_seeds() if split == "seeds" else run_devset(split)
        report(f"{split} ({'seed articles' if split == 'seeds' else 'dev set, split: ' + split})", acc, args.verbose)
    print(f"\n({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
