"""Form II.06a as an Excel file laid out like the official form (XlsxWriter)."""

from __future__ import annotations

import io

import xlsxwriter

from motcua.reports.selectors import Report

HEADER_ROW = 4  # 0-based row of the first header line


def ii06a_xlsx(report: Report) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("II.06a")
    title = wb.add_format({"bold": True, "align": "center", "font_size": 13})
    head = wb.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True}
    )
    cell = wb.add_format({"border": 1})
    num = wb.add_format({"border": 1, "num_format": "#,##0"})
    bold_num = wb.add_format({"border": 1, "num_format": "#,##0", "bold": True})
    bold = wb.add_format({"border": 1, "bold": True})
    ws.merge_range(0, 0, 0, 13, "Biểu số II.06a", title)
    ws.merge_range(1, 0, 1, 13, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", title)
    ws.merge_range(2, 0, 2, 13, f"{report.unit.name} — {report.period.label}", title)
    r = HEADER_ROW
    # Row r: groups; r+1: sub-groups; r+2: leaf columns; r+3: column numbers.
    ws.merge_range(r, 0, r + 2, 0, "STT", head)
    ws.merge_range(r, 1, r + 2, 1, "Đơn vị", head)
    ws.merge_range(r, 2, r, 5, "Số hồ sơ nhận giải quyết", head)
    ws.merge_range(r + 1, 2, r + 2, 2, "Tổng số", head)
    ws.merge_range(r + 1, 3, r + 1, 4, "Trong đó", head)
    ws.write(r + 2, 3, "Trực tuyến", head)
    ws.write(r + 2, 4, "Trực tiếp, dịch vụ bưu chính", head)
    ws.merge_range(r + 1, 5, r + 2, 5, "Từ kỳ trước chuyển qua", head)
    ws.merge_range(r, 6, r, 9, "Số hồ sơ đã giải quyết", head)
    ws.merge_range(r + 1, 6, r + 2, 6, "Tổng số", head)
    ws.merge_range(r + 1, 7, r + 2, 7, "Trả trước hạn", head)
    ws.merge_range(r + 1, 8, r + 2, 8, "Trả đúng thời hạn", head)
    ws.merge_range(r + 1, 9, r + 2, 9, "Trả quá hạn", head)
    ws.merge_range(r, 10, r, 12, "Số hồ sơ đang giải quyết", head)
    ws.merge_range(r + 1, 10, r + 2, 10, "Tổng số", head)
    ws.merge_range(r + 1, 11, r + 2, 11, "Trong hạn", head)
    ws.merge_range(r + 1, 12, r + 2, 12, "Quá hạn", head)
    ws.merge_range(r, 13, r + 2, 13, "Ghi chú", head)
    for col in range(14):
        ws.write(r + 3, col, f"({col + 1})", head)
    columns = (
        "received_total",
        "received_online",
        "received_direct",
        "carried_over",
        "resolved_total",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "in_progress_total",
        "in_progress_within",
        "in_progress_overdue",
    )
    row = r + 4
    for i, line in enumerate(report.rows, start=1):
        ws.write(row, 0, i, cell)
        ws.write(row, 1, line.unit.name if line.unit else "", cell)
        for j, key in enumerate(columns):
            ws.write_number(row, 2 + j, line.values[key], num)
        ws.write(row, 13, "; ".join(line.problems), cell)
        row += 1
    ws.write(row, 0, "", bold)
    ws.write(row, 1, "Tổng cộng", bold)
    for j, key in enumerate(columns):
        ws.write_number(row, 2 + j, report.total.values[key], bold_num)
    ws.write(row, 13, "; ".join(report.total.problems), bold)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 12, 12)
    ws.set_column(13, 13, 30)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()
