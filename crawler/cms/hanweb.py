"""Hanweb 大汉 JCMS: column pages whose list is a ``<datastore>`` paged through ``dataproxy.jsp``.

A column page ``/col/col<columnid>/index.html`` carries its first records inline::

    <div id="4039547"><script type="text/xml"><datastore>
      <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=…&columnid=…&unitid=…"></a>]]></nextgroup>
      <recordset>
        <record><![CDATA[<li><a href="/art/2023/1/12/art_1229711376_69164.html" title="…年度报告">…</a><span>2023-01-12</span></li>]]></record>
      </recordset></datastore></script></div>
    <script>var param_4039547 = {col:1,appid:1,webid:3504,path:'/',columnid:1229711376,unitid:'4039547',
            webname:'…',permissiontype:0};
      $('#4039547').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp', perPage:15, totalRecord:67, groupSize:3, …});</script>

The rest comes from ``POST /module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15``
with the ``param_…`` object as form fields; the answer is the same ``<datastore>`` XML
(often with ``<totalrecord>``).  Articles are ``/art/YYYY/M/D/art_<columnid>_<id>.html``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlparse

from parsel import Selector

from ..links import report_links

RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=[\"']([^\"']+)[\"']", re.S | re.I)
TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
PARAM = re.compile(r"\bparam_(\w+)\s*=\s*\{(.*?)\}", re.S)
JPAGE = re.compile(r"""\(\s*['"]#(\w+)['"]\s*\)\s*\.jpage\(\s*\{(.*?)\}\s*\)""", re.S)
PAIR = re.compile(r"""(\w+)\s*:\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,}\s]+)""")
PROXY = "/module/web/jpage/dataproxy.jsp"
# form fields dataproxy.jsp reads; anything else in a param_ object (or a nextgroup link) is left out
FORM_FIELDS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname",
               "permissiontype")  # fmt: skip


def _object(text: str) -> dict[str, str]:
    """The key/value pairs of a JavaScript object literal's body (``a:1, b:'x'``)."""
    return {k: v.strip("'\"") for k, v in PAIR.findall(text)}


def records(text: str) -> list[str]:
    """The HTML of every ``<record>`` in a page's or a dataproxy answer's ``<datastore>``.

    >>> records("<datastore><recordset><record><![CDATA[<li><a href='/art/1.html'>x</a></li>]]></record>"
    ...         "</recordset></datastore>")
    ["<li><a href='/art/1.html'>x</a></li>"]
    """
    return [r.strip() for r in RECORD.findall(text)]


def records_selector(text: str) -> Selector | None:
    """One selector over all records of a datastore, so list-page link rules apply to them; None if none.

    >>> records_selector("<record><![CDATA[<li><a href='/a.html'>t</a></li>]]></record>").css("a::attr(href)").get()
    '/a.html'
    """
    return _selector(records(text))


def _selector(found: list[str]) -> Selector | None:
    return Selector(text="<ul>" + "".join(found) + "</ul>") if found else None


def find_reports(text: str, base_url: str, page: Selector | None = None
                 ) -> tuple[list[tuple[str, str, str | None]], int]:  # fmt: skip
    """(url, title, date) of every report link of a page (``page``, when given) and of the datastore
    records in its ``text``, each URL once; and how many records there were.

    >>> find_reports("<datastore><totalrecord>2</totalrecord><recordset><record><![CDATA[<li><a href='/art/1.html' "
    ...              "title='某乡2022年政府信息公开工作年度报告'>x</a></li>]]></record></recordset></datastore>", "http://h/")
    ([('http://h/art/1.html', '某乡2022年政府信息公开工作年度报告', None)], 1)
    """
    found = records(text)
    links = report_links(page, base_url) if page is not None else []
    inline = _selector(found)
    if inline is not None:
        links += report_links(inline, base_url)
    return list(dict.fromkeys(links)), len(found)


