"""Normalise the seed policy documents so target quotes can be checked verbatim.

The target registry (``data/tianjin/targets.csv``) stores for every target the
exact Chinese wording (``quote_zh``) and the seed file it comes from
(``document``).  A quote is accepted when it is a substring of the seed text
after both have been normalised:

* all whitespace is removed (``normalise``), because the seed files break lines
  and insert spaces inside sentences;
* seed ``000_*`` (天津市碳达峰实施方案) is a garbled web rendering in
  traditional characters with tone-marked pinyin in parentheses after many
  characters, e.g. ``當(dāng)前``.  ``load_seed`` strips the pinyin and converts
  traditional to simplified characters with OpenCC (``t2s``).  Passages that
  are mojibake in 000 are quoted from the clean copy in seed 001 instead.

Punctuation is deliberately *not* normalised: quotes keep the half- or
full-width punctuation of their own document.

OpenCC (package ``opencc-python-reimplemented``) is imported lazily inside
``load_seed`` so that this module, and the package, import without it.
"""
from __future__ import annotations

import re
from pathlib import Path

__all__ = ["PINYIN_RE", "normalise", "strip_pinyin", "to_simplified", "load_seed"]

# A parenthesised run of lower-case latin letters incl. tone-marked vowels,
# e.g. "(dāng)".  Upper case is deliberately excluded: in seed 000 every
# parenthesised run containing a capital is a real acronym that belongs to the
# text ("(CCUS)", "(ETC)", "(FT)"), while the pinyin annotations are all lower
# case.  Accepting A-Z would delete "(CCUS)" from quotes such as TJ-079.
PINYIN_RE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\)")
_WS_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` with all whitespace (incl. full-width spaces) removed."""
    return _WS_RE.sub("", text)


def strip_pinyin(text: str) -> str:
    """Remove parenthesised (tone-marked) pinyin annotations."""
    return PINYIN_RE.sub("", text)


def to_simplified(text: str) -> str:
    """Convert traditional to simplified Chinese with OpenCC ``t2s``."""
    import opencc  # lazy: optional dependency (opencc-python-reimplemented)

    return opencc.OpenCC("t2s").convert(text)


def load_seed(path: str | Path) -> str:
    """Read a seed file and return its normalised text.

    Files whose name starts with ``000_`` get pinyin removal and
    traditional-to-simplified conversion before whitespace removal; all other
    files get whitespace removal only.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.name.startswith("000_"):
        text = to_simplified(strip_pinyin(text))
    return normalise(text)
