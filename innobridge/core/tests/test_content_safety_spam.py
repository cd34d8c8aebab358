"""The spam check (content_safety/spam.py): keyword spam in many languages is flagged by
the sentence, everyday words on spam lists are not."""

import pytest

from innobridge.core.content_safety import Flag, check_text
from innobridge.core.tests.content_safety_data import news_page


def test_check_text_news_page_spam_flag_is_the_whole_first_line():
    news_text = news_page()
    first_line = news_text.split("\n")[0]

    spam = [flag for flag in check_text(news_text) if flag.kind == "spam"]

    assert spam == [Flag("spam", 0, len(first_line), first_line, "adult-content keywords")]


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
