"""Render real reports' tables into HTML, DOCX, XLSX, PDF (and one .doc), for the cross-format test.

    .venv/bin/python -m tests.render_formats            # writes tests/fixtures/rendered/

Each source report (seed 004 and real 2019/2021 fixtures) is parsed with
``parsers.parse_file``; its title, section headings, the prose of its
narrative sections and its statistics tables are laid out again in the
official template of its format (国办公开办函〔2019〕60号 / 〔2021〕30号), with
real merged header cells (rowspan/colspan), the values being the raw cell
texts the parser read.  A value the source does not show (a truncated page)
is an empty cell: nothing is invented.  The layout is then written as

- ``.html``: a government portal page (header, navigation, breadcrumb, footer)
  with the article in a different CMS container for each report;
- ``.docx``: python-docx, merges as ``w:gridSpan``/``w:vMerge``, ruled tables;
- ``.xlsx``: openpyxl, one sheet, merged ranges, numbers as numbers;
- ``.pdf``: LibreOffice (``soffice --headless --convert-to pdf``) from the .docx,
  so the PDF has ruled tables and a real text layer;
- ``.doc``: LibreOffice from the .docx, for the first report only;
- ``scanned.pdf``: the first page of one PDF rendered to an image and saved
  as an image-only PDF (no text layer), for the ``document.scanned`` check.

``tests/test_extract_formats.py`` parses every rendering and compares its
facts with the source's.  The generated files are committed; run this
script again only when the sources or the writers change.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers import parse_file  # noqa: E402
from parsers.blocks import Cell  # noqa: E402
from parsers.tables import APPLY_COLUMNS, REVIEW_KEYS  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
OUT = FIXTURES / "rendered"
BAD = FIXTURES / "bad"
_PDF = "pdf:writer_pdf_Export:"
PDF_OWNER_PASSWORD = _PDF + json.dumps(
    {
        "RestrictPermissions": {"type": "boolean", "value": "true"},
        "PermissionPassword": {"type": "string", "value": "owner"},
        "EnableCopyingOfContent": {"type": "boolean", "value": "false"},
    }
)
PDF_OPEN_PASSWORD = _PDF + json.dumps(
    {
        "EncryptFile": {"type": "boolean", "value": "true"},
        "DocumentOpenPassword": {"type": "string", "value": "secret"},
    }
)
# (slug, source file, CMS container of the HTML rendering, HTML encoding)
SOURCES: list[tuple[str, Path, str, str]] = [
    ("seed-004", FIXTURES / "seeds" / "004_310a36c5978b6ada.txt", 'div class="TRS_Editor"', "gbk"),
    ("2021-longgang-qbm-2024", FIXTURES / "reports" / "2021-longgang-qbm-2024.txt", 'div id="zoom"', "utf-8"),
    (
        "2021-hezhang-jtj-2021",
        FIXTURES / "reports" / "2021-hezhang-jtj-2021.txt",
        'div class="xxgk_content"',
        "utf-8",
    ),
    (
        "2021-xixian-taiping-2022",
        FIXTURES / "reports" / "2021-xixian-taiping-2022.txt",
        'div id="ivs_content"',
        "utf-8",
    ),
    (
        "2019-shanghai-szfbgt-2019",
        FIXTURES / "reports" / "2019-shanghai-szfbgt-2019.html",
        'div class="main-text"',
        "utf-8",
    ),
]
KINDS = ("html", "docx", "xlsx", "pdf")
FACT_PREFIXES = ("apply.", "active.", "review.", "litigation.")
FIXED_TIME = dt.datetime(2026, 11, 25, 0, 0, 0)


@dataclass
class Block:
    """One block of a rendered report: ``Block("heading", "一、总体情况")`` or a table's cell rows."""

    kind: str  # title | heading | para | table
    text: str = ""
    rows: list[list[Cell]] | None = None
    width: int = 0  # a table's number of grid columns


def facts_of(report: dict) -> dict:
    """The statistics facts of a parsed report (keys ``apply.`` ``active.`` ``review.`` ``litigation.``).

    >>> facts_of({"facts": {"apply.new.total": 3, "series.reviews": 1}})
    {'apply.new.total': 3}
    """
    return {k: v for k, v in report["facts"].items() if k.startswith(FACT_PREFIXES)}


