"""The damage check and repair (content_safety/damage.py): mis-decoded runs, replacement
and control characters, mojibake; correct but unusual text left alone."""

import pytest

from innobridge.core.content_safety import Flag, check_text, repair_text
from innobridge.core.tests.content_safety_data import (
    DAMAGED_RUNS,
    line_number_at,
    news_page,
    without_private_use,
)


@pytest.mark.parametrize("line_number", sorted(DAMAGED_RUNS))
def test_check_text_news_page_damaged_run_flagged_exactly(line_number):
    news_text = news_page()
    line = news_text.split("\n")[line_number - 1]
    run, as_quoted = DAMAGED_RUNS[line_number]
    line_start = news_text.index(line)

    damaged = [
        flag
        for flag in check_text(news_text)
        if flag.kind == "damaged" and line_number_at(news_text, flag.start) == line_number
    ]

    start = line_start + line.index(run)
    assert damaged == [Flag("damaged", start, start + len(run), run, "mis-decoded run")]
    assert without_private_use(damaged[0].text) == as_quoted


def test_check_text_news_page_article_has_only_the_damaged_runs():
    news_text = news_page()
    article = "\n".join(news_text.split("\n")[2:55])

    flags = check_text(article)

    assert [(flag.kind, flag.text) for flag in flags] == [
        ("damaged", run) for run, _ in DAMAGED_RUNS.values()
    ]


def test_check_text_replacement_characters_flagged():
    assert check_text("Hà Nội \ufffd\ufffd park") == [
        Flag("damaged", 7, 9, "\ufffd\ufffd", "replacement character")
    ]


def test_check_text_replacement_character_bytes_read_as_gbk_flagged():
    assert check_text("合作锟斤拷锟斤拷协议") == [
        Flag("damaged", 2, 8, "锟斤拷锟斤拷", "replacement character")
    ]


def test_check_text_control_character_flagged():
    assert check_text("Park\x07 office") == [Flag("damaged", 4, 5, "\x07", "control character")]


def test_check_text_vietnamese_mojibake_flagged():
    assert check_text("Hợp tác với Viá»‡t Nam") == [
        Flag("damaged", 14, 17, "á»‡", "fixable mojibake")
    ]


def test_check_text_vietnamese_mojibake_line_flagged_word_by_word():
    flags = check_text("Khu cÃ´ng nghá»‡ cao HÃ²a Láº¡c")

    assert [(flag.text, flag.reason) for flag in flags] == [
        ("Ã´", "fixable mojibake"),
        ("á»‡", "fixable mojibake"),
        ("Ã²a Láº¡", "fixable mojibake"),
    ]


@pytest.mark.parametrize(
    "garbled",
    [
        "РќР°СѓС‡РЅС‹Р№ РїР°СЂРє РІ Р РѕСЃСЃРёРё",  # UTF-8 read as windows-1251
        "Научный парк в России".encode().decode("latin-1"),  # "Ð\x9dÐ°Ñ\x83Ñ\x87..."
    ],
)
def test_check_text_russian_mojibake_flagged(garbled):
    assert check_text(garbled) == [Flag("damaged", 0, 39, garbled, "fixable mojibake")]


def test_check_text_utf8_mojibake_inside_chinese_flagged():
    assert check_text("科技園區 ä¸\xadæ–‡ 合作") == [
        Flag("damaged", 5, 11, "ä¸\xadæ–‡", "fixable mojibake")
    ]


def test_check_text_utf8_read_as_gbk_flagged():
    garbled = "园区合作联盟秘书处设在火炬中心".encode().decode("gbk", errors="replace")

    flags = check_text(garbled)

    assert garbled.startswith("鍥\ufffd鍖哄悎浣滆仈鐩熺\ufffd樹功澶勮")
    assert [(flag.text, flag.reason) for flag in flags] == [
        ("\ufffd鍖哄悎浣滆仈鐩熺\ufffd", "replacement character, mis-decoded run"),
        ("\ufffd惧湪鐏\ufffd鐐\ufffd涓\ufffd蹇\ufffd", "replacement character, mis-decoded run"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "注音符號ㄅㄆㄇㄈ是台灣小學生學習的工具",  # Bopomofo written as Bopomofo
        "対象の発表は来週です。",  # Japanese kanji, rare in a Chinese frequency list
        "佢哋喺度傾緊合作嘅細節",  # everyday Cantonese characters
        "SÃO PAULO É A MAIOR CIDADE DO BRASIL",
        "Łódź, Kraków, Gdańsk — Čapek, Šťastný, Ñandú, İstanbul'da ağaç",
        "Preis: 5 € / £4 / ¥500 — © 2025 ® ™ § 3 ¶ 2 ±0.5 µm ½ °C",
    ],
)
def test_check_text_unusual_but_correct_text_not_flagged(text):
    assert check_text(text) == []


def test_repair_text_restores_vietnamese():
    assert repair_text("Hợp tác với Viá»‡t Nam") == "Hợp tác với Việt Nam"
    assert repair_text("Khu cÃ´ng nghá»‡ cao HÃ²a Láº¡c") == "Khu công nghệ cao Hòa Lạc"


def test_repair_text_restores_russian():
    garbled = "Научный парк в России".encode().decode("latin-1")

    assert repair_text(garbled) == "Научный парк в России"
    assert repair_text("РќР°СѓС‡РЅС‹Р№ РїР°СЂРє РІ Р РѕСЃСЃРёРё") == "Научный парк в России"


def test_repair_text_leaves_everything_else_untouched():
    text = "“Quotes” &amp; ﬁne ＡＢＣ cafe\u0301\r\n中外代表\ufffd共同上台 ?;顒又校型獯"

    assert repair_text(text) == text