def total_records(text: str) -> int | None:
    """``<totalrecord>`` of a dataproxy answer, when it says.

    >>> total_records("<datastore><totalrecord>67</totalrecord></datastore>")
    67
    """
    m = TOTAL.search(text)
    return int(m[1]) if m else None


@dataclass
class JPage:
    """One jpage list unit of a Hanweb column page: where and how to ask for its further records."""

    unit: str
    proxy_url: str
    form: dict[str, str] = field(default_factory=dict)
    per_page: int = 15
    group_size: int = 3
    total: int | None = None
    loaded: int = 0  # records already inline on the column page

    def group_url(self, start: int) -> str:
        """The dataproxy URL for the group of records starting at ``start`` (1-based).

        >>> JPage("9", "http://h/module/web/jpage/dataproxy.jsp", total=100, per_page=10).group_url(91)
        'http://h/module/web/jpage/dataproxy.jsp?startrecord=91&endrecord=100&perpage=10'
        """
        end = start + self.per_page * self.group_size - 1
        if self.total is not None:
            end = min(end, self.total)
        return f"{self.proxy_url}?startrecord={start}&endrecord={end}&perpage={self.per_page}"

    def starts(self) -> list[int]:
        """First record of every group still to fetch; with no total known, only the next group.

        >>> JPage("9", "p", per_page=10, total=100, loaded=30).starts()
        [31, 61, 91]
        """
        step = self.per_page * self.group_size
        first = self.loaded + 1
        if self.total is None:
            return [first]
        return list(range(first, self.total + 1, step))


def jpages(text: str, base_url: str) -> list[JPage]:
    """Every jpage unit on a column page, from its ``$('#unit').jpage({...})`` call, ``param_unit``
    object and inline ``<nextgroup>`` link (whichever are there).

    >>> [(j.unit, j.per_page, j.total, j.form["columnid"]) for j in jpages(
    ...     "<div id='9'><script type='text/xml'><datastore><recordset></recordset></datastore></script></div>"
    ...     "<script>var param_9={col:1,webid:3,path:'/',columnid:1229711376,unitid:'9'};"
    ...     "$('#9').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp',perPage:15,totalRecord:67});</script>",
    ...     "http://h/col/col1229711376/index.html")]
    [('9', 15, 67, '1229711376')]
    """
    params = {unit: _object(body) for unit, body in PARAM.findall(text)}
    configs = {unit: _object(body) for unit, body in JPAGE.findall(text)}
    # inline datastores, each inside the div of its unit
    stores: dict[str, tuple[int, dict[str, str]]] = {}
    for m in re.finditer(r"<div[^>]*\bid=[\"']?(\w+)[\"']?[^>]*>\s*<script[^>]*>\s*(<datastore>.*?</datastore>)",
                         text, re.S | re.I):  # fmt: skip
        inline = m[2]
        link = NEXTGROUP.search(inline)
        query = dict(parse_qsl(urlparse(link[1]).query)) if link else {}
        stores[m[1]] = (len(records(inline)), query)
    units = list(dict.fromkeys([*configs, *params, *stores]))
    out = []
    for unit in units:
        config = configs.get(unit, {})
        loaded, query = stores.get(unit, (0, {}))
        form = {k: v for k, v in {**query, **params.get(unit, {})}.items() if k in FORM_FIELDS}
        if "columnid" not in form:
            continue  # not a list we can page
        form.setdefault("unitid", unit)
        total = config.get("totalRecord") or config.get("totalrecord")
        out.append(
            JPage(
                unit=unit,
                proxy_url=urljoin(base_url, config.get("proxyUrl") or PROXY),
                form=form,
                per_page=int(config.get("perPage") or config.get("perpage") or 15),
                group_size=int(config.get("groupSize") or config.get("groupsize") or 3),
                total=int(total) if total and total.isdigit() else None,
                loaded=loaded,
            )
        )
    return out
