"""Checks that text members post is fit to publish: no injected spam, no damaged encoding.

Listing texts and imported news pass through `check_text` before publication, and the
secretariat sees every `Flag` highlighted in the text. Two kinds of trouble are looked for,
each in a module of its own:

* spam (`spam.py`): SEO keywords injected by whoever compromised a source site, scored line
  by line with a weighted multilingual lexicon (data/spam_terms.txt);
* damage (`damage.py`): text that went through the wrong decoder: replacement and control
  characters, mojibake ftfy can undo or recognise, and, in Chinese, runs of rare characters
  and stray ASCII left by GBK or Big5 bytes read out of alignment (data/cjk_common_chars.txt).

`repair_text` (in `damage.py`) undoes what ftfy can undo and touches nothing else.
"""

from __future__ import annotations

from innobridge.core.content_safety.common import DAMAGED, SPAM, Flag
from innobridge.core.content_safety.damage import find_damage, repair_text
from innobridge.core.content_safety.spam import find_spam

__all__ = ["DAMAGED", "SPAM", "Flag", "check_text", "repair_text"]


def check_text(text: str) -> list[Flag]:
    """Every spam and damaged span of `text`, sorted by start; kinds may overlap each other."""
    flags = find_spam(text) + find_damage(text)
    return sorted(flags, key=lambda flag: (flag.start, flag.kind, flag.end))
