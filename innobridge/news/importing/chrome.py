"""Page chrome recognised by its words: menus, breadcrumbs, "print this page", copyright
lines, and everything after a "related news" heading, in the alliance's languages.

The HTML parser (`lines.py`) already marks the lines that sat in chrome by tag and class;
this module recognises the chrome that pages leave in plain blocks, and text files.
"""

from __future__ import annotations

import re

from innobridge.news.importing.lines import fold

CHROME_LINES = {
    "设为首页", "加入收藏", "返回首页", "首页", "打印", "打印本页", "关闭窗口", "关闭", "分享到",
    "分享", "收藏", "扫一扫", "登录", "注册", "网站地图", "联系我们", "关于我们", "返回顶部",
    "字号", "大 中 小", "【大 中 小】", "home", "print", "share", "close", "login", "log in",
    "sign in", "register", "subscribe", "menu", "search", "back to top", "sitemap",
    "contact us", "about us", "trang chủ", "in bài", "in bài viết", "chia sẻ", "đăng nhập",
    "đăng ký", "liên hệ", "главная", "печать", "поделиться", "войти", "регистрация",
    "контакты", "الرئيسية", "طباعة", "مشاركة", "تسجيل الدخول", "اتصل بنا",
}  # fmt: skip
CHROME_PREFIXES = (
    "新闻热线", "您现在的位置", "您的位置", "当前位置", "所在位置", "当前的位置", "版权所有",
    "copyright", "©", "(c) ", "you are here", "技术支持", "icp备", "主办单位", "主办:",
    "承办单位", "网站标识码", "hotline", "bản quyền", "đường dây nóng", "vị trí:",
    "все права защищены", "горячая линия", "вы здесь", "جميع الحقوق محفوظة", "الخط الساخن",
    "أنت هنا",
)  # fmt: skip
RELATED_HEADINGS = (
    "相关新闻", "相关阅读", "相关链接", "相关文章", "延伸阅读", "推荐阅读", "热点新闻",
    "related news", "related articles", "related stories", "read more", "see also",
    "tin liên quan", "tin cùng chuyên mục", "bài viết liên quan", "tin khác",
    "похожие новости", "читайте также", "другие новости", "أخبار ذات صلة", "اقرأ أيضا",
    "اقرأ أيضاً",
)  # fmt: skip
_BREADCRUMB_SEPARATORS = re.compile(r"\s*[>»›]\s*")
_MENU_SEPARATORS = re.compile(r"\s*[|｜·]\s*|\s{2,}")


def is_chrome_text(text: str) -> bool:
    """A line of chrome by its words: a known phrase or prefix, a breadcrumb, or a menu."""
    folded = fold(text).strip(" \t\u3000\xa0:：")
    if not folded:
        return False
    if folded in CHROME_LINES or folded.startswith(CHROME_PREFIXES):
        return True
    if len(folded) <= 80:
        parts = [part for part in _BREADCRUMB_SEPARATORS.split(folded) if part]
        if len(parts) >= 2 and all(len(part) <= 20 for part in parts):
            return True
    items = [item for item in _MENU_SEPARATORS.split(folded) if item]
    return len(items) >= 3 and all(
        len(item) <= 10 and not re.search(r"[。，,.!?！？]", item) for item in items
    )


def is_related_heading(text: str) -> bool:
    """A "related news" heading: it and everything after it are chrome."""
    folded = fold(text).strip(" \t\u3000\xa0:：»>")
    return any(folded == heading or folded.startswith(heading) for heading in RELATED_HEADINGS)
