# ruff: noqa: E501 -- the expected page texts are data, kept one value a line
"""Importing saved web pages end to end (`news.importing.parse_page` through the service):
the Mianyang fixture, 22 pages in many charsets and layouts, and bad input. The steps have
test modules of their own where a test is about one step only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innobridge.news import services
from innobridge.news.choices import ArticleStatus
from innobridge.news.models import Article
from innobridge.news.tests.importing_data import (
    FIXTURE,
    FIXTURE_ORGANIZATIONS,
    PAGES,
    import_file,
    linked_names,
)
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.models import Organization

pytestmark = pytest.mark.django_db


# --- The fixture --------------------------------------------------------------------------


def test_fixture_imports_as_a_flagged_draft(directory, secretariat, fixture_bytes):
    article = services.article_import(
        actor=secretariat, content=fixture_bytes, filename=FIXTURE.name
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.title == "綿陽攜手國際伙伴共探科技合作新范式"
    assert article.subtitle == "“一帶一路”科技園區合作創新發展對話在蓉舉行"
    assert article.published_at == datetime(2025, 6, 13, 8, 33, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert article.time_zone == "Asia/Shanghai"
    assert article.local_published_at.isoformat() == "2025-06-13T08:33:00+08:00"
    assert (article.source, article.author, article.editor) == ("綿陽日報", "", "譚鵬")
    assert article.language == "zh-hant"
    assert article.source_encoding == "utf-8"
    assert article.source_text == fixture_bytes.decode("utf-8")
    assert [(flag["kind"], flag["start"], flag["end"]) for flag in article.flags] == [
        ("spam", 0, 39),
        ("damaged", 628, 642),
        ("damaged", 1324, 1331),
        ("damaged", 2051, 2056),
    ]
    for flag in article.flags:
        assert article.source_text[flag["start"] : flag["end"]] == flag["text"]
    assert linked_names(article) == FIXTURE_ORGANIZATIONS


def test_fixture_body_is_the_article_without_spam_chrome_or_damage(
    directory, secretariat, fixture_bytes
):
    article = services.article_import(
        actor=secretariat, content=fixture_bytes, filename=FIXTURE.name
    )
    body = article.body_text
    paragraphs = body.split("\n\n")
    assert paragraphs[0] == "“一帶一路”科技園區合作聯盟"
    assert paragraphs[-2].startswith("展望未來,綿陽將繼續在“一帶一路”科技合作的道路上篤定前行")
    assert paragraphs[-1] == "郭若雪 楊方彧 劉曾太"
    assert len(paragraphs) == 20
    assert "在“一帶一路”科技園區合作創新發展對話上給出了答案發布了《“一帶一路”" in body
    for flag in article.flags:
        assert flag["text"] not in body
    for chrome in (
        "新聞熱線",
        "設為首頁",
        "加入收藏",
        "您现在的位置",
        "相关新闻",
        "发稿时间",
        "編輯",
    ):
        assert chrome not in body
    assert article.title not in body


# --- Pages in many charsets and layouts ----------------------------------------------------


@dataclass(frozen=True)
class ImportCase:
    file: str
    encoding: str
    language: str
    title: str
    subtitle: str
    published_at: str | None
    time_zone: str
    source: str
    author: str
    editor: str
    flags: list[tuple[str, str]]
    body: str
    organizations: list[str]


CASES = [
    ImportCase(
        file="01_gbk_text_spam.txt",
        encoding="gb18030",
        language="zh-hans",
        title="成都高新区与越南和乐高科技园区签署合作备忘录",
        subtitle="双方将在集成电路和数字经济领域共建联合实验室",
        published_at="2025-03-05T10:20:00+08:00",
        time_zone="Asia/Shanghai",
        source="成都高新区管委会",
        author="",
        editor="王敏",
        flags=[("spam", "澳门百家乐,在线赌场,真人视讯,开户送彩金")],
        body="3月4日，成都高新技术产业开发区与越南和乐高科技园区在成都签署合作备忘录。\n\n根据备忘录，双方将在集成电路设计、软件外包和数字经济等领域开展人才交流，共同建设联合实验室，并为入驻企业提供双向落地服务。\n\n和乐高科技园区负责人表示，希望借助成都的产业基础，推动越南科技企业走向中国市场。",
        organizations=["成都高新技术产业开发区", "Khu Công nghệ cao Hòa Lạc"],
    ),
    ImportCase(
        file="02_gbk_html_damaged.html",
        encoding="gb18030",
        language="zh-hans",
        title="中关村科技园区代表团访问武汉东湖新技术开发区",
        subtitle="",
        published_at="2025-04-18T15:30:00+08:00",
        time_zone="Asia/Shanghai",
        source="光谷日报",
        author="陈晓",
        editor="",
        flags=[("damaged", "锟斤拷锟斤拷")],
        body="4月17日，中关村科技园区代表团一行到访武汉东湖新技术开发区，双方就光电子信息产业合作进行了座谈。\n\n座谈会上，双方介绍了各自园区在孵化器建设方面的经验。\n\n双方表示，将以科技成果转化为重点，探索建立常态化交流机制。",
        organizations=["中关村科技园区", "武汉东湖新技术开发区"],
    ),
    ImportCase(
        file="03_gb18030_text_clean.txt",
        encoding="gb18030",
        language="zh-hans",
        title="深圳高新区企业赴泰国科学园开展技术对接",
        subtitle="",
        published_at="2025-05-20T09:00:00+08:00",
        time_zone="Asia/Shanghai",
        source="深圳特区报",
        author="",
        editor="刘洋",
        flags=[],
        body="5月19日，深圳高新技术产业园区组织十二家企业赴泰国科学园开展技术对接活动。\n\n对接会上，企业代表王𬀩介绍了智能电网和新能源汽车零部件的最新产品，泰方企业对储能技术表现出浓厚兴趣。\n\n双方商定，下半年将在曼谷举办第二次对接会，并推动建立长期合作关系。",
        organizations=["深圳高新技术产业园区", "อุทยานวิทยาศาสตร์ประเทศไทย"],
    ),
    ImportCase(
        file="04_gb18030_html_spam.html",
        encoding="gb18030",
        language="zh-hans",
        title="西安高新区与哈萨克斯坦阿斯塔纳枢纽签署合作协议",
        subtitle="",
        published_at="2025-02-11T16:45:00+08:00",
        time_zone="Asia/Shanghai",
        source="西安日报",
        author="",
        editor="赵磊",
        flags=[
            ("spam", "无码国产精品一区二区免费,性做久久久久久免费观看,亚洲精品"),
            ("spam", "性做久久久久久免费观看,国产精品一区二区,无码成人视频免费观看"),
        ],
        body="2月10日，西安高新技术产业开发区与阿斯塔纳枢纽国际IT创业科技园签署合作协议，双方将互设创新中心。\n\n根据协议，双方每年将互派创业团队，并共同举办软件开发者大会。",
        organizations=[
            "西安高新技术产业开发区",
            "Международный технопарк IT-стартапов «Astana Hub»",
        ],
    ),
    ImportCase(
        file="05_big5_text_clean.txt",
        encoding="cp950",
        language="zh-hant",
        title="中國技術市場協會舉辦跨境技術轉移培訓班",
        subtitle="",
        published_at="2025-06-02T11:15:00+08:00",
        time_zone="Asia/Shanghai",
        source="科技日報",
        author="林立 周芳",
        editor="",
        flags=[],
        body="6月1日，中國技術市場協會在北京舉辦跨境技術轉移培訓班，來自東盟國家的四十名技術經理人參加培訓。\n\n培訓內容包括技術評估、知識產權許可和國際技術合同談判。中國—東盟技術轉移中心的專家介紹了近年來的合作案例。",
        organizations=["中国—东盟技术转移中心", "中国技术市场协会"],
    ),
    ImportCase(
        file="06_big5_html_damaged.html",
        encoding="cp950",
        language="zh-hant",
        title="四川大學與馬來亞大學共建聯合研究中心",
        subtitle="聚焦熱帶農業與生物多樣性",
        published_at="2025-01-15T10:00:00+08:00",
        time_zone="Asia/Shanghai",
        source="四川大學新聞網",
        author="",
        editor="何靜",
        flags=[("damaged", "錕斤拷錕斤拷")],
        body="1月14日，四川大學與馬來亞大學簽署協議，共建熱帶農業聯合研究中心。\n\n根據協議，兩校將聯合培養研究生，共享實驗設備。",
        organizations=["四川大学", "Universiti Malaya"],
    ),
    ImportCase(
        file="07_big5_text_spam_damaged.txt",
        encoding="cp950",
        language="zh-hant",
        title="成都高新區與中白工業園簽署友好園區協議",
        subtitle="",
        published_at="2025-07-08T09:30:00+08:00",
        time_zone="Asia/Shanghai",
        source="成都日報",
        author="",
        editor="黃河",
        flags=[
            ("spam", "無碼成人視頻,免費觀看,一區二區,國產精品"),
            ("damaged", "貕胱苺盆倰漺桶僕肮奻怢楷票賸"),
        ],
        body="7月7日，成都高新技術產業開發區與中白工業園在明斯克簽署友好園區協議。\n\n雙方將在生物醫藥和新材料領域開展合作，並互設投資服務窗口。",
        organizations=[
            "成都高新技术产业开发区",
            "Китайско-Белорусский индустриальный парк «Великий камень»",
        ],
    ),
    ImportCase(
        file="08_utf8_zh_html_meta.html",
        encoding="utf-8",
        language="zh-hans",
        title="清华大学与新加坡科技研究局启动联合博士后项目",
        subtitle="",
        published_at="2025-03-28T19:05:00+08:00",
        time_zone="Asia/Shanghai",
        source="新华网",
        author="李明",
        editor="",
        flags=[],
        body="清华大学与新加坡科技研究局28日宣布启动联合博士后项目，首批招收二十名博士后。\n\n项目聚焦人工智能、先进制造和合成生物学，博士后将在两地轮流开展研究。",
        organizations=["清华大学", "Agency for Science, Technology and Research"],
    ),
    ImportCase(
        file="09_utf8_zh_text_byline.txt",
        encoding="utf-8",
        language="zh-hans",
        title="电子科技大学在乌兹别克斯坦设立技术转移分中心",
        subtitle="",
        published_at="2025-08-19T14:00:00+08:00",
        time_zone="Asia/Shanghai",
        source="四川日报",
        author="张三 李四",
        editor="",
        flags=[],
        body="8月18日，电子科技大学技术转移乌兹别克斯坦分中心在塔什干揭牌，乌兹别克斯坦IT园区和塔什干国立技术大学代表出席。\n\n分中心将推动电子信息领域的成果在中亚落地转化。",
        organizations=[
            "电子科技大学",
            "Dasturiy mahsulotlar va axborot texnologiyalari texnologik parki",
            "Islom Karimov nomidagi Toshkent davlat texnika universiteti",
        ],
    ),
    ImportCase(
        file="10_cp1258_vi_html_clean.html",
        encoding="cp1258",
        language="vi",
        title="Hòa Lạc và Miên Dương hợp tác chuyển giao công nghệ",
        subtitle="",
        published_at="2025-06-13T09:15:00+07:00",
        time_zone="Asia/Ho_Chi_Minh",
        source="Báo Khoa học và Phát triển",
        author="",
        editor="Nguyễn Thu Hà",
        flags=[],
        body="Ngày 12/6, Khu Công nghệ cao Hòa Lạc và Thành phố Khoa học Miên Dương (Trung Quốc) đã ký kết biên bản ghi nhớ hợp tác về chuyển giao công nghệ nông nghiệp.\n\nHai bên sẽ trao đổi chuyên gia, cùng thử nghiệm giống lúa mới và xây dựng phòng thí nghiệm chung tại Hà Nội.",
        organizations=["中国（绵阳）科技城", "Khu Công nghệ cao Hòa Lạc"],
    ),
    ImportCase(
        file="11_cp1258_vi_text_spam.txt",
        encoding="cp1258",
        language="vi",
        title="Khu Công nghệ cao TP. Hồ Chí Minh đón đoàn doanh nghiệp Trung Quốc",
        subtitle="",
        published_at="2025-05-21T08:00:00+07:00",
        time_zone="Asia/Ho_Chi_Minh",
        source="Báo Sài Gòn Giải Phóng",
        author="Minh Quân",
        editor="",
        flags=[("spam", "nhà cái uy tín, kèo nhà cái, nổ hũ đổi thưởng, soi cầu miễn phí")],
        body="Sáng 20/5, Khu Công nghệ cao Thành phố Hồ Chí Minh đã tiếp đoàn doanh nghiệp đến từ Thâm Quyến để tìm hiểu môi trường đầu tư và các ưu đãi dành cho nhà đầu tư.\n\nĐoàn doanh nghiệp quan tâm đến lĩnh vực vi mạch, thiết bị y tế và trí tuệ nhân tạo. Hai bên thống nhất sẽ tổ chức hội nghị kết nối vào quý IV.",
        organizations=["Khu Công nghệ cao Thành phố Hồ Chí Minh"],
    ),
    ImportCase(
        file="12_utf8_vi_html_mojibake.html",
        encoding="utf-8",
        language="vi",
        title="Hợp tác khoa học Việt Nam – Trung Quốc",
        subtitle="",
        published_at="2025-04-02T00:00:00+07:00",
        time_zone="Asia/Ho_Chi_Minh",
        source="VnExpress",
        author="",
        editor="",
        flags=[],
        body="Bộ Khoa học và Công nghệ Việt Nam và Sở Khoa học và Công nghệ tỉnh Tứ Xuyên đã thảo luận về hợp tác nghiên cứu nông nghiệp.\n\nHai bên sẽ tổ chức diễn đàn khoa học vào tháng Chín.",
        organizations=["四川省科学技术厅", "Bộ Khoa học và Công nghệ"],
    ),
    ImportCase(
        file="13_utf8_vi_text_damaged.txt",
        encoding="utf-8",
        language="vi",
        title="Viện Khoa học Nông nghiệp Việt Nam thử nghiệm giống lúa Miên Dương",
        subtitle="",
        published_at="2025-09-15T10:30:00+07:00",
        time_zone="Asia/Ho_Chi_Minh",
        source="Báo Nông nghiệp Việt Nam",
        author="",
        editor="Lê Hoàng",
        flags=[("damaged", "��")],
        body="Viện Khoa học Nông nghiệp Việt Nam đã gieo trồng thử nghiệm năm giống lúa chất lượng cao do Viện Khoa học Nông nghiệp Miên Dương cung cấp.\n\nKết quả vụ đầu cho thấy năng sut tăng khoảng mười phần trăm so với giống đối chứng.",
        organizations=["绵阳市农业科学研究院", "Viện Khoa học Nông nghiệp Việt Nam"],
    ),
    ImportCase(
        file="14_koi8r_ru_text_clean.txt",
        encoding="koi8-r",
        language="ru",
        title="Академпарк и Сколково открыли совместный акселератор",
        subtitle="",
        published_at="2025-04-14T12:00:00+03:00",
        time_zone="Europe/Moscow",
        source="Наука в Сибири",
        author="Ирина Петрова",
        editor="",
        flags=[],
        body="Технопарк новосибирского Академгородка и Сколково провели совместную сессию для стартапов из Китая и Казахстана. Участники обсудили выход на рынки Евразийского экономического союза и программы акселерации.\n\nПервый набор продлится до конца мая, отобранные команды получат гранты и наставников.",
        organizations=["Технопарк новосибирского Академгородка"],
    ),
    ImportCase(
        file="15_cp1251_ru_html_spam.html",
        encoding="cp1251",
        language="ru",
        title="Парк высоких технологий Беларуси принял делегацию из Китая",
        subtitle="",
        published_at="2025-03-03T15:40:00+03:00",
        time_zone="Europe/Moscow",
        source="БелТА",
        author="",
        editor="Олег Ковалёв",
        flags=[("spam", "онлайн казино, игровые автоматы, бонус за регистрацию, ставки на спорт")],
        body="Делегация Китайско-Белорусского индустриального парка «Великий камень» посетила Парк высоких технологий в Минске.\n\nСтороны договорились о совместной программе стажировок для разработчиков.",
        organizations=["Парк высоких технологий"],
    ),
    ImportCase(
        file="16_utf8_ru_html_damaged.html",
        encoding="utf-8",
        language="ru",
        title="МГУ и Университет Белграда подписали соглашение",
        subtitle="Вузы откроют совместную магистратуру",
        published_at="2025-10-20T10:00:00+03:00",
        time_zone="Europe/Moscow",
        source="ТАСС",
        author="",
        editor="",
        flags=[("damaged", "���")],
        body="Московский государственный университет имени М. В. Ломоносова и Университет в Белграде подписали соглашение о сотрудничестве.\n\nПервые студенты начнут обучение по програe в сентябре.",
        organizations=["Московский государственный университет имени М. В. Ломоносова"],
    ),
    ImportCase(
        file="17_cp1256_ar_html_clean.html",
        encoding="cp1256",
        language="ar",
        title="تعاون سعودي إماراتي في مجال الطاقة المتجددة",
        subtitle="",
        published_at="2025-04-22T13:30:00+08:00",
        time_zone="Asia/Shanghai",
        source="وكالة الأنباء السعودية",
        author="",
        editor="",
        flags=[],
        body="وقعت مدينة الملك عبدالعزيز للعلوم والتقنية مذكرة تفاهم مع مجمع دبي للعلوم لتعزيز التعاون في مجالات الطاقة المتجددة والتقنيات الحيوية.\n\nوتشمل المذكرة تبادل الباحثين وإنشاء مختبر مشترك في دبي.",
        organizations=["مجمع دبي للعلوم", "مدينة الملك عبدالعزيز للعلوم والتقنية"],
    ),
    ImportCase(
        file="18_cp1256_ar_text_spam.txt",
        encoding="cp1256",
        language="ar",
        title="القرية الذكية تستضيف منتدى الابتكار الأفريقي",
        subtitle="",
        published_at="2025-11-10T11:00:00+08:00",
        time_zone="Asia/Shanghai",
        source="الأهرام",
        author="",
        editor="أحمد سامي",
        flags=[("spam", "افلام سكس, كازينو اون لاين, سكس مجانا")],
        body="استضافت القرية الذكية في القاهرة منتدى الابتكار الأفريقي بمشاركة أكاديمية البحث العلمي والتكنولوجيا وعدد من الشركات الناشئة.\n\nوناقش المنتدى سبل تمويل الشركات الناشئة ونقل التكنولوجيا بين الجامعات والصناعة.",
        organizations=["القرية الذكية", "أكاديمية البحث العلمي والتكنولوجيا"],
    ),
    ImportCase(
        file="19_utf8_ar_html_damaged.html",
        encoding="utf-8",
        language="ar",
        title="جامعة خليفة تطلق برنامجا للطاقة النظيفة",
        subtitle="",
        published_at="2025-12-05T00:00:00+08:00",
        time_zone="Asia/Shanghai",
        source="",
        author="",
        editor="",
        flags=[("damaged", "���")],
        body="أطلقت جامعة خليفة للعلوم والتكنولوجيا برنامجا بحثيا جديدا في مجال الهيدروجين.\n\nويهدف البرنامج إلى  تطوير تقنيات التخزين بالتعاون مع مدينة مصدر.",
        organizations=["مدينة مصدر", "جامعة خليفة للعلوم والتكنولوجيا"],
    ),
    ImportCase(
        file="20_utf8_en_html_byline.html",
        encoding="utf-8",
        language="en",
        title="Saigon Hi-Tech Park and Chengdu sign talent exchange deal",
        subtitle="",
        published_at="2025-06-13T08:33:00+07:00",
        time_zone="+07:00",
        source="",
        author="Jane Doe",
        editor="",
        flags=[],
        body="Saigon Hi-Tech Park signed a talent exchange agreement with the Chengdu Hi-tech Industrial Development Zone on Thursday.\n\nEngineers from both parks will spend six months at partner companies.",
        organizations=["成都高新技术产业开发区", "Khu Công nghệ cao Thành phố Hồ Chí Minh"],
    ),
    ImportCase(
        file="21_utf16_en_text_spam.txt",
        encoding="utf-16",
        language="en",
        title="Teknopark Istanbul opens office at Zhongguancun",
        subtitle="",
        published_at="2025-09-01T00:00:00+08:00",
        time_zone="Asia/Shanghai",
        source="Anadolu Agency",
        author="",
        editor="Ayşe Kaya",
        flags=[("spam", "Best online casino, free spins, no deposit bonus, casino bonus codes")],
        body="Teknopark Istanbul opened a liaison office at Zhongguancun Science Park in Beijing to help Turkish start-ups find partners in China.\n\nThe office will also host Chinese companies looking for partners in Turkey.",
        organizations=["中关村科技园区", "Teknopark İstanbul"],
    ),
    ImportCase(
        file="22_utf8_zh_html_tables.html",
        encoding="utf-8",
        language="zh-hans",
        title="绵阳科技城国际技术转移中心签约",
        subtitle="",
        published_at="2025-10-09T16:20:00+08:00",
        time_zone="Asia/Shanghai",
        source="绵阳日报",
        author="",
        editor="谭鹏",
        flags=[("damaged", "锟斤拷锟斤拷")],
        body="绵阳科技城国际技术转移中心与中国—东盟技术转移中心签约\n\n10月9日，绵阳科技城国际技术转移中心与中国—东盟技术转移中心签署合作协议，共同推动科技成果在东盟国家转化。\n\n双方将联合举办技术对接会。",
        organizations=["绵阳科技城国际技术转移中心", "中国—东盟技术转移中心"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.file for case in CASES])
def test_page_imports_with_its_metadata_flags_and_clean_text(directory, secretariat, case):
    article = import_file(PAGES / case.file, secretariat)
    article.refresh_from_db()
    published = article.local_published_at
    assert {
        "encoding": article.source_encoding,
        "language": article.language,
        "title": article.title,
        "subtitle": article.subtitle,
        "published_at": published.isoformat() if published else None,
        "time_zone": article.time_zone,
        "source": article.source,
        "author": article.author,
        "editor": article.editor,
        "flags": [(flag["kind"], flag["text"]) for flag in article.flags],
        "body": article.body_text,
        "organizations": sorted(linked_names(article)),
    } == {
        "encoding": case.encoding,
        "language": case.language,
        "title": case.title,
        "subtitle": case.subtitle,
        "published_at": case.published_at,
        "time_zone": case.time_zone,
        "source": case.source,
        "author": case.author,
        "editor": case.editor,
        "flags": case.flags,
        "body": case.body,
        "organizations": sorted(case.organizations),
    }
    assert article.status == ArticleStatus.DRAFT
    for flag in article.flags:
        assert article.source_text[flag["start"] : flag["end"]] == flag["text"]
        assert flag["text"] not in article.body_text


def test_pages_cover_every_charset_and_both_kinds_of_trouble():
    encodings = {case.encoding for case in CASES}
    assert {"gb18030", "cp950", "utf-8", "cp1258", "koi8-r", "cp1251", "cp1256"} <= encodings
    kinds = [{kind for kind, _text in case.flags} for case in CASES]
    assert kinds.count(set()) >= 5
    assert sum(1 for found in kinds if "spam" in found) >= 5
    assert sum(1 for found in kinds if "damaged" in found) >= 5
    assert {case.language for case in CASES} >= {"zh-hans", "zh-hant", "vi", "ru", "ar", "en"}


def test_import_links_only_organizations_listed_in_the_directory(directory, secretariat):
    Organization.objects.filter(name="清华大学").update(
        membership_status=MembershipStatus.APPLICANT
    )
    article = import_file(PAGES / "08_utf8_zh_html_meta.html", secretariat)
    assert linked_names(article) == ["Agency for Science, Technology and Research"]


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The page is empty."),
        (b"  \n\t\n", "The page is empty."),
        (b"%PDF-1.4\n%%EOF", "The file is not an HTML page or a text file."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "The file is not an HTML page or a text file."),
        (b"<html><body><script>x()</script></body></html>", "The page has no text."),
    ],
)
def test_bad_pages_are_refused_and_nothing_is_saved(secretariat, content, message):
    with pytest.raises(ValidationError) as error:
        services.article_import(actor=secretariat, content=content, filename="page.html")
    assert error.value.messages == [message]
    assert Article.objects.count() == 0


def test_only_the_secretariat_imports(member):
    page = PAGES / "01_gbk_text_spam.txt"
    with pytest.raises(PermissionDenied):
        services.article_import(actor=member, content=page.read_bytes(), filename=page.name)
    assert Article.objects.count() == 0
