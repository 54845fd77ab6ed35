"""Demo feedback items in every state, dated back from today in working days so the staff
list has something to classify, something due soon, something overdue, and the portal's
public list has published answers. Every item goes through the services with times in the
past. Idempotent: nothing is created when the demo senders' items already exist."""

from __future__ import annotations

import datetime as dt

from motcua.accounts.models import User
from motcua.core.clock import VN_TZ, today
from motcua.dossiers.models import Dossier
from motcua.feedback import services as s
from motcua.feedback.models import Category, FeedbackChannel, FeedbackItem, FeedbackRule
from motcua.organization.models import Unit
from motcua.worktime.services import is_working_day

DEMO_EMAIL = "@demo.motcua.example"
SO_TU_PHAP = "000.00.10.H09"
CONG_AN = "000.00.41.H09"
CENTER = "000.00.01.H09"


def _workdays_back(n: int) -> dt.date:
    day = today()
    while n > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _at(back: int, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(_workdays_back(back), dt.time(hh, mm), tzinfo=VN_TZ)


def load() -> None:
    if FeedbackItem.objects.filter(sender_email__endswith=DEMO_EMAIL).exists():
        return
    handler = User.objects.filter(username="kiemsoat").first()
    desk = User.objects.filter(username="tiepnhan").first()
    units = {u.code: u for u in Unit.objects.filter(code__in=[SO_TU_PHAP, CONG_AN, CENTER])}
    if handler is None or desk is None or not units or not FeedbackRule.objects.exists():
        return  # the organisation/users demos or the seeded rule are missing
    dossier = Dossier.objects.filter(code__contains="-").order_by("pk").first()

    def new(
        n: int, name: str, title: str, content: str, back: int, *, unit: str = SO_TU_PHAP,
        channel: str = FeedbackChannel.PORTAL, about_dossier: bool = False,
    ) -> FeedbackItem:  # fmt: skip
        at = _at(back, 9, 15)
        u = units.get(unit)
        return s.feedback_submit(
            data=s.FeedbackInput(
                sender_name=name,
                sender_phone=f"09120000{n:02d}",
                sender_email=f"phananh{n}{DEMO_EMAIL}",
                title=title,
                content=content,
                unit_id=u.pk if u else None,
                dossier_code=dossier.code if (about_dossier and dossier) else "",
            ),
            channel=channel,
            by=desk if channel != FeedbackChannel.PORTAL else None,
            at=at,
        )

    # 1. Answered and published.
    f = new(1, "Trần Văn Khoa", "Thời gian chờ tại quầy Sở Tư pháp quá lâu",
            "Sáng ngày 05 tôi chờ hơn 2 giờ tại quầy lý lịch tư pháp, số điện thoại của tôi "
            "0912000001. Đề nghị bố trí thêm cán bộ vào giờ cao điểm.", 20)  # fmt: skip
    f = s.feedback_classify(item=f, category=Category.CONDUCT, by=handler, at=_at(19, 10))
    f = s.feedback_answer(
        item=f,
        answer="Sở Tư pháp đã bố trí thêm 01 cán bộ tại quầy vào buổi sáng từ thứ Hai đến thứ "
        "Tư và triển khai lấy số thứ tự trực tuyến. Cảm ơn Ông đã phản ánh.",
        by=handler,
        at=_at(10, 15),
    )
    s.feedback_publish(item=f, public_content=f.public_content, by=handler, at=_at(9, 9))
    # 2. About a dossier: answered, publication now overdue.
    f = new(2, "Lê Thị Thanh Tâm", "Hồ sơ trả kết quả chậm không báo trước",
            "Hồ sơ của tôi quá hẹn nhưng không nhận được thư xin lỗi, hẹn lại.", 16,
            about_dossier=True)  # fmt: skip
    f = s.feedback_classify(item=f, category=Category.WITHIN_COMPETENCE, by=handler, at=_at(15, 14))
    s.feedback_answer(
        item=f,
        answer="Hồ sơ chậm do phải xác minh tại địa phương; cơ quan đã gửi văn bản xin lỗi và "
        "hẹn lại ngày trả. Trung tâm đã nhắc nhở bộ phận liên quan.",
        by=handler,
        at=_at(4, 10),
    )
    # 3. Processing, the answer due soon.
    f = new(3, "Phạm Quốc Bảo", "Đề nghị hướng dẫn rõ thành phần hồ sơ",
            "Trên cổng dịch vụ công chưa ghi rõ cần bản sao chứng thực hay bản chụp.", 14)  # fmt: skip
    s.feedback_classify(item=f, category=Category.WITHIN_COMPETENCE, by=handler, at=_at(13, 9))
    # 4. Processing, overdue.
    f = new(4, "Nguyễn Thị Hoa", "Cán bộ hướng dẫn thiếu nhiệt tình",
            "Cán bộ tại quầy số 3 trả lời cộc lốc, không hướng dẫn cách bổ sung.", 18,
            unit=CONG_AN)  # fmt: skip
    s.feedback_classify(item=f, category=Category.CONDUCT, by=handler, at=_at(17, 9))
    # 5. Waiting for the citizen's information.
    f = new(5, "Võ Minh Đức", "Phản ánh về phí, lệ phí",
            "Tôi bị thu phí cao hơn mức niêm yết, đề nghị kiểm tra.", 3)  # fmt: skip
    s.feedback_request_info(
        item=f, request="Đề nghị cung cấp số biên lai và ngày nộp phí.", by=handler, at=_at(2, 10)
    )
    # 6. Outside competence, forwarded.
    f = new(6, "Đoàn Thị Hạnh", "Kiến nghị về quy hoạch khu dân cư",
            "Đề nghị công khai quy hoạch chi tiết khu dân cư phường Phú Hòa.", 8,
            unit=CENTER)  # fmt: skip
    f = s.feedback_classify(item=f, category=Category.OUTSIDE_COMPETENCE, by=handler, at=_at(7, 9))
    s.feedback_forward(
        item=f, to="Sở Xây dựng tỉnh Bình Dương", note="Công văn chuyển số 12/TTPVHCC",
        by=handler, at=_at(6, 15),
    )  # fmt: skip
    # 7. Not accepted.
    f = new(7, "Khách vãng lai", "Nội dung không rõ",
            "Không hài lòng nhưng không nêu sự việc cụ thể.", 5, unit=CENTER)  # fmt: skip
    s.feedback_classify(
        item=f, category=Category.NOT_ACCEPTED,
        reason="Nội dung không nêu sự việc, thời gian, cơ quan cụ thể; không có thông tin liên hệ.",
        by=handler, at=_at(4, 9),
    )  # fmt: skip
    # 8. Received by hotline today, to classify.
    new(8, "Huỳnh Văn Lộc", "Không gọi được tổng đài hỗ trợ",
        "Gọi tổng đài nhiều lần trong giờ hành chính nhưng không ai nghe máy.", 0,
        unit=CENTER, channel=FeedbackChannel.HOTLINE)  # fmt: skip