class _Values:
    """Raw cell text of each fact of the source, ``""`` for a fact the source does not show."""

    def __init__(self, report: dict) -> None:
        self.raw = {k: report["provenance"][k]["raw"] for k in facts_of(report)}

    def __call__(self, key: str, colspan: int = 1) -> Cell:
        return Cell(self.raw.get(key, ""), colspan=colspan)

    def row(self, key: str) -> list[Cell]:
        return [self(f"apply.{key}.{c}") for c in APPLY_COLUMNS]

    def has(self, prefix: str) -> bool:
        return any(k.startswith(prefix) for k in self.raw)


def table_active(fmt: str, v: _Values) -> list[list[Cell]]:
    """表二 (主动公开政府信息情况) in the template of ``fmt``, 4 grid columns.

    >>> v = _Values({"facts": {"active.regulation.issued": 0}, "provenance": {"active.regulation.issued": {"raw": "0"}}})
    >>> [c.text for c in table_active("2021", v)[2]]
    ['规章', '0', '', '']
    """

    def section(item: str) -> list[Cell]:
        return [Cell(f"第二十条第（{item}）项", colspan=4)]

    if fmt == "2021":
        return [
            section("一"),
            [Cell("信息内容"), Cell("本年制发件数"), Cell("本年废止件数"), Cell("现行有效件数")],
            [Cell("规章")] + [v(f"active.regulation.{c}") for c in ("issued", "repealed", "in_force")],
            [Cell("行政规范性文件")]
            + [v(f"active.normative_document.{c}") for c in ("issued", "repealed", "in_force")],
            section("五"),
            [Cell("信息内容"), Cell("本年处理决定数量", colspan=3)],
            [Cell("行政许可"), v("active.licensing.decisions", 3)],
            section("六"),
            [Cell("信息内容"), Cell("本年处理决定数量", colspan=3)],
            [Cell("行政处罚"), v("active.penalty.decisions", 3)],
            [Cell("行政强制"), v("active.coercion.decisions", 3)],
            section("八"),
            [Cell("信息内容"), Cell("本年收费金额（单位：万元）", colspan=3)],
            [Cell("行政事业性收费"), v("active.fees.amount", 3)],
        ]
    counts = ("prev_count", "change", "decisions")
    return [
        section("一"),
        [Cell("信息内容"), Cell("本年新制作数量"), Cell("本年新公开数量"), Cell("对外公开总数量")],
        [Cell("规章")] + [v(f"active.regulation.{c}") for c in ("made", "published", "total_published")],
        [Cell("规范性文件")]
        + [v(f"active.normative_document.{c}") for c in ("made", "published", "total_published")],
        section("五"),
        [Cell("信息内容"), Cell("上一年项目数量"), Cell("本年增/减"), Cell("处理决定数量")],
        [Cell("行政许可")] + [v(f"active.licensing.{c}") for c in counts],
        [Cell("其他对外管理服务事项")] + [v(f"active.other_admin_service.{c}") for c in counts],
        section("六"),
        [Cell("信息内容"), Cell("上一年项目数量"), Cell("本年增/减"), Cell("处理决定数量")],
        [Cell("行政处罚")] + [v(f"active.penalty.{c}") for c in counts],
        [Cell("行政强制")] + [v(f"active.coercion.{c}") for c in counts],
        section("八"),
        [Cell("信息内容"), Cell("上一年项目数量"), Cell("本年增/减", colspan=2)],
        [Cell("行政事业性收费"), v("active.fees.prev_count"), v("active.fees.change", 2)],
        section("九"),
        [Cell("信息内容"), Cell("采购项目数量"), Cell("采购总金额", colspan=2)],
        [Cell("政府集中采购"), v("active.procurement.projects"), v("active.procurement.amount", 2)],
    ]


REFUSED = [
    ("state_secret", "1.属于国家秘密"),
    ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("security_stability", "3.危及“三安全一稳定”"),
    ("third_party", "4.保护第三方合法权益"),
    ("internal_affairs", "5.属于三类内部事务信息"),
    ("process_info", "6.属于四类过程性信息"),
    ("enforcement_file", "7.属于行政执法案卷"),
    ("admin_query", "8.属于行政查询事项"),
]
UNAVAILABLE = [
    ("not_held", "1.本机关不掌握相关政府信息"),
    ("needs_creation", "2.没有现成信息需要另行制作"),
    ("unclear", "3.补正后申请内容仍不明确"),
]
NOT_PROCESSED = [
    ("petition", "1.信访举报投诉类申请"),
    ("duplicate", "2.重复申请"),
    ("publication", "3.要求提供公开出版物"),
    ("mass_repeated", "4.无正当理由大量反复申请"),
    ("confirm_reissue", "5.要求行政机关确认或重新出具已获取信息"),
]
OTHER_2021 = [
    ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other", "3.其他"),
]


