import os
from pathlib import Path

import pytest
from django.conf import settings

from innobridge.core.content_safety import Flag, check_text, repair_text

NEWS_FIXTURE = Path("news") / "000_978f735f45030b14.txt"
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

# The damaged runs of the news page, as the README quotes them. The file also holds GBK
# user-defined characters (private-use code points) inside the runs, invisible on screen.
DAMAGED_RUNS = {
    25: ("?;顒又校\ue0f1型獯\ue300砉餐\ue0e4吓_", "?;顒又校型獯砉餐吓_"),
    39: ("?;顒又校\ue0d9d", "?;顒又校d"),
    49: ("?。ㄓ浾?", "?。ㄓ浾?"),
}


def _shared_data_file(relative: Path) -> Path:
    """A file of the shared test data; its absence is a failure, never a skip."""
    folder = Path(
        os.environ.get(
            "INNOBRIDGE_SHARED_DATA", settings.BASE_DIR.parent.parent / "shared" / "data"
        )
    )
    path = folder / relative
    if not path.is_file():
        pytest.fail(
            f"Shared test data missing: {path} not found. Point INNOBRIDGE_SHARED_DATA at "
            "the folder holding news/ and ntrex128/."
        )
    return path


def _news_page() -> str:
    # A helper rather than a fixture: missing data must make each test fail, not error.
    return _shared_data_file(NEWS_FIXTURE).read_text(encoding="utf-8")


def _line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _without_private_use(text: str) -> str:
    return "".join(char for char in text if not 0xE000 <= ord(char) <= 0xF8FF)


def test_check_text_news_page_flags_spam_title_and_three_damaged_runs():
    news_text = _news_page()
    lines = news_text.split("\n")

    flags = check_text(news_text)

    assert [(_line_number(news_text, flag.start), flag.kind, flag.text) for flag in flags] == [
        (1, "spam", lines[0]),
        (25, "damaged", DAMAGED_RUNS[25][0]),
        (39, "damaged", DAMAGED_RUNS[39][0]),
        (49, "damaged", DAMAGED_RUNS[49][0]),
    ]


def test_check_text_news_page_spam_flag_is_the_whole_first_line():
    news_text = _news_page()
    first_line = news_text.split("\n")[0]

    spam = [flag for flag in check_text(news_text) if flag.kind == "spam"]

    assert spam == [Flag("spam", 0, len(first_line), first_line, "adult-content keywords")]


@pytest.mark.parametrize("line_number", sorted(DAMAGED_RUNS))
def test_check_text_news_page_damaged_run_flagged_exactly(line_number):
    news_text = _news_page()
    line = news_text.split("\n")[line_number - 1]
    run, as_quoted = DAMAGED_RUNS[line_number]
    line_start = news_text.index(line)

    damaged = [
        flag
        for flag in check_text(news_text)
        if flag.kind == "damaged" and _line_number(news_text, flag.start) == line_number
    ]

    start = line_start + line.index(run)
    assert damaged == [Flag("damaged", start, start + len(run), run, "mis-decoded run")]
    assert _without_private_use(damaged[0].text) == as_quoted


def test_check_text_news_page_article_has_only_the_damaged_runs():
    news_text = _news_page()
    article = "\n".join(news_text.split("\n")[2:55])

    flags = check_text(article)

    assert [(flag.kind, flag.text) for flag in flags] == [
        ("damaged", run) for run, _ in DAMAGED_RUNS.values()
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
    news_text = _news_page()
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
    path = _shared_data_file(Path("ntrex128") / NTREX_FILES[language])
    lines = path.read_text(encoding="utf-8").splitlines()

    flagged = {number: flags for number, line in enumerate(lines, 1) if (flags := check_text(line))}

    assert len(lines) == NTREX_LINE_COUNT
    assert flagged == {}


def test_check_text_whole_translated_page_not_flagged():
    path = _shared_data_file(Path("ntrex128") / NTREX_FILES["zh-TW"])

    assert check_text(path.read_text(encoding="utf-8")) == []


def test_check_text_empty_text_not_flagged():
    assert check_text("") == []


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


def test_check_text_english_spam_flagged():
    text = "Best online casino, free porn, cheap viagra"

    assert check_text(text) == [Flag("spam", 0, 43, text, "adult-content keywords")]


def test_check_text_traditional_chinese_spam_flagged():
    text = "無碼 國產精品 一區二區"

    assert check_text(text) == [Flag("spam", 0, 12, text, "adult-content keywords")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Phim sex miễn phí, gái gọi cao cấp", "adult-content keywords"),
        ("Онлайн-казино, порно бесплатно", "adult-content keywords"),
        ("افلام سكس مجانا", "adult-content keywords"),
        ("百家乐 时时彩 网上赌场 注册送彩金", "gambling keywords"),
        ("代开发票 代开增值税 刻章", "fake-documents keywords"),
    ],
)
def test_check_text_spam_in_other_languages_flagged(text, reason):
    assert check_text(text) == [Flag("spam", 0, len(text), text, reason)]


def test_check_text_spam_sentence_flagged_without_its_neighbours():
    text = (
        "Our park hosts 40 start-ups. Free porn, cheap viagra and online casino bonuses here! "
        "Contact the secretariat."
    )

    assert check_text(text) == [
        Flag(
            "spam",
            29,
            84,
            "Free porn, cheap viagra and online casino bonuses here!",
            "adult-content keywords",
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        "精品咖啡免费试饮，欢迎美女帅哥光临",
        "打造国产精品汽车，免费试驾",
        "Free entry for members; the casino hotel next door offers paid parking.",
        "The state legalised online casino gambling and sports betting last year.",
        "Khách sạn có sòng bạc và khu vui chơi miễn phí cho trẻ em.",
        "Specialists from Essex and Sussex escorted the delegation.",
    ],
)
def test_check_text_everyday_words_not_spam(text):
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
