"""Benchmark: extraction speed and memory on 10,000 synthetic articles, and our figure extractor
against quantulum3 on the seed sentences (agreement with the hand-checked figures, and speed).

Run: .venv/bin/python bench/extract.py [--articles N] [--corpus DIR]   (quantulum3 comes from requirements-dev.txt)
     .venv/bin/python bench/extract.py --corpus DIR --rules 200   (CPU time per sentence of each rule)
Aim (issue 11): 10,000 articles in under 20 s on two cores, peak memory under 1 GB (main process plus
workers); 100,000 in under 4 minutes with memory flat. Every figure is printed with the load average:
on a shared machine, re-take it when the machine is quiet.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import ROOT, make_corpus  # noqa: E402

from briefing import paths  # noqa: E402
from briefing.config import load_measures  # noqa: E402
from briefing.extraction.extract import ExtractOptions, run_extraction  # noqa: E402
from briefing.extraction.figures import extract_figures  # noqa: E402
from briefing.extraction.segment import segment  # noqa: E402


def load() -> str:
    """The load average (1, 5, 15 minutes), to print beside every figure."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its children that have ended (the workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_total_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + kids) / 1024


def bench_corpus(n: int, jobs: int, corpus: Path | None = None) -> None:
    corpus = corpus or make_corpus(HERE / "out" / f"corpus-{n}", n)
    n = len(list(corpus.glob("*.txt")))
    size = sum(p.stat().st_size for p in corpus.glob("*.txt"))
    out = HERE / "out" / "processed"
    shutil.rmtree(out, ignore_errors=True)
    before = load()
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = run_extraction(ExtractOptions(seeds=corpus, out=out, jobs=jobs, force=True))
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(f"extraction of {n:,} articles ({size / 1e6:.1f} MB) with {jobs} workers: {elapsed:.1f} s wall, "
          f"{cpu:.1f} s CPU (load average {before} before, {load()} after)")
    print(f"  {n / elapsed:,.0f} articles/s, {size / 1e6 / elapsed:.2f} MB/s")
    print(f"  {result.counts.get('sentences', 0):,} sentences, {result.counts.get('figures', 0):,} figures, "
          f"{result.counts.get('quotes', 0):,} quotes")
    print(f"  peak memory (this process + largest worker): {peak_total_mb():,.0f} MB")
    t0 = time.perf_counter()
    run_extraction(ExtractOptions(seeds=corpus, out=out, jobs=jobs))
    print(f"  re-run on unchanged input (cache): {time.perf_counter() - t0:.2f} s")


def _hand_checked() -> list[tuple[str, dict]]:
    facts = yaml.safe_load((ROOT / "tests" / "fixtures" / "seed_facts.yaml").read_text(encoding="utf-8"))
    sentences = {}
    for path in sorted(paths.SEEDS.glob("*.txt")):
        sentences[path.stem] = [s.text for s in segment(path.read_text(encoding="utf-8"))]
    out = []
    for aid, figs in facts["figures"].items():
        for fact in figs:
            sent = next(s for s in sentences[aid] if fact["in"] in s)
            out.append((sent, fact))
    return out, [s for ss in sentences.values() for s in ss]


def _agree(low, high, unit, fact) -> bool:
    close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))  # noqa: E731
    return close(low, fact["low"]) and close(high, fact["high"]) and unit == fact["unit"]


QUANTULUM_UNITS = {"dollar": "USD", "United States dollar": "USD", "percentage": "percent", "gigawatt": "GW",
                   "year": "years", "day": "days", "decade": "years", "Indian rupee": "INR"}


def bench_quantulum() -> None:
    checked, all_sentences = _hand_checked()
    measures = load_measures(paths.MEASURES_FILE)
    t0 = time.perf_counter()
    for s in all_sentences:
        extract_figures(s, measures)
    ours_time = (time.perf_counter() - t0) / len(all_sentences)
    ours_hits = 0
    for sent, fact in checked:
        ours_hits += any(_agree(f.low, f.high, f.unit, fact) for f in extract_figures(sent, measures))
    try:
        from quantulum3 import parser as qparser
    except ImportError:
        print("quantulum3 not installed (pip install -r requirements-dev.txt); skipping the comparison")
        return
    qparser.parse("warm up 5 billion dollars")  # loads its data files once
    t0 = time.perf_counter()
    parsed = {s: qparser.parse(s) for s in all_sentences}
    q_time = (time.perf_counter() - t0) / len(all_sentences)
    q_hits = 0
    for sent, fact in checked:
        for q in parsed[sent]:
            name = QUANTULUM_UNITS.get(q.unit.name, q.unit.name)
            lo = hi = q.value
            if getattr(q, "uncertainty", None):
                lo, hi = q.value - q.uncertainty, q.value + q.uncertainty
            if name == "years" and q.unit.name == "decade":
                lo, hi = lo * 10, hi * 10
            if name in ("dimensionless",):
                name = "count"
            if _agree(lo, hi, name, fact):
                q_hits += 1
                break
    n = len(checked)
    print(f"figures vs the {n} hand-checked figures of the seeds (value, range and unit all right):")
    print(f"  briefing.extraction.figures: {ours_hits}/{n} ({ours_hits / n:.0%}), {ours_time * 1e6:,.0f} µs per sentence")
    print(f"  quantulum3:       {q_hits}/{n} ({q_hits / n:.0%}), {q_time * 1e6:,.0f} µs per sentence")
    for example in ("annual savings between $15–20 billion", "Nearly 60–70% of India’s military equipment"):
        sent = next(s for s, _ in checked if example in s)
        print(f"  e.g. {example!r}: quantulum3 gives "
              + ", ".join(f"{q.surface!r}={q.value:g}±{q.uncertainty or 0:g} {q.unit.name}" for q in parsed[sent]))


