"""Build the static demo disclosure portal (demo/portal/) from the five seed reports.

The portal imitates a TRS WCM government site ("明湖区人民政府", fictional) whose column
政府信息公开年报 lists the five real reports in /work/shared/seeds plus four look-alike decoy
articles.  Report text and numbers come from the seeds; everything else (chrome, URLs, 索引号,
decoy articles) is invented.  See demo/README.md.

Usage (from the repository root):

    python demo/build_portal.py            # seeds from ../shared/seeds, writes demo/portal/
    python demo/build_portal.py --seeds DIR --out DIR

The 齐都镇 report (seed 003) is published only as a .docx attachment; that file is written by
demo/build_docx.py, not by this script.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = Path(os.environ.get("DEMO_SEEDS_DIR", HERE.parent.parent / "shared" / "seeds"))
DEFAULT_OUT = HERE / "portal"

SITE = "明湖区人民政府"
SITE_ID_CODE = "3799000042"
COLUMN = "政府信息公开年报"
COLUMN_PATH = "xxgk/xxgknb"
DOCX_NAME = "P020180115123456.docx"

NAV = [
    ("首页", "index.html"),
    ("走进明湖", "zjmh/index.html"),
    ("政务公开", "zwgk/index.html"),
    ("政府信息公开", "xxgk/index.html"),
    ("办事服务", "bsfw/index.html"),
    ("互动交流", "hdjl/index.html"),
]
XXGK_LEFT = [
    ("政府信息公开指南", "xxgk/xxgkzn/index.html"),
    ("政府信息公开制度", "xxgk/xxgkzd/index.html"),
    ("法定主动公开内容", "xxgk/fdzdgknr/index.html"),
    ("政府信息公开年报", "xxgk/xxgknb/index.html"),
    ("依申请公开", "xxgk/ysqgk/index.html"),
]

TRS_STYLE = (
    '<style type="text/css">\n'
    ".TRS_Editor P{margin-top:0;margin-bottom:0;line-height:2;font-family:宋体;font-size:12pt;}"
    ".TRS_Editor DIV{margin-top:0;margin-bottom:0;line-height:2;font-family:宋体;font-size:12pt;}"
    ".TRS_Editor TD{margin-top:0;margin-bottom:0;line-height:1.5;font-family:宋体;font-size:10.5pt;}"
    ".TRS_Editor TH{margin-top:0;margin-bottom:0;line-height:1.5;font-family:宋体;font-size:10.5pt;}"
    ".TRS_Editor{line-height:2;font-family:宋体;font-size:12pt;}\n"
    "</style>"
)

ON = ' class="on"'
HEADING_RE = re.compile(r"^[\s\u00a0\u3000]*[一二三四五六七八九十]+、")
NUM_RE = re.compile(r"^-?\d+(\.\d+)?$")


# ---------------------------------------------------------------- helpers


def esc(text: str) -> str:
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;")


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def blank(line: str) -> bool:
    return line.strip() == ""


def clean(line: str) -> str:
    """Drop extraction artefacts, keep the text (incl. nbsp / ideographic-space indents)."""
    return line.replace("[bookmark: _GoBack]", "").strip(" \t\r\n")


def para(text: str, center: bool = False) -> str:
    if center:
        return f'<p style="text-align: center;"><strong>{esc(text)}</strong></p>'
    if HEADING_RE.match(text) and len(text.strip()) <= 40:
        return f'<p style="text-indent: 2em;"><strong>{esc(text)}</strong></p>'
    return f'<p style="text-indent: 2em;">{esc(text)}</p>'


def td(text: str, rowspan: int = 1, colspan: int = 1, center: bool = False) -> str:
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if center:
        attrs += ' style="text-align: center;"'
    return f"<td{attrs}>{esc(text)}</td>"


def table(rows: list[list[str]]) -> str:
    body = "\n".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
    return (
        '<table border="1" cellspacing="0" cellpadding="0" width="100%" '
        'style="border-collapse: collapse;">\n<tbody>\n' + body + "\n</tbody>\n</table>"
    )


def seed_file(seeds: Path, prefix: str) -> Path:
    found = sorted(seeds.glob(f"{prefix}_*.txt"))
    if len(found) != 1:
        raise SystemExit(f"expected one seed {prefix}_*.txt in {seeds}, found {found}")
    return found[0]


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


# ---------------------------------------------------------------- model


@dataclass
class Article:
    title: str
    agency: str
    pub: str  # "YYYY-MM-DD HH:MM[:SS]" as printed on the page
    written: str  # 成文日期 YYYY-MM-DD
    doc_id: str
    index_no: str
    category: str
    blocks: list[str]
    attachments: list[tuple[str, str | None]] = field(default_factory=list)
    jiedu: list[tuple[str, str]] = field(default_factory=list)  # (title, href) under 文字解读
    related: list[tuple[str, str]] = field(default_factory=list)  # 相关文件 links
    seed: str | None = None
    wenhao: str = ""

    @property
    def date(self) -> str:
        return self.pub[:10]

    @property
    def href(self) -> str:
        d = self.date.replace("-", "")
        return f"{d[:6]}/t{d}_{self.doc_id}.html"


# ---------------------------------------------------------------- seeds


def build_000(seeds: Path) -> Article:
    lines = read_lines(seed_file(seeds, "000"))
    t1, t2 = clean(lines[0]), clean(lines[1])
    blocks = [para(t1, center=True), para(t2, center=True)]
    blocks += [para(clean(x)) for x in lines[2:] if not blank(clean(x))]
    return Article(
        title=t1 + t2,
        agency="曲阜市鲁城街道办事处",
        pub="2018-01-25 09:31:18",
        written="2018-01-25",
        doc_id="1533470",
        index_no="11370881004350921M/2018-00004",
        category=COLUMN,
        blocks=blocks,
        seed=seed_file(seeds, "000").name,
    )


def build_001(seeds: Path) -> Article:
    lines = read_lines(seed_file(seeds, "001"))
    title = clean(lines[0])
    m = re.search(r"时间:\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?)", lines[1])
    assert m, lines[1]
    items = [clean(x) for x in lines[2:]]
    items = [x for x in items if not blank(x)]
    # the scraped page chrome at the end (附件下载 / 扫一扫 / 相关解读 ...) is re-created by the template
    items = items[: items.index("附件下载")]
    blocks: list[str] = []
    i = 0
    while i < len(items):
        if items[i] == "指标名称":
            header = items[i : i + 4]
            assert header == ["指标名称", "计量单位", "2017年度", "历年累计"], header
            rows = [[td(h, center=True) for h in header]]
            i += 4
            while i + 2 < len(items) and NUM_RE.match(items[i + 1]) and NUM_RE.match(items[i + 2]):
                label, v1, v2 = items[i : i + 3]
                # 计量单位 cells were empty in the source table
                rows.append([td(label), td(""), td(v1, center=True), td(v2, center=True)])
                i += 3
            blocks.append(table(rows))
            continue
        blocks.append(para(items[i]))
        i += 1
    return Article(
        title=title,
        agency="鲤城区江南街道办事处",
        pub=m.group(1),
        written="2017-12-31",
        doc_id="1512384",
        index_no="11350502003628417K/2018-00001",
        category=COLUMN,
        blocks=blocks,
        seed=seed_file(seeds, "001").name,
    )


def build_002(seeds: Path) -> Article:
    lines = read_lines(seed_file(seeds, "002"))
    title = clean(lines[0])
    m = re.search(r"发布时间:\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})", lines[1])
    assert m, lines[1]
    blocks: list[str] = []
    attachments: list[tuple[str, str | None]] = []
    for raw in lines[2:]:
        x = clean(raw)
        if blank(x):
            continue
        name = x.strip()
        if name.endswith((".doc", ".docx")):
            # attachment links of the original page; the files themselves are not available
            attachments.append((name, None))
            continue
        if name == COLUMN:  # the scraped column label, re-created by the breadcrumb
            continue
        blocks.append(para(x))
    return Article(
        title=title,
        agency="曲阜市政务服务中心管理办公室",
        pub=m.group(1),
        written="2018-01-19",
        doc_id="1538207",
        index_no="11370881MB2853706F/2018-00003",
        category=COLUMN,
        blocks=blocks,
        attachments=attachments,
        seed=seed_file(seeds, "002").name,
    )


def build_003(seeds: Path) -> Article:
    lines = read_lines(seed_file(seeds, "003"))
    title = clean(lines[0])
    return Article(
        title=title,
        agency="临淄区齐都镇人民政府",
        pub="2018-01-15 15:06:27",
        written="2018-01-15",
        doc_id="1525116",
        index_no="11370305004312854R/2018-00002",
        category=COLUMN,
        blocks=[para(f"{title}详见附件。")],
        attachments=[(f"{title}.docx", f"./{DOCX_NAME}")],
        seed=seed_file(seeds, "003").name,
    )


def _t2_004(rows: list[list[str]]) -> str:
    """表二 (2019 format): five 第二十条 blocks; （八）/（九） have a 2-wide last column."""
    out = []
    for cells in rows:
        if cells[0].startswith("第二十条"):
            assert not any(cells[1:]), cells
            out.append([td(cells[0], colspan=4)])
        elif (len(cells) == 4 and cells[3] == "") or len(cells) == 3:
            first = [td(cells[0], center=True), td(cells[1], center=True)]
            out.append(first + [td(cells[2], colspan=2, center=True)])
        else:
            assert len(cells) == 4, cells
            out.append([td(c, center=True) for c in cells])
    return table(out)


def _t3_004(rows: list[list[str]]) -> str:
    """表三: 3-row header, 7 value columns, rowspan'd parent labels as in the official template."""
    h1, h2, h3 = rows[0], rows[1], rows[2]
    out = [
        [td(h1[0], rowspan=3, colspan=3), td(h1[2], colspan=7, center=True)],
        [
            td(h2[2], rowspan=2, center=True),
            td(h2[3], colspan=5, center=True),
            td(h1[8], rowspan=2, center=True),
        ],
        [td(c, center=True) for c in h3[3:8]],
    ]
    data = []
    for cells in rows[3:]:
        first = next(i for i, c in enumerate(cells) if NUM_RE.match(c))
        labels = [c for c in cells[:first] if c]
        values = cells[first : first + 7]
        values += [""] * (7 - len(values))
        assert all(NUM_RE.match(v) or v == "" for v in values), cells
        assert sum(bool(NUM_RE.match(c)) for c in cells) == sum(bool(v) for v in values), cells
        data.append((labels, values))

    def is_child(label: str) -> bool:
        return re.match(r"^\d+\.", label) is not None

    start3 = next(i for i, (lab, _) in enumerate(data) if lab[0].startswith("三、"))
    end3 = next(i for i, (lab, _) in enumerate(data) if lab[-1].startswith("(七)"))
    for i, (labels, values) in enumerate(data):
        labels = list(labels)
        tds = []
        if labels[0].startswith(("一、", "二、", "四、")):
            tds.append(td(labels.pop(0), colspan=3))
        else:
            if labels[0].startswith("三、"):
                tds.append(td(labels.pop(0), rowspan=end3 - start3 + 1))
            if len(labels) == 2:  # parent (（三）/（四）/（五）) + first child
                n = 1
                while i + n < len(data) and len(data[i + n][0]) == 1 and is_child(data[i + n][0][0]):
                    n += 1
                tds.append(td(labels.pop(0), rowspan=n))
                tds.append(td(labels.pop(0)))
            elif is_child(labels[0]):
                tds.append(td(labels.pop(0)))
            else:
                tds.append(td(labels.pop(0), colspan=2))
        assert not labels, labels
        tds += [td(v, center=True) for v in values]
        out.append(tds)
    return table(out)


