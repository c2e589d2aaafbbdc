"""Fast matching of many phrases at once (theme cues, gazetteer aliases, measure cues).

Hundreds of phrases tried one after another cost hundreds of regex scans per sentence. Instead the
phrases are folded into a character trie and compiled into a single regular expression, so a
sentence is scanned once whatever the size of the list. (A word-by-word dictionary lookup was
measured too and was slower here: per-token Python work costs more than the regex engine's scan.) Phrase syntax, shared by every YAML file:

- whole-word match; spaces, hyphens and en dashes inside a phrase are interchangeable;
- a trailing ``*`` accepts any word ending (``tariff*`` matches tariff, tariffs);
- a phrase written in capitals only (``US``, ``SCO``) matches case-sensitively, others ignore case;
- ``re: <pattern>`` is a regular expression, tried on its own (keep these rare).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_SEP = "\x00"  # stands for "one or more spaces, hyphens or dashes" inside the trie
_APOS = "\x01"  # either apostrophe
SEPARATORS = re.compile(r"[\s\-–‑‐]+")
_PLAIN = re.compile(r"\w+")  # a match that needs no normalising before lookup
_ATOM_RE = {_SEP: r"[\s\-–‑‐]+", _APOS: r"['’]"}
SEEN_LIMIT = 100_000  # distinct matched texts remembered per lexicon (a bound on memory, never reached in news)


def _is_caps(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _key(text: str, fold: bool) -> str:
    """The lookup key of a phrase or a matched span: separators and apostrophes unified."""
    text = SEPARATORS.sub(_SEP, text.strip()).replace("’", _APOS).replace("'", _APOS)
    return text.lower() if fold else text


@dataclass
class _Node:
    children: dict = field(default_factory=dict)
    end: bool = False
    wild: bool = False


def _insert(root: _Node, key: str, wild: bool) -> None:
    node = root
    for ch in key:
        node = node.children.setdefault(ch, _Node())
    if wild:
        node.wild = True
    else:
        node.end = True


def _pattern(node: _Node) -> str:
    alts = []
    for ch in sorted(node.children):
        atom = _ATOM_RE.get(ch, re.escape(ch))
        alts.append(atom + _pattern(node.children[ch]))
    if node.wild:
        alts.append(r"\w*")
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if node.end and not node.wild:
        return f"(?:{body})?"
    return body


class Lexicon:
    """A list of phrases, each mapped to a payload, matched together in one pass."""

    def __init__(self, phrases: list[tuple[str, object]]):
        self._exact: list[dict[str, list]] = [{}, {}]  # [case-sensitive, folded]
        self._wild: list[dict[str, list]] = [{}, {}]
        self._regexes: list[tuple[re.Pattern, object]] = []
        roots = [_Node(), _Node()]
        for phrase, payload in phrases:
            phrase = phrase.strip()
            if phrase.startswith("re:"):
                self._regexes.append((re.compile(phrase[3:].strip(), re.I), payload))
                continue
            fold = 0 if _is_caps(phrase) else 1
            wild = phrase.endswith("*")
            key = _key(phrase.rstrip("*"), bool(fold))
            if not key:
                continue
            table = self._wild[fold] if wild else self._exact[fold]
            table.setdefault(key, []).append(payload)
            _insert(roots[fold], key, wild)
        self._compiled = []
        for fold, root in enumerate(roots):
            if root.children:
                # Folded phrases are matched against the lower-cased sentence: faster than re.I.
                self._compiled.append((fold, re.compile(r"(?<!\w)" + _pattern(root) + r"(?!\w)")))
        self._fallback = [(f, re.compile(rx.pattern, re.I if f else 0)) for f, rx in self._compiled]
        self._wild_lengths = [sorted({len(k) for k in w}, reverse=True) for w in self._wild]
        # matched text -> payloads, per fold: the same few words match again and again, and a dict
        # lookup costs less than normalising the match and trying its wildcard prefixes each time
        self._seen: list[dict[str, list]] = [{}, {}]

    def _payloads(self, text: str, fold: int) -> list:
        key = text if _PLAIN.fullmatch(text) else _key(text, bool(fold))
        found = self._exact[fold].get(key)
        if found:
            return found
        for length in self._wild_lengths[fold]:
            if length <= len(key):
                hit = self._wild[fold].get(key[:length])
                if hit:
                    return hit
        return []

    def finditer(self, text: str) -> Iterator[tuple[int, int, str, object]]:
        """Yield ``(start, end, matched text, payload)`` for every phrase found.

        Hits come in order of position, the longest first where several start at the same place.
        """
        hits = []
        lower = text.lower()
        same = len(lower) == len(text)  # lower-casing rarely changes length (e.g. "İ"); then use re.I
        sources = 0  # scans that found something: hits of one scan come in order already
        for fold, rx in self._compiled if same else self._fallback:
            sources += bool(hits)
            seen = self._seen[fold]
            for m in rx.finditer(lower if fold and same else text):
                found = m.group(0)
                payloads = seen.get(found)
                if payloads is None:
                    payloads = self._payloads(found, fold)
                    if len(seen) < SEEN_LIMIT:
                        seen[found] = payloads
                if payloads:
                    start, end = m.span()
                    surface = text[start:end]
                    hits.extend([(start, end, surface, payload) for payload in payloads])
        for rx, payload in self._regexes:
            sources += bool(hits)
            for m in rx.finditer(text):
                hits.append((m.start(), m.end(), m.group(0), payload))
        if sources and len(hits) > 1:
            hits.sort(key=_order)
        return iter(hits)


def _order(hit: tuple) -> tuple[int, int]:
    """Hits by position, the longest first where several start at the same place."""
    return hit[0], hit[0] - hit[1]


def non_overlapping(hits: list[tuple[int, int, str, object]]) -> list[tuple[int, int, str, object]]:
    """Keep the longest of overlapping hits (hits sorted by start, longest first)."""
    out: list = []
    last_end = -1
    for hit in hits:
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
        elif out and hit[0] == out[-1][0] and hit[1] == out[-1][1]:
            out.append(hit)  # the same span naming two things: keep both
    return out
