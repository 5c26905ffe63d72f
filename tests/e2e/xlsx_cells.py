#!/usr/bin/python3
"""xlsx_cells.py BOOK.xlsx: a canonical text dump of a workbook as a reader sees it, one line per
fact: each sheet's name, dimensions, frozen panes, autofilter, print set-up, column widths, row
heights, conditional formats and charts, then every cell with its value (a formula's text and its
cached value) and its style (number format, font, fill, border, alignment; each style is numbered
where it first appears). Two workbooks with the same dump show the same thing in Excel, however
they were written (shared or inline strings, with or without chart caches)."""
import sys

from openpyxl import load_workbook


def color(c):
    return "" if c is None else c.rgb if c.type == "rgb" else f"{c.type}:{getattr(c, c.type)}"


def style(c):
    f, a = c.font, c.alignment
    fill = color(c.fill.fgColor) if c.fill and c.fill.fill_type else ""
    border = c.border.left.style or ""
    return (f"fmt={c.number_format!r} bold={bool(f.b)} size={f.sz} color={color(f.color)} "
            f"fill={fill} border={border} "
            f"h={a.horizontal or ''} v={a.vertical or ''} wrap={bool(a.wrap_text)}")


def dump(path, out):
    styles = {}
    wb = load_workbook(path)
    wv = load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        vs = wv[ws.title]
        ps = ws.page_setup
        out.append(f"sheet {ws.title!r} dims={ws.dimensions} freeze={ws.freeze_panes} "
                   f"filter={ws.auto_filter.ref} titles={ws.print_title_rows} "
                   f"paper={ps.paperSize} orientation={ps.orientation} "
                   f"fit={ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None} "
                   f"fitw={ps.fitToWidth} fith={ps.fitToHeight} footer={ws.oddFooter.center.text!r}")
        m = ws.page_margins
        out.append(f"  margins {m.left} {m.right} {m.top} {m.bottom}")
        for key, d in sorted(ws.column_dimensions.items()):
            if d.width or d.customWidth:
                out.append(f"  col {key}:{d.min}-{d.max} width={d.width}")
        for key, d in sorted(ws.row_dimensions.items()):
            if d.ht is not None:
                out.append(f"  row {key} height={d.ht}")
        for cf in ws.conditional_formatting:
            for r in cf.rules:
                fill = color(r.dxf.fill.bgColor) if r.dxf and r.dxf.fill else ""
                font = color(r.dxf.font.color) if r.dxf and r.dxf.font else ""
                out.append(f"  cf {cf.sqref} {r.type} {r.operator} {r.formula} fill={fill} "
                           f"font={font}")
        for rng in ws.merged_cells.ranges:
            out.append(f"  merged {rng}")
        for ch in ws._charts:
            a = ch.anchor._from
            out.append(f"  chart {ch.tagname} at col={a.col} row={a.row} series={len(ch.series)}")
        for row, vrow in zip(ws.iter_rows(), vs.iter_rows()):
            for c, v in zip(row, vrow):
                if c.value is None and not c.has_style:
                    continue
                val = repr(c.value)
                if isinstance(c.value, str) and c.value.startswith("="):
                    val += f" cached={v.value!r}"
                st = style(c)
                if st not in styles:
                    styles[st] = len(styles)
                    out.append(f"style {styles[st]} {st}")
                out.append(f"  {c.coordinate} {val} s{styles[st]}")


lines = []
dump(sys.argv[1], lines)
print("\n".join(lines))
