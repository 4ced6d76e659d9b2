"""Build the .docx attachment of the demo portal from seed 003 (齐都镇政府2017年信息公开工作年度报告).

In the demo portal this report is published only as a Word attachment, as many real reports are:
its article page says "详见附件" and links ./P020180115123456.docx.  This script rebuilds that file
from the seed text: one paragraph per seed paragraph, and the 统计表 as a real Word table
(统计指标 | 单位 | 统计数) whose multi-line label cells keep their line break.

Usage (from the repository root):

    python demo/build_docx.py                   # seeds from ../shared/seeds
    python demo/build_docx.py --seeds DIR --out FILE

Needs python-docx (a project dependency).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = Path(os.environ.get("DEMO_SEEDS_DIR", HERE.parent.parent / "shared" / "seeds"))
DEFAULT_OUT = HERE / "portal" / "xxgk" / "xxgknb" / "201801" / "P020180115123456.docx"
TABLE_CAPTION = "（二）2017年政府信息公开工作情况统计表"


def read_seed(seeds: Path) -> tuple[str, list[str], list[list[str]]]:
    """Return (title, paragraphs, table rows) of seed 003."""
    found = sorted(seeds.glob("003_*.txt"))
    if len(found) != 1:
        raise SystemExit(f"expected one seed 003_*.txt in {seeds}, found {found}")
    text = found[0].read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    lines = text.split("\n")
    title = lines[0].strip()
    cap = next(i for i, x in enumerate(lines) if x.strip() == TABLE_CAPTION)
    paragraphs = [x.strip(" \t") for x in lines[1 : cap + 1] if x.strip()]

    # The table: rows separated by an empty line; cells start with a tab; a label cell may run
    # over two lines (the second line has no leading tab).
    rows = []
    for chunk in "\n".join(lines[cap + 1 :]).split("\n\n"):
        parts = chunk.split("\t")
        if parts[0].strip():
            raise ValueError(f"unexpected text before the first cell: {chunk!r}")
        cells = parts[1:]
        if not cells:
            continue  # whitespace-only tail
        out = []
        for c in cells:
            keep = c.rstrip("\n").split("\n")
            while keep and not keep[-1].strip():  # drop trailing whitespace-only lines
                keep.pop()
            out.append("\n".join(keep) if any(s.strip() for s in keep) else "")
        if len(out) != 3:
            raise ValueError(f"expected 3 cells, got {out!r}")
        rows.append(out)
    return title, paragraphs, rows


def set_font(run, size: float, bold: bool = False, east_asia: str = "宋体") -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def build(seeds: Path, out: Path) -> Path:
    title, paragraphs, rows = read_seed(seeds)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(title), 20, bold=True, east_asia="方正小标宋简体")

    for text in paragraphs:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(28)
        p.paragraph_format.line_spacing = Pt(28)
        is_heading = text.lstrip("\u00a0\u3000 ").startswith(
            ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "十一、")
        )
        set_font(p.add_run(text), 14, bold=is_heading, east_asia="黑体" if is_heading else "仿宋_GB2312")

    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (label, unit, value) in enumerate(rows):
        cells = table.add_row().cells
        for c, text in enumerate((label, unit, value)):
            cells[c].text = text  # "\n" becomes a <w:br/> line break inside the cell
            para = cells[c].paragraphs[0]
            if c or r == 0:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in para.runs:
                set_font(run, 10.5, bold=(r == 0))

    props = doc.core_properties
    props.title = title
    props.author = "齐都镇政府"
    props.last_modified_by = "齐都镇政府"
    props.created = props.modified = dt.datetime(2018, 1, 15, 10, 0, 0)
    props.revision = 1

    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder with the seed .txt files")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the .docx to write")
    args = ap.parse_args()
    print(build(args.seeds, args.out))


if __name__ == "__main__":
    main()