def table_apply(fmt: str, v: _Values) -> list[list[Cell]]:
    """表三 (收到和处理政府信息公开申请情况): 3 label columns and 7 applicant columns, merged headers.

    >>> rows = table_apply("2021", _Values({"facts": {}, "provenance": {}}))
    >>> len(rows), (rows[0][0].rowspan, rows[0][0].colspan), rows[5][0].text, rows[5][0].rowspan
    (28, (3, 3), '三、本年度办理结果', 22)
    """
    groups: list[tuple[str, str, list[tuple[str, str]]]] = [
        ("refused", "（三）不予公开", REFUSED),
        ("unavailable", "（四）无法提供", UNAVAILABLE),
        ("not_processed", "（五）不予处理", NOT_PROCESSED),
    ]
    body: list[list[Cell]] = [
        [Cell("（一）予以公开", colspan=2)] + v.row("granted"),
        [Cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2)]
        + v.row("partly_granted"),
    ]
    for key, label, items in groups:
        for i, (sub, sub_label) in enumerate(items):
            parent = [Cell(label, rowspan=len(items))] if i == 0 else []
            body.append(parent + [Cell(sub_label)] + v.row(f"{key}.{sub}"))
    if fmt == "2021":
        for i, (sub, sub_label) in enumerate(OTHER_2021):
            parent = [Cell("（六）其他处理", rowspan=len(OTHER_2021))] if i == 0 else []
            body.append(parent + [Cell(sub_label)] + v.row(f"other.{sub}"))
    else:
        body.append([Cell("（六）其他处理", colspan=2)] + v.row("other"))
    body.append([Cell("（七）总计", colspan=2)] + v.row("total"))
    body[0].insert(0, Cell("三、本年度办理结果", rowspan=len(body)))
    return [
        [
            Cell(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3
            ),
            Cell("申请人情况", colspan=7),
        ],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell("商业企业"), Cell("科研机构"), Cell("社会公益组织"), Cell("法律服务机构"), Cell("其他")],
        [Cell("一、本年新收政府信息公开申请数量", colspan=3)] + v.row("new"),
        [Cell("二、上年结转政府信息公开申请数量", colspan=3)] + v.row("carried_over"),
        *body,
        [Cell("四、结转下年度继续办理", colspan=3)] + v.row("carried_forward"),
    ]


def table_review(v: _Values) -> list[list[Cell]]:
    """表四 (行政复议、行政诉讼): 15 columns under two merged header rows.

    >>> [(c.text, c.colspan) for c in table_review(_Values({"facts": {}, "provenance": {}}))[0]]
    [('行政复议', 5), ('行政诉讼', 10)]
    """
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [Cell(r, rowspan=2) for r in results]
        + [Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(r) for r in results] * 2,
        [v(k) for k in REVIEW_KEYS],
    ]


def layout(report: dict) -> list[Block]:
    """The blocks of a rendered report: title, headings, narrative prose, and the three tables.

    >>> report = parse_file(FIXTURES / "reports" / "2021-hezhang-jtj-2021.txt")
    >>> [b.kind for b in layout(report)][:3]
    ['title', 'heading', 'para']
    """
    fmt = report["format"]
    v = _Values(report)
    title = report["title"] or f"{report['report_year']}年政府信息公开工作年度报告"
    blocks = [Block("title", title)]
    tables = {
        "active": ("active.", lambda: table_active(fmt, v), 4),
        "requests": ("apply.", lambda: table_apply(fmt, v), 10),
        "review_litigation": (("review.", "litigation."), lambda: table_review(v), 15),
    }
    done: set[str] = set()
    for section in report["sections"]:
        blocks.append(Block("heading", section["heading"]))
        kind = section["kind"]
        if kind in tables:
            prefix, build, width = tables[kind]
            if any(v.has(p) for p in ((prefix,) if isinstance(prefix, str) else prefix)):
                blocks.append(Block("table", rows=build(), width=width))
                done.add(kind)
            continue
        lines = [x.strip() for x in section["text"].split("\n") if x.strip()]
        lines = [x for x in lines if x != section["heading"] and "|" not in x]
        blocks.extend(Block("para", x) for x in lines[:6])
    for kind, (prefix, build, width) in tables.items():  # tables whose heading the source lacks
        if kind not in done and any(v.has(p) for p in ((prefix,) if isinstance(prefix, str) else prefix)):
            blocks.append(Block("table", rows=build(), width=width))
    return blocks