def bench_per_sentence(rounds: int) -> None:
    """One core, no I/O: the cost of ``Extractor.article`` per sentence on the seeds and the dev set.

    This is the figure the "no more than 25% slower" rule is checked on: unlike the corpus run it
    does not vary with disk, process start-up or the other core's load.
    """
    from briefing.config import load_config
    from briefing.extraction.extract import Extractor

    texts = [p.read_text(encoding="utf-8") for p in sorted(paths.SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "devset").glob("*.txt"))]
    extractor = Extractor(load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE))
    n = sum(len(extractor.article(f"a{i}", t)["sentences"]) for i, t in enumerate(texts))
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()  # CPU time: other work on the machine does not count
        for i, t in enumerate(texts):
            extractor.article(f"a{i}", t)
        best = min(best, time.process_time() - t0)
    print(f"per sentence, one core, CPU time ({len(texts)} articles, {n:,} sentences, best of {rounds}, load average {load()}): "
          f"{best / n * 1e6:,.0f} µs")


def bench_rules(corpus: Path, n: int) -> None:
    """One core, CPU time per sentence of each step of ``Extractor.article``, on ``n`` articles of ``corpus``.

    Each step is timed alone over the same sentences (with the inputs the pipeline gives it), so
    the figures say where the time of a whole-corpus run goes, rule by rule.
    """
    from briefing.config import load_config
    from briefing.extraction.dates import extract_dates
    from briefing.extraction.extract import Extractor
    from briefing.extraction.figures import extract_figures
    from briefing.extraction.quotes import OPENERS, quoted_spans
    from briefing.extraction.stance import stance_from_hits

    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))[:n]]
    ex = Extractor(load_config(paths.THEMES_FILE, paths.ENTITIES_FILE, paths.MEASURES_FILE))
    ex.article("warm", texts[0])
    cpu = time.process_time
    rounds = 3  # the best of three of every figure: the machine is shared

    def best(fn, items):
        took, out = float("inf"), None
        for _ in range(rounds):
            t0 = cpu()
            out = [fn(x) for x in items]
            took = min(took, cpu() - t0)
        return took, out

    whole, _ = best(lambda it: ex.article(*it), [(f"a{i}", t) for i, t in enumerate(texts)])
    took, per_article = best(segment, texts)
    steps = {"segment (sentence splitting)": took}
    sents = [s.text for ss in per_article for s in ss]
    n_s = len(sents)

    def timed(label, fn, items):
        steps[label], out = best(fn, items)
        return out

    hits = timed("lexicon scan (themes, gazetteer, stance)", lambda s: list(ex.lexicon.finditer(s)), sents)
    timed("themes from hits", lambda h: ex.tagger.tag_from_hits(h), hits)
    timed("stance from hits", lambda sh: stance_from_hits(*sh), list(zip(sents, hits)))
    timed("dates", extract_dates, sents)
    timed("figures", lambda s: extract_figures(s, ex.config.measures), sents)
    timed("quotation marks (OPENERS, quoted_spans)", lambda s: OPENERS.search(s) and quoted_spans(s), sents)
    known = timed("gazetteer mentions from hits", ex.gazetteer.find_from_hits, hits)
    timed("name candidates", lambda sk: ex.gazetteer.candidates(*sk), list(zip(sents, known)))
    # quotations and speakers need the article's context: timed inside article() by wrapping them
    from briefing.extraction import extract as extract_mod

    spent = [0.0]

    def clocked(fn):
        def run(*a, **k):
            t0 = cpu()
            try:
                return fn(*a, **k)
            finally:
                spent[0] += cpu() - t0
        return run

    saved = {k: getattr(extract_mod, k) for k in ("extract_quotes", "run_speaker", "NameIndex", "quote_runs")}
    quoting = float("inf")
    try:
        for k, fn in saved.items():
            setattr(extract_mod, k, clocked(fn))
        for _ in range(rounds):
            spent[0] = 0.0
            for i, t in enumerate(texts):
                ex.article(f"a{i}", t)
            quoting = min(quoting, spent[0])
    finally:
        for k, fn in saved.items():
            setattr(extract_mod, k, fn)
    steps["quotes and speakers (extract_quotes, runs, names)"] = quoting
    named = sum(steps.values())
    print(f"per sentence, one core, CPU time, best of {rounds} ({len(texts)} articles of {corpus}, {n_s:,} sentences; "
          f"load average {load()}): "
          f"whole article() {whole / n_s * 1e6:,.0f} µs, {whole / len(texts) * 1e3:.1f} ms per article")
    for label, took in sorted(steps.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<52} {took / n_s * 1e6:6.1f} µs  {took / whole:4.0%}")
    print(f"  {'the rest (rows, subject tags, the loop)':<52} {(whole - named) / n_s * 1e6:6.1f} µs  "
          f"{(whole - named) / whole:4.0%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--per-sentence", action="store_true", help="only the one-core cost per sentence")
    ap.add_argument("--rounds", type=int, default=20, help="repetitions for --per-sentence (best is kept)")
    ap.add_argument("--corpus", type=Path, help="an existing corpus folder instead of a synthetic one made here")
    ap.add_argument("--rules", type=int, metavar="N", help="only the CPU time per sentence of each rule, on N articles")
    args = ap.parse_args()
    if args.rules:
        bench_rules(args.corpus or make_corpus(HERE / "out" / f"corpus-{args.articles}", args.articles), args.rules)
        return
    bench_per_sentence(args.rounds)
    if args.per_sentence:
        return
    bench_corpus(args.articles, args.jobs, args.corpus)
    bench_quantulum()


if __name__ == "__main__":
    main()
