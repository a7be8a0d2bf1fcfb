"""Finding English sentences in text meant to read in Chinese.

A finding is a run of three or more English words in a row, or a number with an
English unit ("3 ms"). Plain numbers ("expired at 1796041469, now 1796045070")
neither count as words nor end a run, so English around them is still found.
Not words, so they end a run:
- tokens with a letter and a digit, "_", ".", "/", "@" or ":" inside: host names, addresses, check
  ids, codes such as TLS_CERT_EXPIRED, file paths, versions (T3, TLSv1.3, t3gui);
- all-capital tokens: acronyms and protocol words the Chinese texts keep (TLS, UDP, CA, JWT, DNS,
  HELLO, BUSY);
- Chinese words and punctuation.
Left out of the scan:
- text in Chinese quotation marks “…”: a server's own words (which cannot be translated) and
  commands to type (“timedatectl set-ntp true”), both quoted as such;
- lines of JSON (they start with a quote or a bracket): a report's evidence shown to a technician,
  the same data in every language;
- ALLOWED_NAMES, with the reason for each.
"""

from __future__ import annotations

import re

ALLOWED_NAMES = (
    "Example Corp Issuing CA",  # the issuer the "intercepted" demo expects: a certificate name, not a sentence
    "Lab Intermediate CA",  # the demo PKI's intermediate ("t3gui Lab Intermediate CA"): a certificate name
)
_WORD = re.compile(r"[A-Za-z][a-z]*(?:['’-][A-Za-z]+)*")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*%?")
_EDGES = "([{“\"'‘,.:;!?)]}”’…"
_QUOTED = re.compile(r"“[^”]*”")
# Chinese characters and full-width punctuation separate words as spaces do
# (a Chinese colon glued to "expired at").
_SEPARATORS = re.compile(r"[\s\u2014\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
_UNIT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|s|min|h|d|bytes?|hops?)\b")


def english_runs(text: str) -> list[str]:
    """Runs of ≥ 3 English words, and numbers with an English unit, in ``text``."""
    found: list[str] = []
    for line in text.splitlines():
        if line.strip()[:1] in ('"', "{", "}", "[", "]"):
            continue  # JSON
        line = _QUOTED.sub(" ", line)
        for name in ALLOWED_NAMES:
            line = line.replace(name, " ")
        found += [m.group(0) for m in _UNIT.finditer(line)]
        run: list[str] = []
        words = 0
        for token in [*_SEPARATORS.split(line), ""]:
            bare = token.strip(_EDGES)
            if bare and _WORD.fullmatch(bare) and not bare.isupper():
                run.append(token)
                words += 1
                continue
            if bare and _NUMBER.fullmatch(bare) and run:
                run.append(token)
                continue
            if words >= 3:
                found.append(" ".join(run))
            run, words = [], 0
    return found