def _t4_004(rows: list[list[str]]) -> str:
    """表四: 行政复议 (5) | 行政诉讼 (10 = 未经复议直接起诉 5 + 复议后起诉 5), one row of 15 values."""
    r0, r1, r2, r3 = rows
    assert len(r3) == 15 and all(NUM_RE.match(v) for v in r3), r3
    return table(
        [
            [td(r0[0], colspan=5, center=True), td(r0[5], colspan=10, center=True)],
            [td(c, rowspan=2, center=True) for c in r1[0:5]]
            + [td(r1[5], colspan=5, center=True), td(r1[10], colspan=5, center=True)],
            [td(c, center=True) for c in r2[5:15]],
            [td(v, center=True) for v in r3],
        ]
    )


def build_004(seeds: Path) -> Article:
    lines = read_lines(seed_file(seeds, "004"))
    lines = lines[next(i for i, x in enumerate(lines) if not blank(x)) :]
    title = clean(lines[0])

    def find(pred) -> int:
        return next(i for i, x in enumerate(lines) if pred(x))

    t2 = (find(lambda x: x.startswith("第二十条第（一）项")), find(lambda x: x.startswith("--------")))
    t3 = (find(lambda x: x.startswith("(本列数据的勾稽关系")), find(lambda x: x.startswith("四、结转下年度")))
    t4s = find(lambda x: x.startswith("行政复议\t"))
    t4 = (t4s, t4s + 3)

    def rows(span: tuple[int, int]) -> list[list[str]]:
        a, b = span
        out = []
        for x in lines[a : b + 1]:
            if blank(x) or x.startswith("--------"):  # empty line / text-table rule: not content
                continue
            out.append([c.strip() for c in x.split("\t")])
        return out

    blocks = [para(title, center=True)]
    i = 1
    while i < len(lines):
        if i == t2[0]:
            blocks.append(_t2_004(rows(t2)))
            i = t2[1] + 1
        elif i == t3[0]:
            blocks.append(_t3_004(rows(t3)))
            i = t3[1] + 1
        elif i == t4[0]:
            blocks.append(_t4_004(rows(t4)))
            i = t4[1] + 1
        else:
            x = clean(lines[i])
            if not blank(x):
                blocks.append(para(x))
            i += 1
    return Article(
        title=title,
        agency="梁园区前进街道办事处",
        pub="2021-01-20 16:28:44",
        written="2021-01-20",
        doc_id="2864013",
        index_no="11411402005981352T/2021-00006",
        category=COLUMN,
        blocks=blocks,
        seed=seed_file(seeds, "004").name,
    )


