# ruff: noqa: E501 -- page texts are data, kept one sentence a line
"""Write the test pages of the news import in their real charsets.

Run `python innobridge/news/tests/pages/make_pages.py` after changing a page below; the
generated files are committed, so tests read exactly the bytes a web crawler would save.
Expected results live in ../test_import_pages.py, next to the assertions.

Damage is made the way it happens: bytes of one charset read as another
(`_misread`), U+FFFD bytes read as GBK or Big5 (锟斤拷 / 錕斤拷), or replacement characters.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _misread(text: str, written_in: str, read_as: str) -> str:
    """Text whose bytes were read one byte out of step, in another charset."""
    return text.encode(written_in)[1:].decode(read_as, errors="ignore")


def html(
    charset: str | None,
    title: str,
    body: str,
    *,
    head: str = "",
    lang: str = "zh-CN",
    page_title: str | None = None,
) -> str:
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if charset
        else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n{meta}\n'
        f"<title>{page_title or title}</title>\n{head}\n"
        "<style>body{font-size:14px}</style><script>var _hmt=[];</script>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


GBK_DAMAGE = "锟斤拷锟斤拷"  # U+FFFD twice, as UTF-8 bytes read as GBK
BIG5_DAMAGE = _misread("活动中，中外代表共同上台发布了", "gbk", "big5")

PAGES: dict[str, tuple[str, str]] = {}

# 1. GBK text page shaped like the fixture: spam line, chrome, labelled metadata.
PAGES["01_gbk_text_spam.txt"] = (
    "gbk",
    "澳门百家乐,在线赌场,真人视讯,开户送彩金\n"
    "\n"
    "新闻热线:028-85198888\n"
    "设为首页\n"
    "加入收藏\n"
    "当前位置: 首页 > 园区动态\n"
    "成都高新区与越南和乐高科技园区签署合作备忘录\n"
    "双方将在集成电路和数字经济领域共建联合实验室\n"
    "发布时间:2025-03-05 10:20   来源: 成都高新区管委会\n"
    "\n"
    "  3月4日，成都高新技术产业开发区与越南和乐高科技园区在成都签署合作备忘录。\n"
    "\n"
    "  根据备忘录，双方将在集成电路设计、软件外包和数字经济等领域开展人才交流，"
    "共同建设联合实验室，并为入驻企业提供双向落地服务。\n"
    "\n"
    "  和乐高科技园区负责人表示，希望借助成都的产业基础，推动越南科技企业走向中国市场。\n"
    "\n"
    "  责任编辑:王敏\n"
    "\n"
    "相关新闻:\n"
    "成都高新区举办国际创新创业大赛\n",
)

# 2. GBK HTML declared as gb2312 (read as GB18030), chrome in nav/footer, U+FFFD as GBK.
PAGES["02_gbk_html_damaged.html"] = (
    "gbk",
    html(
        "gb2312",
        "中关村科技园区代表团访问武汉东湖新技术开发区",
        '<div class="topbar"><a href="/">网站首页</a> | <a href="/news">新闻中心</a>'
        ' | <a href="/about">关于我们</a></div>\n'
        '<nav class="menu"><ul><li>首页</li><li>园区概况</li><li>新闻动态</li></ul></nav>\n'
        '<div class="breadcrumb">您现在的位置：首页 &gt; 新闻动态</div>\n'
        '<div class="article">\n'
        "<h1>中关村科技园区代表团访问武汉东湖新技术开发区</h1>\n"
        '<div class="info">发布时间：2025年04月18日 15:30　来源：光谷日报　作者：陈晓</div>\n'
        "<p>　　4月17日，中关村科技园区代表团一行到访武汉东湖新技术开发区，"
        "双方就光电子信息产业合作进行了座谈。</p>\n"
        f"<p>　　座谈会上，双方{GBK_DAMAGE}介绍了各自园区在孵化器建设方面的经验。</p>\n"
        "<p>　　双方表示，将以科技成果转化为重点，探索建立常态化交流机制。</p>\n"
        "</div>\n"
        '<div class="footer">版权所有 2025 光谷新闻网　鄂ICP备12345678号</div>',
    ),
)

# 3. GB18030 text with a character outside GBK (𬀩, in a person's name); clean.
PAGES["03_gb18030_text_clean.txt"] = (
    "gb18030",
    "深圳高新区企业赴泰国科学园开展技术对接\n"
    "发布时间：2025-05-20 09:00 来源：深圳特区报\n"
    "\n"
    "5月19日，深圳高新技术产业园区组织十二家企业赴泰国科学园开展技术对接活动。\n"
    "\n"
    "对接会上，企业代表王𬀩介绍了智能电网和新能源汽车零部件的最新产品，"
    "泰方企业对储能技术表现出浓厚兴趣。\n"
    "\n"
    "双方商定，下半年将在曼谷举办第二次对接会，并推动建立长期合作关系。\n"
    "\n"
    "编辑：刘洋\n",
)

# 4. GB18030 HTML: spam injected into <title> and into a paragraph of the article.
PAGES["04_gb18030_html_spam.html"] = (
    "gb18030",
    html(
        "gb18030",
        "西安高新区与哈萨克斯坦阿斯塔纳枢纽签署合作协议",
        '<header class="site-header"><a href="/">西安高新区门户网站</a></header>\n'
        "<article>\n"
        "<h1>西安高新区与哈萨克斯坦阿斯塔纳枢纽签署合作协议</h1>\n"
        '<p class="meta">发布时间：2025-02-11 16:45 | 来源：西安日报 | 编辑：赵磊</p>\n'
        "<p>2月10日，西安高新技术产业开发区与阿斯塔纳枢纽国际IT创业科技园签署合作协议，"
        "双方将互设创新中心。</p>\n"
        "<p>性做久久久久久免费观看,国产精品一区二区,无码成人视频免费观看</p>\n"
        "<p>根据协议，双方每年将互派创业团队，并共同举办软件开发者大会。</p>\n"
        "</article>\n"
        "<footer>Copyright 2025 西安高新区管委会</footer>",
        page_title="无码国产精品一区二区免费,性做久久久久久免费观看,亚洲精品",
    ),
)

# 5. Big5 text, Traditional Chinese, clean, with a byline closing the report.
PAGES["05_big5_text_clean.txt"] = (
    "big5",
    "中國技術市場協會舉辦跨境技術轉移培訓班\n"
    "發稿時間：2025/06/02 11:15　來源：科技日報\n"
    "\n"
    "　　6月1日，中國技術市場協會在北京舉辦跨境技術轉移培訓班，"
    "來自東盟國家的四十名技術經理人參加培訓。\n"
    "\n"
    "　　培訓內容包括技術評估、知識產權許可和國際技術合同談判。"
    "中國—東盟技術轉移中心的專家介紹了近年來的合作案例。\n"
    "\n"
    "　　（記者 林立 周芳）\n",
)

# 6. Big5 HTML with U+FFFD bytes read as Big5 (錕斤拷) in the article.
PAGES["06_big5_html_damaged.html"] = (
    "big5",
    html(
        "big5",
        "四川大學與馬來亞大學共建聯合研究中心",
        '<div id="nav"><a href="/">首頁</a> | <a href="/news">新聞</a> | <a href="/en">English</a>'
        "</div>\n"
        '<div class="content">\n'
        "<h1>四川大學與馬來亞大學共建聯合研究中心</h1>\n"
        '<h2 class="subtitle">——聚焦熱帶農業與生物多樣性</h2>\n'
        "<p>發布時間：2025-01-15 10:00　來源：四川大學新聞網</p>\n"
        "<p>1月14日，四川大學與馬來亞大學簽署協議，共建熱帶農業聯合研究中心。</p>\n"
        "<p>根據協議，兩校將聯合培養研究生，錕斤拷錕斤拷共享實驗設備。</p>\n"
        "<p>責任編輯：何靜</p>\n"
        "</div>\n"
        '<div class="related"><h3>相關新聞</h3><ul><li>四川大學舉辦國際週</li></ul></div>',
        lang="zh-TW",
    ),
)

# 7. Big5 text with both spam and a mis-decoded run (GBK bytes read as Big5).
PAGES["07_big5_text_spam_damaged.txt"] = (
    "big5",
    "無碼成人視頻,免費觀看,一區二區,國產精品\n"
    "首頁 > 新聞中心 > 合作交流\n"
    "成都高新區與中白工業園簽署友好園區協議\n"
    "發布時間：2025-07-08 09:30　來源：成都日報\n"
    "\n"
    "　　7月7日，成都高新技術產業開發區與中白工業園在明斯克簽署友好園區協議。\n"
    "\n"
    f"　　雙方將在生物醫藥和新材料領域{BIG5_DAMAGE}開展合作，並互設投資服務窗口。\n"
    "\n"
    "　　編輯：黃河\n",
)

# 8. UTF-8 HTML with the time and source in <meta> tags, article in <main>.
PAGES["08_utf8_zh_html_meta.html"] = (
    "utf-8",
    (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        "<title>清华大学与新加坡科技研究局启动联合博士后项目_新华网</title>\n"
        '<meta property="article:published_time" content="2025-03-28T19:05:00+08:00">\n'
        '<meta property="og:site_name" content="新华网">\n'
        '<meta name="author" content="李明">\n'
        "</head>\n<body>\n"
        '<nav><a href="/">首页</a><a href="/tech">科技</a></nav>\n'
        "<main>\n<h1>清华大学与新加坡科技研究局启动联合博士后项目</h1>\n"
        "<p>清华大学与新加坡科技研究局28日宣布启动联合博士后项目，首批招收二十名博士后。</p>\n"
        "<p>项目聚焦人工智能、先进制造和合成生物学，博士后将在两地轮流开展研究。</p>\n"
        "</main>\n"
        '<aside class="share">分享到：微信 微博</aside>\n'
        "</body>\n</html>\n"
    ),
)

# 9. UTF-8 text without any chrome; byline of reporters at the end; no editor.
PAGES["09_utf8_zh_text_byline.txt"] = (
    "utf-8",
    "电子科技大学在乌兹别克斯坦设立技术转移分中心\n"
    "时间：2025-08-19 14:00　来源：四川日报\n"
    "\n"
    "8月18日，电子科技大学技术转移乌兹别克斯坦分中心在塔什干揭牌，"
    "乌兹别克斯坦IT园区和塔什干国立技术大学代表出席。\n"
    "\n"
    "分中心将推动电子信息领域的成果在中亚落地转化。\n"
    "\n"
    "（记者 张三 李四）\n",
)

VI_INTRO = (
    "Ngày 12/6, Khu Công nghệ cao Hòa Lạc và Thành phố Khoa học Miên Dương (Trung Quốc) "
    "đã ký kết biên bản ghi nhớ hợp tác về chuyển giao công nghệ nông nghiệp."
)

# 10. Windows-1258 HTML, tone marks stored as combining characters (as cp1258 does).
PAGES["10_cp1258_vi_html_clean.html"] = (
    "cp1258",
    html(
        "windows-1258",
        "Hòa Lạc và Miên Dương hợp tác chuyển giao công nghệ",
        '<div class="menu">Trang chủ | Tin tức | Liên hệ</div>\n'
        '<div class="article-content">\n'
        "<h1>Hòa Lạc và Miên Dương hợp tác chuyển giao công nghệ</h1>\n"
        '<p class="date">Ngày đăng: 13/06/2025 09:15 | Nguồn: Báo Khoa học và Phát triển</p>\n'
        f"<p>{VI_INTRO}</p>\n"
        "<p>Hai bên sẽ trao đổi chuyên gia, cùng thử nghiệm giống lúa mới và xây dựng "
        "phòng thí nghiệm chung tại Hà Nội.</p>\n"
        "<p>Biên tập: Nguyễn Thu Hà</p>\n"
        "</div>\n"
        '<div class="footer">Bản quyền © 2025 Báo Khoa học và Phát triển</div>',
        lang="vi",
    ),
)

# 11. Windows-1258 text, no declaration, with a line of gambling spam.
PAGES["11_cp1258_vi_text_spam.txt"] = (
    "cp1258",
    "Trang chủ » Tin tức » Hợp tác quốc tế\n"
    "Khu Công nghệ cao TP. Hồ Chí Minh đón đoàn doanh nghiệp Trung Quốc\n"
    "Ngày đăng: 21/05/2025 08:00   Nguồn: Báo Sài Gòn Giải Phóng\n"
    "\n"
    "Sáng 20/5, Khu Công nghệ cao Thành phố Hồ Chí Minh đã tiếp đoàn doanh nghiệp "
    "đến từ Thâm Quyến để tìm hiểu môi trường đầu tư và các ưu đãi dành cho nhà đầu tư.\n"
    "\n"
    "nhà cái uy tín, kèo nhà cái, nổ hũ đổi thưởng, soi cầu miễn phí\n"
    "\n"
    "Đoàn doanh nghiệp quan tâm đến lĩnh vực vi mạch, thiết bị y tế và trí tuệ nhân tạo. "
    "Hai bên thống nhất sẽ tổ chức hội nghị kết nối vào quý IV.\n"
    "\n"
    "Tác giả: Minh Quân\n",
)

# 12. UTF-8 HTML with mojibake ftfy repairs: nothing is flagged, the text comes out right.
PAGES["12_utf8_vi_html_mojibake.html"] = (
    "utf-8",
    html(
        "utf-8",
        "Hợp tác khoa học Việt Nam – Trung Quốc",
        "<article>\n<h1>Hợp tác khoa học Việt Nam – Trung Quốc</h1>\n"
        "<p>Ngày đăng: 02/04/2025 | Nguồn: VnExpress</p>\n"
        "<p>Bộ Khoa học và Công nghệ "
        + "Viá»‡t Nam"
        + " và Sở Khoa học và Công nghệ tỉnh Tứ Xuyên đã thảo luận "
        "về hợp tác nghiên cứu nông nghiệp.</p>\n"
        "<p>Hai bên sẽ tổ chức diễn đàn khoa học vào tháng Chín.</p>\n</article>",
        lang="vi",
    ),
)

# 13. UTF-8 text with replacement characters where bytes were lost.
PAGES["13_utf8_vi_text_damaged.txt"] = (
    "utf-8",
    "Viện Khoa học Nông nghiệp Việt Nam thử nghiệm giống lúa Miên Dương\n"
    "Ngày đăng: 15/09/2025 10:30 | Nguồn: Báo Nông nghiệp Việt Nam\n"
    "\n"
    "Viện Khoa học Nông nghiệp Việt Nam đã gieo trồng thử nghiệm năm giống lúa chất lượng "
    "cao do Viện Khoa học Nông nghiệp Miên Dương cung cấp.\n"
    "\n"
    "Kết quả vụ đầu cho thấy năng su\ufffd\ufffdt tăng khoảng mười phần trăm so với giống đối chứng.\n"
    "\n"
    "Biên tập viên: Lê Hoàng\n",
)

RU_TEXT = (
    "Технопарк новосибирского Академгородка и Сколково провели совместную сессию "
    "для стартапов из Китая и Казахстана. Участники обсудили выход на рынки Евразийского "
    "экономического союза и программы акселерации."
)

# 14. KOI8-R text, no declaration, clean.
PAGES["14_koi8r_ru_text_clean.txt"] = (
    "koi8-r",
    "Главная > Новости > Сотрудничество\n"
    "Академпарк и Сколково открыли совместный акселератор\n"
    "Опубликовано: 14.04.2025 12:00   Источник: Наука в Сибири\n"
    "\n"
    f"{RU_TEXT}\n"
    "\n"
    "Первый набор продлится до конца мая, отобранные команды получат гранты и наставников.\n"
    "\n"
    "Автор: Ирина Петрова\n",
)

# 15. Windows-1251 HTML with a spam paragraph of casino keywords.
PAGES["15_cp1251_ru_html_spam.html"] = (
    "cp1251",
    html(
        "windows-1251",
        "Парк высоких технологий Беларуси принял делегацию из Китая",
        '<div class="breadcrumbs">Главная › Новости</div>\n'
        '<div class="news-body">\n'
        "<h1>Парк высоких технологий Беларуси принял делегацию из Китая</h1>\n"
        "<p>Дата публикации: 03.03.2025 15:40 | Источник: БелТА | Редактор: Олег Ковалёв</p>\n"
        "<p>Делегация Китайско-Белорусского индустриального парка «Великий камень» "
        "посетила Парк высоких технологий в Минске.</p>\n"
        "<p>онлайн казино, игровые автоматы, бонус за регистрацию, ставки на спорт</p>\n"
        "<p>Стороны договорились о совместной программе стажировок для разработчиков.</p>\n"
        "</div>\n"
        '<div class="copyright">© 2025 Все права защищены</div>',
        lang="ru",
    ),
)

# 16. UTF-8 HTML with replacement characters in Russian; time with an explicit offset.
PAGES["16_utf8_ru_html_damaged.html"] = (
    "utf-8",
    html(
        "utf-8",
        "МГУ и Университет Белграда подписали соглашение",
        "<article>\n<h1>МГУ и Университет Белграда подписали соглашение</h1>\n"
        "<h2>Вузы откроют совместную магистратуру</h2>\n"
        "<p>Опубликовано: 20.10.2025 10:00 (UTC+3) | Источник: ТАСС</p>\n"
        "<p>Московский государственный университет имени М. В. Ломоносова и Университет "
        "в Белграде подписали соглашение о сотрудничестве.</p>\n"
        "<p>Первые студенты начнут обучение по програ\ufffd\ufffd\ufffde в сентябре.</p>\n"
        "</article>",
        lang="ru",
    ),
)

AR_TEXT = (
    "وقعت مدينة الملك عبدالعزيز للعلوم والتقنية مذكرة تفاهم مع مجمع دبي للعلوم "
    "لتعزيز التعاون في مجالات الطاقة المتجددة والتقنيات الحيوية."
)

# 17. Windows-1256 HTML, Arabic, clean.
PAGES["17_cp1256_ar_html_clean.html"] = (
    "cp1256",
    html(
        "windows-1256",
        "تعاون سعودي إماراتي في مجال الطاقة المتجددة",
        '<div class="navbar">الرئيسية | الأخبار | اتصل بنا</div>\n'
        '<div class="post">\n'
        "<h1>تعاون سعودي إماراتي في مجال الطاقة المتجددة</h1>\n"
        "<p>تاريخ النشر: 22/04/2025 13:30 | المصدر: وكالة الأنباء السعودية</p>\n"
        f"<p>{AR_TEXT}</p>\n"
        "<p>وتشمل المذكرة تبادل الباحثين وإنشاء مختبر مشترك في دبي.</p>\n"
        "</div>\n"
        '<div class="footer">جميع الحقوق محفوظة 2025</div>',
        lang="ar",
    ),
)

# 18. Windows-1256 text, no declaration, with Arabic spam.
PAGES["18_cp1256_ar_text_spam.txt"] = (
    "cp1256",
    "افلام سكس, كازينو اون لاين, سكس مجانا\n"
    "القرية الذكية تستضيف منتدى الابتكار الأفريقي\n"
    "تاريخ النشر: 10/11/2025 11:00 | المصدر: الأهرام\n"
    "\n"
    "استضافت القرية الذكية في القاهرة منتدى الابتكار الأفريقي بمشاركة أكاديمية البحث "
    "العلمي والتكنولوجيا وعدد من الشركات الناشئة.\n"
    "\n"
    "وناقش المنتدى سبل تمويل الشركات الناشئة ونقل التكنولوجيا بين الجامعات والصناعة.\n"
    "\n"
    "المحرر: أحمد سامي\n",
)

# 19. UTF-8 HTML, Arabic, with replacement characters; a date in Arabic-Indic digits.
PAGES["19_utf8_ar_html_damaged.html"] = (
    "utf-8",
    html(
        "utf-8",
        "جامعة خليفة تطلق برنامجا للطاقة النظيفة",
        "<article>\n<h1>جامعة خليفة تطلق برنامجا للطاقة النظيفة</h1>\n"
        "<p>نشر في: ٠٥/١٢/٢٠٢٥</p>\n"
        "<p>أطلقت جامعة خليفة للعلوم والتكنولوجيا برنامجا بحثيا جديدا في مجال الهيدروجين.</p>\n"
        "<p>ويهدف البرنامج إلى \ufffd\ufffd\ufffd تطوير تقنيات التخزين بالتعاون مع مدينة مصدر.</p>\n"
        "</article>",
        lang="ar",
    ),
)

# 20. UTF-8 HTML in English: "By" byline, month name, GMT offset, related stories.
PAGES["20_utf8_en_html_byline.html"] = (
    "utf-8",
    html(
        "utf-8",
        "Saigon Hi-Tech Park and Chengdu sign talent exchange deal",
        '<header><nav><a href="/">Home</a> | <a href="/news">News</a></nav></header>\n'
        '<div class="story">\n'
        "<h1>Saigon Hi-Tech Park and Chengdu sign talent exchange deal</h1>\n"
        "<p>By Jane Doe</p>\n"
        "<p>Published: June 13, 2025 08:33 GMT+7</p>\n"
        "<p>Saigon Hi-Tech Park signed a talent exchange agreement with the Chengdu Hi-tech "
        "Industrial Development Zone on Thursday.</p>\n"
        "<p>Engineers from both parks will spend six months at partner companies.</p>\n"
        "<h3>Related stories</h3>\n<p>Hanoi opens innovation centre</p>\n"
        "</div>",
        lang="en",
    ),
)

# 21. UTF-16 text with a byte-order mark, English, with casino spam.
PAGES["21_utf16_en_text_spam.txt"] = (
    "utf-16",
    "Teknopark Istanbul opens office at Zhongguancun\n"
    "Date: 2025-09-01 | Source: Anadolu Agency\n"
    "\n"
    "Teknopark Istanbul opened a liaison office at Zhongguancun Science Park in Beijing "
    "to help Turkish start-ups find partners in China.\n"
    "\n"
    "Best online casino, free spins, no deposit bonus, casino bonus codes\n"
    "\n"
    "The office will also host Chinese companies looking for partners in Turkey.\n"
    "\n"
    "Editor: Ayşe Kaya\n",
)

# 22. UTF-8 HTML laid out with tables, no semantic tags: chrome by text alone.
PAGES["22_utf8_zh_html_tables.html"] = (
    "utf-8",
    '<html><head><meta charset="utf-8"><title>绵阳科技城国际技术转移中心签约</title></head>'
    "<body><table><tr><td>设为首页</td><td>加入收藏</td></tr></table>"
    "<table><tr><td>您现在的位置：首页 &gt; 今日头条</td></tr></table>"
    "<table><tr><td><font size=5>绵阳科技城国际技术转移中心与中国—东盟技术转移中心签约</font></td></tr>"
    "<tr><td>发稿时间：2025-10-09 16:20　来源：绵阳日报</td></tr>"
    "<tr><td>　　10月9日，绵阳科技城国际技术转移中心与中国—东盟技术转移中心签署合作协议，"
    "共同推动科技成果在东盟国家转化。</td></tr>"
    f"<tr><td>　　双方将{GBK_DAMAGE}"
    "联合举办技术对接会。</td></tr>"
    "<tr><td>编辑：谭鹏</td></tr></table>"
    "<table><tr><td>相关新闻：</td></tr><tr><td>绵阳举办科博会</td></tr></table>"
    "</body></html>",
)


VIETNAMESE_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode(text: str, encoding: str) -> bytes:
    """Windows-1258 has letters with their vowel marks (ê, ơ, ư) but not with tones: the
    tone follows as a combining character, which is how such pages really look."""
    if encoding != "cp1258":
        return text.encode(encoding)
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in VIETNAMESE_TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + tones)
    return "".join(out).encode(encoding)


def main() -> None:
    for name, (encoding, text) in PAGES.items():
        (HERE / name).write_bytes(encode(text, encoding))


if __name__ == "__main__":
    main()
