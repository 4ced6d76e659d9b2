"""TRS WCM (拓尔思): list pages ``index.html``, ``index_1.html`` … counted by a ``createPageHTML`` script.

Two call forms are in use on real portals, each with literal or variable arguments:

* ``createPageHTML(3, 0, "index", "html")`` — page count, current page (from 0),
  file name, extension.  Pages are ``index.html``, ``index_1.html`` …
  ``index_2.html``.  Often the numbers are variables set just above:
  ``var countPage = 3`` … ``createPageHTML(countPage, currentPage, "index", "html")``.
* ``createPageHTML('page_div', 10, 1, 'list', 'shtml', 189)`` — a container id
  first, then page count, current page (from 1), file name, extension, record
  count.  Pages are ``list.shtml``, ``list_2.shtml`` … ``list_10.shtml``.

Article pages are ``…/YYYYMM/tYYYYMMDD_<id>.html`` with the body in ``div.TRS_Editor``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

CALL = re.compile(r"createPageHTML\s*\(([^()]*)\)", re.I)
ASSIGN = re.compile(r"\b([A-Za-z_$][\w$]*)\s*=\s*(\d+)\b")
TOKEN = re.compile(r"'([^']*)'|\"([^\"]*)\"|([^,\s][^,]*?)\s*(?:,|$)")


def _arguments(args: str, variables: dict[str, int]) -> list[int | str | None]:
    """Each argument of a call: a quoted string, an integer, a variable's integer, or None."""
    out: list[int | str | None] = []
    for single, double, bare in TOKEN.findall(args):
        if bare:
            bare = bare.strip()
            out.append(int(bare) if bare.isdigit() else variables.get(bare))
        else:
            out.append(single if single or not double else double)
    return out


def page_urls(scripts: str, base_url: str, limit: int = 500) -> list[str]:
    """URLs of every further list page announced by ``createPageHTML`` calls in ``scripts``.

    >>> page_urls('var countPage = 3//共多少页\\ncreatePageHTML(countPage, 0, "index", "html");',
    ...           "http://h/xxgk/zfxxgknb/index.html")
    ['http://h/xxgk/zfxxgknb/index_1.html', 'http://h/xxgk/zfxxgknb/index_2.html']
    >>> page_urls("createPageHTML('page_div',3, 1,'list','shtml',45);", "http://h/a/list.shtml")
    ['http://h/a/list_2.shtml', 'http://h/a/list_3.shtml']
    """
    variables = {name: int(value) for name, value in ASSIGN.findall(scripts)}
    urls: list[str] = []
    for call in CALL.finditer(scripts):
        args = _arguments(call[1], variables)
        if len(args) >= 5 and isinstance(args[0], str) and isinstance(args[1], int):
            count, name, ext = args[1], args[3], args[4]  # ('page_div', count, current, name, ext, rows)
            pages = range(2, min(count, limit) + 1)
        elif len(args) >= 4 and isinstance(args[0], int):
            count, name, ext = args[0], args[2], args[3]  # (count, current, name, ext)
            pages = range(1, min(count, limit))
        else:
            continue  # the function's own definition, or arguments we cannot resolve
        if not (isinstance(name, str) and isinstance(ext, str) and name and ext):
            continue
        urls.extend(urljoin(base_url, f"{name}_{i}.{ext}") for i in pages)
    return list(dict.fromkeys(urls))


def next_pages(sel: Selector, base_url: str, limit: int = 500) -> list[str]:
    """The list pages a TRS pager script announces on this page (none when there is no such script).

    >>> next_pages(Selector('<script>createPageHTML(2, 0, "index", "shtml");</script>'), "http://h/c/")
    ['http://h/c/index_1.shtml']
    """
    return page_urls("\n".join(sel.css("script::text").getall()), base_url, limit)


def body_text(sel: Selector) -> str | None:
    """The text of a TRS article body (``div.TRS_Editor``), or None when the page has none.

    >>> body_text(Selector('<div class="TRS_Editor"><p>详见附件。</p></div>'))
    '详见附件。'
    """
    editors = sel.css(".TRS_Editor")
    if not editors:
        return None
    texts = editors.xpath(".//text()[not(ancestor::style) and not(ancestor::script)]").getall()
    return "".join("".join(texts).split())
