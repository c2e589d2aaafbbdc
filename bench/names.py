"""Benchmark: the name in a speaker phrase ("British Prime Minister Keir Starmer" -> Keir Starmer).

Our rule (``briefing.extraction.speakers.strip_role``: the name is what follows the last title word)
against two name-parsing libraries, nameparser and probablepeople, on role-and-name phrases written
the way the seeds, the tune half of the dev set and wire copy attribute quotations.

Run: .venv/bin/python bench/names.py   (nameparser and probablepeople come from requirements-dev.txt)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.extraction.speakers import strip_role  # noqa: E402

CASES = [
    ("British Prime Minister Keir Starmer", "Keir Starmer"),
    ("India’s Trade Minister Piyush Goyal", "Piyush Goyal"),
    ("Treasury secretary Janet Yellen", "Janet Yellen"),
    ("KHNP CEO Whang Joo-ho", "Whang Joo-ho"),
    ("European Commission President Ursula von der Leyen", "Ursula von der Leyen"),
    ("German Chancellor Angela Merkel", "Angela Merkel"),
    ("Chinese President Xi Jinping", "Xi Jinping"),
    ("Kremlin spokesperson Dmitry Peskov", "Dmitry Peskov"),
    ("Energy economist Elena Morozova", "Elena Morozova"),
    ("former diplomat Ana Lopes", "Ana Lopes"),
    ("White House press secretary Karoline Leavitt", "Karoline Leavitt"),
    ("US President Joe Biden", "Joe Biden"),
    ("Chancellor Merz", "Merz"),
    ("President Xi", "Xi"),
    ("External Affairs Minister S. Jaishankar", "S. Jaishankar"),
    ("Mr Lavrov", "Lavrov"),
    ("Dr Fatih Birol", "Fatih Birol"),
    ("Opec Secretary-General Haitham al-Ghais", "Haitham al-Ghais"),
    ("Saudi Energy Minister Prince Abdulaziz bin Salman", "Abdulaziz bin Salman"),
    ("Indian Prime Minister Narendra Modi", "Narendra Modi"),
    ("Michael Kugelman", "Michael Kugelman"),
    ("Russian Foreign Minister Sergei Lavrov", "Sergei Lavrov"),
]


def ours(phrase: str) -> str:
    return strip_role(phrase)


def with_nameparser(phrase: str) -> str:
    from nameparser import HumanName

    n = HumanName(phrase)
    return " ".join(p for p in (n.first, n.middle, n.last) if p)


def with_probablepeople(phrase: str) -> str:
    import probablepeople

    try:
        tagged, _kind = probablepeople.tag(phrase)
    except probablepeople.RepeatedLabelError:
        return ""
    keep = ("GivenName", "FirstInitial", "MiddleName", "MiddleInitial", "Surname", "LastInitial")
    return " ".join(v for k, v in tagged.items() if k in keep)


def main() -> None:
    print(f"{len(CASES)} speaker phrases; right = exactly the name")
    for label, fn in (("strip_role (ours)", ours), ("nameparser 2.6.0", with_nameparser),
                      ("probablepeople 0.5.6", with_probablepeople)):
        try:
            fn(CASES[0][0])
        except ImportError:
            print(f"  {label}: not installed (pip install -r requirements-dev.txt)")
            continue
        t0 = time.perf_counter()
        got = [fn(p) for p, _ in CASES]
        per = (time.perf_counter() - t0) / len(CASES) * 1e6
        right = sum(g == want for g, (_p, want) in zip(got, CASES))
        print(f"  {label:<22} {right}/{len(CASES)} right, {per:,.0f} µs per phrase")
        for g, (p, want) in zip(got, CASES):
            if g != want:
                print(f"      {p!r} -> {g!r}")


if __name__ == "__main__":
    main()