# ---------------------------------------------------------------- writers


def write_html(blocks: list[Block], container: str, encoding: str) -> bytes:
    """A portal page: chrome around the article, which sits in ``container`` (e.g. ``div id="zoom"``).

    >>> page = write_html([Block("title", "某局2024年政府信息公开工作年度报告")], 'div id="zoom"', "utf-8")
    >>> b'<div id="zoom">' in page
    True
    """
    tag = container.split()[0]
    charset = "gb2312" if encoding == "gbk" else encoding
    title = blocks[0].text
    body: list[str] = []
    for b in blocks[1:]:
        if b.kind == "heading":
            body.append(f"<p><strong>{html.escape(b.text)}</strong></p>")
        elif b.kind == "para":
            body.append(f'<p style="text-indent:2em">{html.escape(b.text)}</p>')
        else:
            body.append('<table border="1" cellspacing="0" cellpadding="4" width="100%">')
            for row in b.rows or []:
                cells = []
                for c in row:
                    attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                        f' colspan="{c.colspan}"' if c.colspan > 1 else ""
                    )
                    cells.append(f'<td{attrs} align="center">{html.escape(c.text)}</td>')
                body.append("<tr>" + "".join(cells) + "</tr>")
            body.append("</table>")
    nav = "".join(
        f'<li><a href="/{i}/">{x}</a></li>'
        for i, x in enumerate(
            [
                "首页",
                "政务公开",
                "政府信息公开指南",
                "政府信息公开制度",
                "法定主动公开内容",
                "政府信息公开年报",
                "互动交流",
            ]
        )
    )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_政府信息公开年报_政务公开</title>
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="2025-01-20 09:30">
<script>var _hmt = _hmt || []; window.site = {{"name": "政务公开"}};</script>
<style>.nav li{{display:inline}} .footer{{color:#666}}</style>
</head>
<body>
<div class="header"><div class="logo"><a href="/">政府门户网站</a></div>
<ul class="nav">{nav}</ul><form class="search"><input name="q"><button>搜索</button></form></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>
<div class="left-menu"><ul><li><a href="/a">机构职能</a></li><li><a href="/b">政策文件</a></li>
<li><a href="/c">规划计划</a></li><li><a href="/d">财政资金</a></li><li><a href="/e">人事信息</a></li></ul></div>
<div class="content-box">
<h1 class="article-title">{html.escape(title)}</h1>
<div class="info">发布时间：2025-01-20 09:30　来源：办公室　浏览次数：<span id="hits">128</span></div>
<{container}>
{chr(10).join(body)}
</{tag}>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="attach">附件下载：<a href="/files/report.docx">年度报告.docx</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/x1">2023年政府信息公开工作年度报告</a></li>
<li><a href="/x2">2022年政府信息公开工作年度报告</a></li></ul></div>
<div class="footer">主办单位：人民政府办公室　网站标识码：1234567890　备案号：京ICP备12345678号<br>
联系电话：010-12345678　扫一扫在手机上查看当前页面 <span class="ewm">二维码</span></div>
</body>
</html>
"""
    return page.encode(encoding)


def write_docx(blocks: list[Block], path: Path) -> None:
    """A Word file: title, headings as Heading 2, prose, ruled tables with real merges.

    ``write_docx(layout(parse_file("tests/fixtures/seeds/004_310a36c5978b6ada.txt")), Path("seed-004.docx"))``
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    props = document.core_properties
    props.created = props.modified = FIXED_TIME
    props.title = blocks[0].text
    for b in blocks:
        if b.kind == "title":
            p = document.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "heading":
            document.add_heading(b.text, level=2)
        elif b.kind == "para":
            document.add_paragraph(b.text)
        else:
            _docx_table(document, b)
    document.save(path)


def _grid_positions(rows: list[list[Cell]], width: int) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every printed cell, columns counted on the full grid.

    >>> [(r, c, x.text) for r, c, x in _grid_positions([[Cell("a", rowspan=2), Cell("b")], [Cell("c")]], 2)]
    [(0, 0, 'a'), (0, 1, 'b'), (1, 1, 'c')]
    """
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            out.append((r, col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, col + dc))
            col += cell.colspan
        if col > width:
            raise ValueError(f"row {r} is {col} columns wide, the table {width}")
    return out


def _docx_table(document, block: Block) -> None:
    rows = block.rows or []
    table = document.add_table(rows=len(rows), cols=block.width)
    table.style = "Table Grid"
    for r, c, cell in _grid_positions(rows, block.width):
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = cell.text


def write_xlsx(blocks: list[Block], path: Path) -> None:
    """One worksheet: title and headings in merged rows, a blank row between blocks, merged table cells.

    ``write_xlsx(layout(parse_file("tests/fixtures/reports/2021-longgang-qbm-2024.txt")), Path("longgang.xlsx"))``
    """
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side

    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = "年度报告"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    r = 1
    for b in blocks:
        if b.kind in ("title", "heading", "para"):
            ws.cell(row=r, column=1, value=b.text)
            if b.kind == "title":
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=10)
            r += 2 if b.kind != "para" else 1
            continue
        rows = b.rows or []
        for dr, c, cell in _grid_positions(rows, b.width):
            target = ws.cell(row=r + dr, column=c + 1, value=_xlsx_value(cell.text))
            target.alignment = Alignment(wrap_text=True, vertical="center")
            target.border = border
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=r + dr,
                    start_column=c + 1,
                    end_row=r + dr + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
        r += len(rows) + 1
    wb.save(path)


def _xlsx_value(text: str) -> int | float | str | None:
    """Numbers are stored as numbers, as a person typing into Excel would get them.

    >>> _xlsx_value("58"), _xlsx_value("25.1"), _xlsx_value("/"), _xlsx_value("")
    (58, 25.1, '/', None)
    """
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def soffice_convert(src: Path, target: str, outdir: Path, name: str | None = None) -> Path:
    """Convert ``src`` with LibreOffice headless (``target`` e.g. ``pdf``, ``doc``); returns the new file.

    ``name`` renames the result (in ``outdir``).

    ``soffice_convert(Path("tests/fixtures/rendered/seed-004.docx"), "pdf", Path("/tmp"))`` → ``/tmp/seed-004.pdf``
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    out = outdir / f"{src.stem}.{target.split(':')[0]}"
    if not out.exists():
        raise SystemExit(f"LibreOffice did not write {out}")
    if name:
        out = out.rename(outdir / name)
    return out


def scanned_pdf(pdf: Path, out: Path) -> None:
    """The first page of ``pdf`` as a 100 dpi image in a PDF with no text layer (a scan).

    ``scanned_pdf(Path("tests/fixtures/rendered/seed-004.pdf"), Path("scanned.pdf"))``
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    image = document[0].render(scale=100 / 72).to_pil().convert("L")
    image.save(out, "PDF", resolution=100.0)
    document.close()


def main() -> None:
    """Write every rendering and ``expected.json`` (the source facts) into tests/fixtures/rendered/.

    Run as ``.venv/bin/python -m tests.render_formats`` (no arguments).
    """
    OUT.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict] = {}
    for i, (slug, source, container, encoding) in enumerate(SOURCES):
        report = parse_file(source)
        blocks = layout(report)
        expected[slug] = {
            "source": str(source.relative_to(ROOT)),
            "format": report["format"],
            "facts": facts_of(report),
        }
        (OUT / f"{slug}.html").write_bytes(write_html(blocks, container, encoding))
        write_docx(blocks, OUT / f"{slug}.docx")
        write_xlsx(blocks, OUT / f"{slug}.xlsx")
        soffice_convert(OUT / f"{slug}.docx", "pdf", OUT)
        if i == 0:
            soffice_convert(OUT / f"{slug}.docx", "doc", OUT)
            soffice_convert(OUT / f"{slug}.xlsx", "xls", OUT)  # needs LibreOffice Calc too
            scanned_pdf(OUT / f"{slug}.pdf", OUT / "scanned.pdf")
            with tempfile.TemporaryDirectory() as tmp:
                # copy protection only (an owner password): opens without a password, must parse
                soffice_convert(OUT / f"{slug}.docx", PDF_OWNER_PASSWORD, Path(tmp))
                shutil.move(Path(tmp) / f"{slug}.pdf", OUT / f"{slug}.restricted.pdf")
                # a password to open: must be refused with a one-line reason
                BAD.mkdir(exist_ok=True)
                soffice_convert(OUT / f"{slug}.docx", PDF_OPEN_PASSWORD, Path(tmp))
                shutil.move(Path(tmp) / f"{slug}.pdf", BAD / "encrypted.pdf")
        print(f"{slug}: {report['format']} format, {len(expected[slug]['facts'])} facts")
    text = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True)
    (OUT / "expected.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