# ---------------------------------------------------------------- decoys (invented)


def decoys() -> list[Article]:
    office = "明湖区人民政府办公室"
    org = "11379900MB0000013A"
    return [
        Article(
            title="2018年政务公开工作要点",
            agency=office,
            pub="2018-03-20 17:03:09",
            written="2018-03-16",
            doc_id="1579362",
            index_no=f"{org}/2018-00031",
            category="计划规划",
            wenhao="明政办发〔2018〕9号",
            blocks=[
                para(
                    "为深入贯彻落实中共中央办公厅、国务院办公厅《关于全面推进政务公开工作的意见》和省、市关于"
                    "政务公开工作的部署要求，进一步提升政务公开工作质量和实效，现将2018年全区政务公开工作要点"
                    "通知如下。"
                ),
                para(
                    "一、围绕重点领域推进决策、执行、管理、服务、结果公开。各部门、各街道要按照“公开为常态、"
                    "不公开为例外”的原则，重点做好财政预决算、重大建设项目批准和实施、公共资源配置、社会公益事业"
                    "建设等领域的信息公开工作。"
                ),
                para(
                    "二、加强政策解读和回应关切。坚持政策性文件与解读方案、解读材料同步组织、同步审签、同步部署，"
                    "对涉及群众切身利益的重要政策，及时通过新闻发布会、在线访谈等形式进行解读。"
                ),
                para(
                    "三、夯实政务公开工作基础。各部门要按时通过门户网站发布本机关上一年度政府信息公开工作年度报告，"
                    "并做好政府信息公开目录和指南的动态更新。"
                ),
            ],
        ),
        Article(
            title="2017年法治政府建设年度报告",
            agency=SITE,
            pub="2018-02-08 11:47:52",
            written="2018-02-06",
            doc_id="1544915",
            index_no=f"{org}/2018-00019",
            category="工作报告",
            blocks=[
                para(
                    "2017年，在区委的坚强领导下，区政府深入贯彻落实《法治政府建设实施纲要（2015－2020年）》，"
                    "坚持依法全面履行政府职能，法治政府建设各项工作取得积极进展。现将有关情况报告如下。"
                ),
                para(
                    "一、依法全面履行政府职能。深化行政审批制度改革，全面公布区级部门权责清单，推行“双随机、"
                    "一公开”监管，持续优化营商环境。"
                ),
                para(
                    "二、推进行政决策科学化、民主化、法治化。落实重大行政决策公众参与、专家论证、风险评估、"
                    "合法性审查和集体讨论决定制度，充分发挥政府法律顾问作用。"
                ),
                para(
                    "三、下一步工作打算。区政府将进一步加强行政执法规范化建设，全面落实行政执法责任制，"
                    "不断提升法治政府建设水平。"
                ),
            ],
        ),
        Article(
            title="《2017年政府信息公开工作年度报告》解读",
            agency="鲤城区江南街道办事处",
            pub="2018-01-04 10:02:41",
            written="2018-01-04",
            doc_id="1513907",
            index_no="11350502003628417K/2018-00002",
            category="政策解读",
            blocks=[
                para(
                    "近日，鲤城区江南街道办事处发布了《江南街道办事处2017年政府信息公开工作年度报告》。"
                    "为便于公众更好地了解报告内容，现就有关情况解读如下。"
                ),
                para(
                    "一、报告的主要内容。报告由概述、主动公开政府信息情况、政府信息依申请公开办理情况、"
                    "因政府信息公开申请行政复议和提起行政诉讼情况、存在的主要问题及改进措施、需要说明的其他事项"
                    "及附表等部分组成。"
                ),
                para(
                    "二、报告的主要特点。报告围绕组织领导、公开机制、公开渠道等方面总结了街道全年政府信息公开工作，"
                    "并对下一步加大宣传力度、建强工作队伍、完善工作机制作出了安排。"
                ),
            ],
        ),
        Article(
            title="关于做好2017年政府信息公开工作年度报告编制发布工作的通知",
            agency=office,
            pub="2017-12-20 16:20:05",
            written="2017-12-19",
            doc_id="1496532",
            index_no=f"{org}/2017-00112",
            category="通知公告",
            wenhao="明政办字〔2017〕57号",
            blocks=[
                '<p style="text-indent: 0;">各街道办事处、镇人民政府，区政府各部门：</p>',
                para(
                    "根据《中华人民共和国政府信息公开条例》规定，各行政机关应当公布本机关上一年度政府信息公开工作"
                    "年度报告。为做好我区2017年政府信息公开工作年度报告编制发布工作，现将有关事项通知如下："
                ),
                para(
                    "一、各单位要认真总结本机关2017年政府信息公开工作情况，按照统一格式编制年度报告，"
                    "统计数据时限为2017年1月1日至2017年12月31日。"
                ),
                para(
                    "二、年度报告经本单位主要负责同志审定后，于2018年1月31日前在区政府门户网站“政府信息公开年报”"
                    "栏目发布，并将电子版报区政府办公室备案。"
                ),
                '<p style="text-align: right;">明湖区人民政府办公室</p>',
                '<p style="text-align: right;">2017年12月19日</p>',
            ],
        ),
    ]


