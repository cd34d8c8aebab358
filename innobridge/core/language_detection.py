"""Which language a text is written in, offline.

Script decides first, because it is certain where it applies: Han text is Chinese (Simplified
or Traditional, told apart by OpenCC), kana means Japanese, Hangul Korean, Thai script Thai.
Vietnamese is recognised by its letters (ơ, ư, đ, ă and stacked tone marks). Everything else
goes to py3langid's model, restricted to the languages we publish content in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from innobridge.core.languages import CONTENT_LANGUAGE_CODES
from innobridge.core.text import traditional_to_simplified

VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {
    chr(code)
    for code in range(0x1EA0, 0x1EFA)  # Latin Extended Additional: ạ ả ấ ... ỹ
}
WORD = re.compile(r"\w+")


def _script(char: str) -> str | None:
    code = ord(char)
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF:
        return "hangul"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if char.isalpha():
        name = unicodedata.name(char, "")
        return name.split(" ")[0].lower() or None
    return None


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    supported = set(identifier.nb_classes)
    identifier.set_languages(
        [code for code in CONTENT_LANGUAGE_CODES if code in supported and "-" not in code]
    )
    return identifier


def chinese_script(text: str) -> str:
    """'zh-hant' when folding to Simplified changes the text, else 'zh-hans'."""
    han = "".join(ch for ch in text if _script(ch) == "han")
    return "zh-hant" if traditional_to_simplified().convert(han) != han else "zh-hans"


def detect_language(text: str, default: str = "en") -> str:
    """The content language code of `text` ('zh-hans', 'vi', 'ru', ...), or `default`."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return default
    scripts = Counter(_script(ch) for ch in letters)
    if scripts["kana"]:
        return "ja"
    if scripts["hangul"] > len(letters) * 0.3:
        return "ko"
    if scripts["han"] > len(letters) * 0.3:
        return chinese_script(text)
    if scripts["thai"] > len(letters) * 0.3:
        return "th"
    if scripts["latin"] and sum(ch in VIETNAMESE_LETTERS for ch in letters) >= max(
        1, len(WORD.findall(text)) * 0.1
    ):
        return "vi"
    language, probability = _identifier().classify(text)
    if scripts["cyrillic"] > len(letters) * 0.5 and language != "ru" and probability < 0.9:
        # Short Cyrillic texts are easily taken for Bulgarian or Ukrainian; Russian is by far
        # the most common Cyrillic language of the alliance, so it wins close calls.
        language = "ru"
    return language if language in CONTENT_LANGUAGE_CODES else default
