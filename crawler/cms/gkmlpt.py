"""广东 政府信息公开目录平台 (gkmlpt): the column list is JSON from ``/gkmlpt/api/all/<column>?page=N&sid=<site>``.

The page ``…/gkmlpt/index#<column>`` is an empty shell filled by script; its data
service answers ``{"classify": {"id": 2972, "post_count": 23, …}, "articles": [{"title": …,
"url": "…/gkmlpt/content/…/post_<id>.html", "first_publish_time": 1642991234, …}], "total": 23}``.
A registry entry for such a portal gives the API URL as its list page.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from . import with_page

API = re.compile(r"/gkmlpt/api/all/\d+")
PAGE = re.compile(r"([?&]page=)(\d+)")


def is_api(url: str) -> bool:
    """True for a gkmlpt list-data URL.

    >>> is_api("http://www.gdhf.gov.cn/gdhf/gkmlpt/api/all/2972?page=1&sid=755031")
    True
    """
    return bool(API.search(url))


def _date(article: dict) -> str | None:
    for key in ("first_publish_time", "publish_time", "created_at", "date"):
        value = article.get(key)
        if isinstance(value, int | float) and value > 0:
            return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d")
        if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
            return value[:10]
    return None


def parse_api(
    text: str, url: str, limit: int = 500, seen: int = 0
) -> tuple[list[tuple[str, str, str | None]], str | None]:
    """(url, title, date) of every article in one API answer, and the next page's URL (None at the end).

    ``seen`` is how many articles the pages before this one held; the walk ends when
    they and this page's reach the total the service announces, or at an empty page.

    >>> links, following = parse_api('{"articles": [{"title": "2021年政府信息公开工作年度报告", '
    ...     '"url": "http://h/gkmlpt/content/1/post_9.html", "first_publish_time": 1642991234}], "total": 2}',
    ...     "http://h/gkmlpt/api/all/5?page=1&sid=2")
    >>> links, following
    ([('http://h/gkmlpt/content/1/post_9.html', '2021年政府信息公开工作年度报告', '2022-01-24')], \
'http://h/gkmlpt/api/all/5?page=2&sid=2')
    """
    try:
        data = json.loads(text)
    except ValueError:
        return [], None
    articles = data.get("articles") or [] if isinstance(data, dict) else []
    links = [(a["url"], " ".join(str(a.get("title", "")).split()), _date(a)) for a in articles
             if isinstance(a, dict) and a.get("url")]  # fmt: skip
    total = data.get("total") or (data.get("classify") or {}).get("post_count")
    m = PAGE.search(url)
    page = int(m[2]) if m else 1
    more = bool(articles) and (total is None or seen + len(articles) < int(total)) and page < limit
    following = with_page(PAGE, url, page + 1) if (more and m) else None
    return links, following