# ---------------------------------------------------------------- page chrome


def head(rel: str, title: str, extra_meta: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="SiteName" content="{SITE}">
<meta name="SiteIDCode" content="{SITE_ID_CODE}">
{extra_meta}<link rel="stylesheet" type="text/css" href="{rel}css/style.css">
<script type="text/javascript" src="{rel}js/common.js"></script>
</head>
"""


def header(rel: str, active: str) -> str:
    nav = "\n".join(
        f'      <li{ON if name == active else ""}><a href="{rel}{href}">{name}</a></li>' for name, href in NAV
    )
    return f"""<body>
<div class="topbar">
  <div class="w1200">
    <span class="welcome">欢迎访问{SITE}门户网站</span>
    <span class="today"><script type="text/javascript">showToday();</script></span>
    <span class="tools"><a href="javascript:void(0);">无障碍浏览</a> |
      <a href="javascript:void(0);">长者模式</a></span>
  </div>
</div>
<div class="header">
  <div class="w1200">
    <div class="logo"><a href="{rel}index.html"><span class="emblem">明</span>
      <strong>{SITE}</strong></a></div>
    <div class="search">
      <form name="searchform" action="{rel}search/index.html" method="get" target="_blank">
        <input type="text" name="searchword" class="text" placeholder="请输入关键字">
        <input type="submit" class="btn" value="搜索">
      </form>
    </div>
  </div>
</div>
<div class="nav">
  <div class="w1200">
    <ul>
{nav}
    </ul>
  </div>
</div>
"""


def footer(rel: str) -> str:
    return f"""<div class="footer">
  <div class="w1200">
    <div class="dzjg"><span>党政机关</span></div>
    <div class="copy">
      <p>主办单位：明湖区人民政府办公室　　承办单位：明湖区大数据服务中心</p>
      <p>地址：明湖区政通路8号　　邮编：277100　　联系电话：0632-5510000</p>
      <p>网站标识码：{SITE_ID_CODE}　　<a href="javascript:void(0);">鲁ICP备05000000号</a>
        鲁公网安备 37990002000042号</p>
      <p>本站支持IPv6访问　　建议使用1366×768以上分辨率浏览</p>
    </div>
    <div class="ewm-foot">
      <img src="{rel}images/ewm.svg" alt="扫一扫关注明湖发布" width="90" height="90">
      <p>扫一扫 关注“明湖发布”</p>
    </div>
  </div>
</div>
</body>
</html>
"""


def position(rel: str, trail: list[tuple[str, str | None]]) -> str:
    parts = [f'<a href="{rel}index.html">首页</a>']
    for name, href in trail:
        parts.append(f'<a href="{rel}{href}">{name}</a>' if href else f"<span>{name}</span>")
    return '<div class="position">当前位置：' + " &gt; ".join(parts) + "</div>"


XXGK_TRAIL = [("政务公开", "zwgk/index.html"), ("政府信息公开", "xxgk/index.html")]


def left_nav(rel: str, active: str) -> str:
    items = "\n".join(
        f'      <li{ON if name == active else ""}><a href="{rel}{href}">{name}</a></li>'
        for name, href in XXGK_LEFT
    )
    return f"""  <div class="left">
    <div class="left-title">政府信息公开</div>
    <ul class="left-nav">
{items}
    </ul>
  </div>
"""


# ---------------------------------------------------------------- pages


def article_page(a: Article) -> str:
    rel = "../../../"
    meta = (
        f'<meta name="ColumnName" content="{COLUMN}">\n'
        f'<meta name="ColumnType" content="{COLUMN}">\n'
        f'<meta name="ArticleTitle" content="{attr(a.title)}">\n'
        f'<meta name="PubDate" content="{a.pub[:16]}">\n'
        f'<meta name="ContentSource" content="{attr(a.agency)}">\n'
        f'<meta name="Keywords" content="{attr(a.category)}">\n'
        f'<meta name="Description" content="{attr(a.title)}">\n'
    )
    if a.attachments:
        att = "\n".join(
            f'        <li><a href="{attr(href)}" target="_blank">{esc(name)}</a></li>'
            if href
            else f'        <li><span class="fj-name">{esc(name)}</span></li>'
            for name, href in a.attachments
        )
    else:
        att = ""
    jd = "暂无"
    if a.jiedu:
        jd = "".join(f'<a href="{attr(href)}" target="_blank">{esc(t)}</a>' for t, href in a.jiedu)
    related = ""
    if a.related:
        links = "".join(f'<li><a href="{attr(h)}" target="_blank">{esc(t)}</a></li>' for t, h in a.related)
        related = f'    <div class="related"><h4>相关文件</h4><ul>{links}</ul></div>\n'
    body = "\n".join(a.blocks)
    return (
        head(rel, f"{a.title}_{COLUMN}_{SITE}", meta)
        + header(rel, "政府信息公开")
        + f"""<div class="w1200 main">
  {position(rel, XXGK_TRAIL + [(COLUMN, COLUMN_PATH + "/index.html"), ("正文", None)])}
  <div class="xxgk-meta">
    <table class="meta-table" cellspacing="0" cellpadding="0">
      <tr><th>索&nbsp;引&nbsp;号：</th><td>{esc(a.index_no)}</td><th>信息分类：</th><td>{esc(a.category)}</td></tr>
      <tr><th>发布机构：</th><td>{esc(a.agency)}</td><th>成文日期：</th><td>{a.written}</td></tr>
      <tr><th>名&nbsp;&nbsp;&nbsp;&nbsp;称：</th><td colspan="3">{esc(a.title)}</td></tr>
      <tr><th>文&nbsp;&nbsp;&nbsp;&nbsp;号：</th><td>{esc(a.wenhao)}</td><th>发布日期：</th><td>{a.date}</td></tr>
    </table>
  </div>
  <div class="article">
    <div class="title"><h1>{esc(a.title)}</h1></div>
    <div class="info">
      <span>发布时间：{a.pub}</span>
      <span>来源：{esc(a.agency)}</span>
      <span>字号：[<a href="javascript:doZoom(18);">大</a>
        <a href="javascript:doZoom(16);">中</a>
        <a href="javascript:doZoom(14);">小</a>]</span>
    </div>
    <!--ZJEG_RSS.content.begin-->
    <div id="zoom">
<div class="TRS_Editor">{TRS_STYLE}
{body}
</div>
    </div>
    <!--ZJEG_RSS.content.end-->
    <div class="fujian">
      <h4>附件下载</h4>
      <ul>
{att}
      </ul>
    </div>
{related}    <div class="ewm-page">
      <img src="{rel}images/ewm.svg" alt="二维码" width="110" height="110">
      <p>扫一扫在手机上查看当前页面</p>
    </div>
    <div class="xgjd">
      <h4>相关解读</h4>
      <ul class="xgjd-tabs">
        <li><b>文字解读</b>{jd}</li>
        <li><b>图片解读</b>暂无</li>
        <li><b>视频解读</b>暂无</li>
        <li><b>访谈解读</b>暂无</li>
        <li><b>媒体报道</b>暂无</li>
      </ul>
    </div>
    <div class="print">
      <a href="javascript:window.print();">【打印本页】</a>
      <a href="javascript:window.close();">【关闭窗口】</a>
    </div>
  </div>
</div>
"""
        + footer(rel)
    )


def list_page(items: list[Article], page: int, pages: int) -> str:
    rel = "../../"
    lis = "\n".join(
        f'        <li><a href="./{a.href}" title="{attr(a.title)}" target="_blank">{esc(a.title)}</a>'
        f"<span>{a.date}</span></li>"
        for a in items
    )

    def name(i: int) -> str:
        return "index.html" if i == 0 else f"index_{i}.html"

    prev_i, next_i = max(page - 1, 0), min(page + 1, pages - 1)
    fallback = (
        f'      <div class="page" id="pageFallback">共{pages}页　当前第{page + 1}页　'
        f'<a href="{name(0)}">首页</a> <a href="{name(prev_i)}">上一页</a> '
        f'<a href="{name(next_i)}">下一页</a> <a href="{name(pages - 1)}">尾页</a></div>'
    )
    return (
        head(rel, f"{COLUMN}_{SITE}", f'<meta name="ColumnName" content="{COLUMN}">\n')
        + header(rel, "政府信息公开")
        + f"""<div class="w1200 main">
  {position(rel, XXGK_TRAIL + [(COLUMN, COLUMN_PATH + "/index.html")])}
  <div class="clearfix">
{left_nav(rel, COLUMN)}  <div class="right">
      <div class="right-title"><span>{COLUMN}</span></div>
      <ul class="list">
{lis}
      </ul>
{fallback}
      <div class="page-js">
        <script type="text/javascript">createPageHTML({pages}, {page}, "index", "html");</script>
      </div>
    </div>
  </div>
</div>
"""
        + footer(rel)
    )


def column_stub(
    rel: str, title: str, trail: list[tuple[str, str | None]], active_nav: str, content: str, xxgk_left: bool
) -> str:
    left = left_nav(rel, title) if xxgk_left else ""
    cls = "right" if xxgk_left else "full"
    return (
        head(rel, f"{title}_{SITE}", f'<meta name="ColumnName" content="{title}">\n')
        + header(rel, active_nav)
        + f"""<div class="w1200 main">
  {position(rel, trail)}
  <div class="clearfix">
{left}  <div class="{cls}">
      <div class="right-title"><span>{title}</span></div>
{content}
    </div>
  </div>
</div>
"""
        + footer(rel)
    )


def home_page(latest: list[Article], news: list[Article]) -> str:
    rel = "./"

    def li(a: Article) -> str:
        return (
            f'        <li><a href="./{COLUMN_PATH}/{a.href}" title="{attr(a.title)}" target="_blank">'
            f"{esc(a.title)}</a><span>{a.date[5:]}</span></li>"
        )

    latest_li = "\n".join(li(a) for a in latest)
    news_li = "\n".join(li(a) for a in news)
    gk = "\n".join(f'        <li><a href="./{href}">{name}</a></li>' for name, href in XXGK_LEFT)
    return (
        head(rel, f"{SITE}门户网站", '<meta name="ColumnName" content="首页">\n')
        + header(rel, "首页")
        + f"""<div class="w1200 main home">
  <div class="banner"><h2>明湖区人民政府</h2><p>公开　透明　服务　便民</p></div>
  <div class="clearfix">
    <div class="box box-l">
      <div class="box-title"><span>政务要闻</span>
        <a class="more" href="./zwgk/index.html">更多&gt;&gt;</a></div>
      <ul class="news">
{news_li}
      </ul>
    </div>
    <div class="box box-r">
      <div class="box-title"><span>政府信息公开</span>
        <a class="more" href="./xxgk/index.html">更多&gt;&gt;</a></div>
      <ul class="gk-entry">
{gk}
      </ul>
    </div>
  </div>
  <div class="clearfix">
    <div class="box box-l">
      <div class="box-title"><span>政府信息公开年报</span>
        <a class="more" href="./{COLUMN_PATH}/index.html">更多&gt;&gt;</a></div>
      <ul class="news">
{latest_li}
      </ul>
    </div>
    <div class="box box-r">
      <div class="box-title"><span>扫一扫</span></div>
      <div class="ewm-home">
        <img src="./images/ewm.svg" alt="明湖发布" width="120" height="120">
        <p>扫一扫 关注“明湖发布”微信公众号</p>
      </div>
    </div>
  </div>
  <div class="box hdjl">
    <div class="box-title"><span>互动交流</span></div>
    <ul class="hd-entry">
      <li><a href="./hdjl/index.html">区长信箱</a></li>
      <li><a href="./hdjl/index.html">在线咨询</a></li>
      <li><a href="./hdjl/index.html">征集调查</a></li>
      <li><a href="./hdjl/index.html">在线访谈</a></li>
    </ul>
  </div>
</div>
"""
        + footer(rel)
    )


# ---------------------------------------------------------------- static assets


# css/style.css and js/common.js are hand-written static files kept in demo/portal/.


def qr_svg(size: int = 25) -> str:
    """A QR-looking placeholder (not a decodable code): finder squares + deterministic noise."""
    rnd = random.Random(42)
    cells = [[rnd.random() < 0.45 for _ in range(size)] for _ in range(size)]
    for oy, ox in ((0, 0), (0, size - 7), (size - 7, 0)):
        for y in range(7):
            for x in range(7):
                ring = max(abs(y - 3), abs(x - 3))
                cells[oy + y][ox + x] = ring != 2
        for k in range(-1, 8):
            for yy, xx in ((oy + k, ox - 1), (oy + k, ox + 7), (oy - 1, ox + k), (oy + 7, ox + k)):
                if 0 <= yy < size and 0 <= xx < size:
                    cells[yy][xx] = False
    rects = "".join(
        f'<rect x="{x + 2}" y="{y + 2}" width="1" height="1"/>'
        for y in range(size)
        for x in range(size)
        if cells[y][x]
    )
    n = size + 4
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" shape-rendering="crispEdges">'
        f'<rect width="{n}" height="{n}" fill="#fff"/><g fill="#000">{rects}</g></svg>\n'
    )


# ---------------------------------------------------------------- main


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build(seeds: Path, out: Path) -> list[Path]:
    r000, r001, r002, r003, r004 = (
        build_000(seeds),
        build_001(seeds),
        build_002(seeds),
        build_003(seeds),
        build_004(seeds),
    )
    d_yd, d_fz, d_jd, d_tz = decoys()
    # cross links: 江南街道 report <-> its 解读 (both in 201801/)
    r001.jiedu = [(d_jd.title, "./" + d_jd.href.split("/")[1])]
    d_jd.related = [(r001.title, "./" + r001.href.split("/")[1])]

    reports = [r000, r001, r002, r003, r004]
    everything = reports + [d_yd, d_fz, d_jd, d_tz]
    written: list[Path] = []

    def put(rel_path: str, text: str) -> None:
        p = out / rel_path
        write(p, text)
        written.append(p)

    for a in everything:
        put(f"{COLUMN_PATH}/{a.href}", article_page(a))

    # list pages, newest first: three reports + two decoys on each page... (3 + 2, then 2 + 2)
    page1 = sorted([r004, r002, r000, d_yd, d_fz], key=lambda a: a.pub, reverse=True)
    page2 = sorted([r003, r001, d_jd, d_tz], key=lambda a: a.pub, reverse=True)
    put(f"{COLUMN_PATH}/index.html", list_page(page1, 0, 2))
    put(f"{COLUMN_PATH}/index_1.html", list_page(page2, 1, 2))

    put("index.html", home_page(latest=[r004, r002, r000, r003, r001], news=[d_yd, d_fz, d_tz]))

    # small column stubs so that every link of the chrome resolves
    empty = '      <ul class="list"></ul>\n      <p class="empty">本栏目暂无信息。</p>'
    for name, href in XXGK_LEFT:
        if href.startswith(COLUMN_PATH):
            continue
        rel = "../../"
        put(href, column_stub(rel, name, XXGK_TRAIL + [(name, href)], "政府信息公开", empty, True))
    xxgk_content = (
        '      <ul class="list">\n'
        + "\n".join(f'        <li><a href="../{href}">{name}</a></li>' for name, href in XXGK_LEFT)
        + "\n      </ul>"
    )
    put("xxgk/index.html", column_stub("../", "政府信息公开", XXGK_TRAIL, "政府信息公开", xxgk_content, True))
    zwgk_content = (
        '      <ul class="list">\n'
        '        <li><a href="../xxgk/index.html">政府信息公开</a></li>\n'
        f'        <li><a href="../{COLUMN_PATH}/{d_yd.href}" title="{d_yd.title}">{d_yd.title}</a>'
        f"<span>{d_yd.date}</span></li>\n"
        "      </ul>"
    )
    put(
        "zwgk/index.html",
        column_stub("../", "政务公开", [("政务公开", "zwgk/index.html")], "政务公开", zwgk_content, False),
    )
    for name, href in NAV[1:]:
        if href in ("zwgk/index.html", "xxgk/index.html"):
            continue
        put(href, column_stub("../", name, [(name, href)], name, empty, False))
    put("search/index.html", column_stub("../", "站内搜索", [("站内搜索", None)], "", empty, False))

    put("images/ewm.svg", qr_svg())
    put("robots.txt", "User-agent: *\nAllow: /\n")
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder with the seed .txt files")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="portal root to write into")
    args = ap.parse_args()
    for p in build(args.seeds, args.out):
        print(p.relative_to(args.out))


if __name__ == "__main__":
    main()
