"""The registry of audit action codes (DossierEvent.action) and their Vietnamese labels.

Codes are namespaced and stable: never rename one, add a new one instead.
docs/audit-actions.md lists them for people; a test checks that every code a service
writes is registered here.
"""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "dossier.submitted": "Nộp hồ sơ trực tuyến",
    "dossier.received": "Tiếp nhận hồ sơ",
    "dossier.accepted": "Tiếp nhận hồ sơ trực tuyến",
    "dossier.supplement.requested_at_desk": "Hướng dẫn bổ sung, hoàn thiện hồ sơ (chưa tiếp nhận)",
    "dossier.refused_at_desk": "Từ chối tiếp nhận hồ sơ",
    "dossier.solved_same_day": "Giải quyết và trả kết quả ngay trong ngày",
    "dossier.step.claimed": "Nhận xử lý",
    "dossier.step.assigned": "Phân công xử lý",
    "dossier.step.transferred": "Chuyển bước xử lý",
    "dossier.step.sent_back": "Trả lại bước trước",
    "dossier.forwarded": "Chuyển liên thông",
    "dossier.step.consulted": "Xin ý kiến",
    "dossier.step.consult_answered": "Trả lời xin ý kiến",
    "dossier.step.field_checked": "Kiểm tra thực địa",
    "dossier.supplement.requested": "Yêu cầu bổ sung hồ sơ",
    "dossier.supplement.received": "Nhận hồ sơ bổ sung",
    "dossier.obligation.requested": "Yêu cầu thực hiện nghĩa vụ tài chính",
    "dossier.obligation.paid": "Đã thực hiện nghĩa vụ tài chính",
    "dossier.refused": "Từ chối giải quyết (có văn bản nêu lý do)",
    "dossier.apologized": "Xin lỗi và hẹn lại ngày trả kết quả",
    "dossier.withdrawal.requested": "Đề nghị rút hồ sơ",
    "dossier.stopped": "Dừng giải quyết hồ sơ",
    "dossier.result.attached": "Có kết quả giải quyết",
    "dossier.returned": "Trả kết quả",
    "dossier.rated": "Công dân đánh giá mức độ hài lòng",
    "dossier.rating.changed": "Công dân sửa đánh giá mức độ hài lòng",
    # Fees and payments (motcua.payments)
    "payment.assessed": "Xác định phí, lệ phí phải nộp",
    "payment.exempted": "Miễn phí, lệ phí (có căn cứ và lý do)",
    "payment.assessment.settled": "Đã nộp đủ hoặc được miễn phí, lệ phí",
    "payment.assessment.cancelled": "Hủy xác định phí, lệ phí",
    "payment.created": "Tạo giao dịch thanh toán trực tuyến",
    "payment.pending": "Chuyển sang cổng thanh toán",
    "payment.confirmed": "Đã thanh toán phí, lệ phí",
    "payment.failed": "Thanh toán không thành công",
    "payment.expired": "Giao dịch thanh toán hết hạn",
    "payment.refund.requested": "Đề nghị hoàn trả qua cổng thanh toán",
    "payment.refunded": "Hoàn trả khoản đã thu",
    "payment.receipt.issued": "Lập biên lai thu phí, lệ phí",
    "payment.receipt.cancelled": "Hủy biên lai (lãnh đạo, có lý do)",
    "dossier.document.digitised": "Số hóa thành phần hồ sơ",
    "dossier.document.reused": "Dùng lại giấy tờ từ kho dữ liệu",
    "dossier.document.no_scan": "Thành phần hồ sơ không cần số hóa",
    "dossier.result.signed": "Ký số kết quả điện tử",
    "dossier.result.stored": "Đưa kết quả vào kho dữ liệu của công dân",
}


def action_label(code: str) -> str:
    return ACTIONS.get(code, code)
