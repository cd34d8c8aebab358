"""`check_text` over whole texts, where spam and damage meet: the news page with both,
offsets into the original text, and human-translated news that must never be flagged.
The spam and the damage checks have test modules of their own."""

from pathlib import Path

import pytest

from innobridge.core.content_safety import check_text
from innobridge.core.tests.content_safety_data import (
    DAMAGED_RUNS,
    line_number_at,
    news_page,
    shared_data_file,
)

# Human-translated news sentences (NTREX-128): real prose that must never be flagged. The
# languages the platform serves, plus Cantonese, Japanese and Korean, whose characters a
# Mandarin frequency list calls rare.
NTREX_FILES = {
    "zh-CN": "newstest2019-ref.zho-CN.txt",
    "zh-TW": "newstest2019-ref.zho-TW.txt",
    "en": "newstest2019-src.eng.txt",
    "vi": "newstest2019-ref.vie.txt",
    "ru": "newstest2019-ref.rus.txt",
    "ar": "newstest2019-ref.arb.txt",
    "yue": "newstest2019-ref.yue.txt",
    "ja": "newstest2019-ref.jpn.txt",
    "ko": "newstest2019-ref.kor.txt",
}
NTREX_LINE_COUNT = 1997


def test_check_text_news_page_flags_spam_title_and_three_damaged_runs():
    news_text = news_page()
    lines = news_text.split("\n")

    flags = check_text(news_text)

    assert [(line_number_at(news_text, flag.start), flag.kind, flag.text) for flag in flags] == [
        (1, "spam", lines[0]),
        (25, "damaged", DAMAGED_RUNS[25][0]),
        (39, "damaged", DAMAGED_RUNS[39][0]),
        (49, "damaged", DAMAGED_RUNS[49][0]),
    ]


@pytest.mark.parametrize(
    ("line_number", "legitimate"),
    [
        (25, "如何持續深化合作?在"),  # an ASCII question mark in a real question
        (33, "副主任楊光垚等中外代表"),  # 垚 is rare, but alone
        (27, "園區合作精品品牌活動"),  # 精品 is a word of spam lists and of business
        (13, "園區合作精品品牌活動"),
    ],
)
def test_check_text_news_page_legitimate_text_not_flagged(line_number, legitimate):
    news_text = news_page()
    line = news_text.split("\n")[line_number - 1]
    start = news_text.index(line) + line.index(legitimate)
    end = start + len(legitimate)

    flags = check_text(news_text)

    assert [flag for flag in flags if flag.start < end and start < flag.end] == []


def test_check_text_flag_offsets_are_into_the_original_text():
    text = (
        "🚀 Parc 𠀀 Đà Nẵng\r\n"
        "Best online casino, free porn, cheap viagra\r\n"
        "中外代表\ufffd共同上台, Viá»‡t Nam"
    )

    flags = check_text(text)

    assert [(flag.kind, flag.start, flag.end, flag.text) for flag in flags] == [
        ("spam", 18, 61, "Best online casino, free porn, cheap viagra"),
        ("damaged", 67, 68, "\ufffd"),
        ("damaged", 76, 79, "á»‡"),
    ]
    assert all(text[flag.start : flag.end] == flag.text for flag in flags)


@pytest.mark.parametrize("language", sorted(NTREX_FILES))
def test_check_text_human_translated_news_not_flagged(language):
    path = shared_data_file(Path("ntrex128") / NTREX_FILES[language])
    lines = path.read_text(encoding="utf-8").splitlines()

    flagged = {number: flags for number, line in enumerate(lines, 1) if (flags := check_text(line))}

    assert len(lines) == NTREX_LINE_COUNT
    assert flagged == {}


def test_check_text_whole_translated_page_not_flagged():
    path = shared_data_file(Path("ntrex128") / NTREX_FILES["zh-TW"])

    assert check_text(path.read_text(encoding="utf-8")) == []


def test_check_text_empty_text_not_flagged():
    assert check_text("") == []
