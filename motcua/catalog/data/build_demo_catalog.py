"""Builds demo_catalog.json, the demo catalogue of Bình Dương, in the "motcua.catalog/1" format.

Run from the repository root:

    .venv/bin/python -m motcua.catalog.data.build_demo_catalog

The facts (names, time limits, fees, documents, legal basis) come from the published laws,
decrees and circulars cited in each procedure. What is NOT a verified fact is said so in
README.md beside this file: every national code other than those listed there as national is a
local demo code of the shape ``BD.<field>.<nn>``, amounts set by the provincial People's Council
(HĐND tỉnh) are illustrative, and the publication decisions are demo decisions (numbers
``DEMO-…``). Internal processes (quy trình nội bộ) are this demo's own, each fitted to the
statutory time limit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("demo_catalog.json")

# --- Demo units (codes exactly as in the organization demo) ---------------------------------
CENTER = "000.00.01.H09"  # Trung tâm Phục vụ hành chính công tỉnh
CENTER_DESK = "000.02.01.H09"  # Phòng Tiếp nhận, số hóa hồ sơ, giải quyết TTHC
SO_TU_PHAP = "000.00.10.H09"
PHONG_HCTP = "000.01.10.H09"
SO_KHDT = "000.00.11.H09"
PHONG_DKKD = "000.01.11.H09"
SO_TNMT = "000.00.12.H09"
VP_DKDD = "000.01.12.H09"
CC_QLDD = "000.02.12.H09"
SO_XD = "000.00.13.H09"
PHONG_QLHDXD = "000.01.13.H09"
SO_GTVT = "000.00.14.H09"
PHONG_QLVT = "000.01.14.H09"
SO_YTE = "000.00.15.H09"
PHONG_DUOC = "000.01.15.H09"
SO_GDDT = "000.00.16.H09"
SO_LDTBXH = "000.00.17.H09"
PHONG_VL = "000.01.17.H09"
SO_CT = "000.00.18.H09"
SO_VHTTDL = "000.00.20.H09"
CUC_THUE = "000.00.40.H09"
CONG_AN = "000.00.41.H09"
PHONG_QLHC_CA = "000.01.41.H09"
BHXH = "000.00.42.H09"

# --- Legal documents ------------------------------------------------------------------------
L: dict[str, dict[str, str]] = {}


def _law(key: str, number: str, date: str, title: str) -> None:
    L[key] = {"number": number, "date": date, "title": title}


_law("LHT", "Luật Hộ tịch số 60/2014/QH13", "2014-11-20", "Luật Hộ tịch")
_law(
    "ND123",
    "Nghị định số 123/2015/NĐ-CP",
    "2015-11-15",
    "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
)
_law(
    "TT04_2020",
    "Thông tư số 04/2020/TT-BTP",
    "2020-05-28",
    "Quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP",
)
_law(
    "ND87",
    "Nghị định số 87/2020/NĐ-CP",
    "2020-07-28",
    "Quy định về Cơ sở dữ liệu hộ tịch điện tử, đăng ký hộ tịch trực tuyến",
)
_law(
    "TT01_2022",
    "Thông tư số 01/2022/TT-BTP",
    "2022-01-04",
    "Quy định chi tiết một số điều và biện pháp thi hành Nghị định số 87/2020/NĐ-CP",
)
_law(
    "TT85",
    "Thông tư số 85/2019/TT-BTC",
    "2019-11-29",
    "Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh",
)
_law(
    "TT281",
    "Thông tư số 281/2016/TT-BTC",
    "2016-11-14",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí khai thác, sử dụng thông tin "
    "trong cơ sở dữ liệu hộ tịch, phí xác nhận có quốc tịch Việt Nam, lệ phí quốc tịch",
)
_law(
    "ND23",
    "Nghị định số 23/2015/NĐ-CP",
    "2015-02-16",
    "Về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực "
    "hợp đồng, giao dịch",
)
_law(
    "TT01_2020_BTP",
    "Thông tư số 01/2020/TT-BTP",
    "2020-03-03",
    "Quy định chi tiết và hướng dẫn thi hành một số điều của Nghị định số 23/2015/NĐ-CP",
)
_law(
    "TT226",
    "Thông tư số 226/2016/TT-BTC",
    "2016-11-11",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực",
)
_law(
    "ND45",
    "Nghị định số 45/2020/NĐ-CP",
    "2020-04-08",
    "Về thực hiện thủ tục hành chính trên môi trường điện tử",
)
_law("LLLTP", "Luật Lý lịch tư pháp số 28/2009/QH12", "2009-06-17", "Luật Lý lịch tư pháp")
_law(
    "ND111",
    "Nghị định số 111/2010/NĐ-CP",
    "2010-11-23",
    "Quy định chi tiết một số điều của Luật Lý lịch tư pháp",
)
_law(
    "TT13_2011",
    "Thông tư số 13/2011/TT-BTP",
    "2011-06-27",
    "Ban hành và hướng dẫn việc sử dụng biểu mẫu và mẫu sổ lý lịch tư pháp",
)
_law(
    "TT16_2013",
    "Thông tư số 16/2013/TT-BTP",
    "2013-11-11",
    "Sửa đổi, bổ sung một số điều của Thông tư số 13/2011/TT-BTP",
)
_law(
    "TT244",
    "Thông tư số 244/2016/TT-BTC",
    "2016-11-11",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin lý lịch tư pháp",
)
_law("LDN", "Luật Doanh nghiệp số 59/2020/QH14", "2020-06-17", "Luật Doanh nghiệp")
_law("ND01_2021", "Nghị định số 01/2021/NĐ-CP", "2021-01-04", "Về đăng ký doanh nghiệp")
_law(
    "TT01_2021_KHDT",
    "Thông tư số 01/2021/TT-BKHĐT",
    "2021-03-16",
    "Hướng dẫn về đăng ký doanh nghiệp (biểu mẫu)",
)
_law(
    "TT47",
    "Thông tư số 47/2019/TT-BTC",
    "2019-08-05",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin doanh nghiệp, "
    "lệ phí đăng ký doanh nghiệp",
)
_law("LDD2013", "Luật Đất đai số 45/2013/QH13", "2013-11-29", "Luật Đất đai (năm 2013)")
_law(
    "ND43",
    "Nghị định số 43/2014/NĐ-CP",
    "2014-05-15",
    "Quy định chi tiết thi hành một số điều của Luật Đất đai (năm 2013)",
)
_law(
    "ND01_2017",
    "Nghị định số 01/2017/NĐ-CP",
    "2017-01-06",
    "Sửa đổi, bổ sung một số nghị định quy định chi tiết thi hành Luật Đất đai",
)
_law("LDD2024", "Luật Đất đai số 31/2024/QH15", "2024-01-18", "Luật Đất đai (năm 2024)")
_law(
    "ND101",
    "Nghị định số 101/2024/NĐ-CP",
    "2024-07-29",
    "Quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, "
    "quyền sở hữu tài sản gắn liền với đất và hệ thống thông tin đất đai",
)
_law("ND10_2022", "Nghị định số 10/2022/NĐ-CP", "2022-01-15", "Quy định về lệ phí trước bạ")
_law(
    "TTLT88",
    "Thông tư liên tịch số 88/2016/TTLT/BTC-BTNMT",
    "2016-06-22",
    "Quy định về hồ sơ và trình tự, thủ tục tiếp nhận, luân chuyển hồ sơ xác định nghĩa vụ tài "
    "chính về đất đai của người sử dụng đất",
)
_law("ND99_2022", "Nghị định số 99/2022/NĐ-CP", "2022-11-30", "Về đăng ký biện pháp bảo đảm")
_law("LXD", "Luật Xây dựng số 50/2014/QH13", "2014-06-18", "Luật Xây dựng")
_law(
    "LXD_SD",
    "Luật số 62/2020/QH14",
    "2020-06-17",
    "Luật sửa đổi, bổ sung một số điều của Luật Xây dựng",
)
_law(
    "ND15_2021",
    "Nghị định số 15/2021/NĐ-CP",
    "2021-03-03",
    "Quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng",
)
_law(
    "TT38_2022",
    "Thông tư số 38/2022/TT-BTC",
    "2022-06-24",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí thẩm định cấp giấy phép hoạt "
    "động xây dựng, lệ phí cấp chứng chỉ hành nghề hoạt động xây dựng",
)
_law("LGTDB", "Luật Giao thông đường bộ số 23/2008/QH12", "2008-11-13", "Luật Giao thông đường bộ")
_law(
    "TT12_2017",
    "Thông tư số 12/2017/TT-BGTVT",
    "2017-04-15",
    "Quy định về đào tạo, sát hạch, cấp giấy phép lái xe cơ giới đường bộ",
)
_law(
    "TT29_2015",
    "Thông tư số 29/2015/TT-BGTVT",
    "2015-07-06",
    "Quy định về cấp, sử dụng giấy phép lái xe quốc tế",
)
_law(
    "TT37_2023",
    "Thông tư số 37/2023/TT-BTC",
    "2023-06-07",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí sát hạch lái xe; lệ phí cấp bằng, "
    "chứng chỉ được hoạt động trên các loại phương tiện và lệ phí đăng ký, cấp biển xe máy chuyên dùng",
)
_law(
    "ND10_2020",
    "Nghị định số 10/2020/NĐ-CP",
    "2020-01-17",
    "Quy định về kinh doanh và điều kiện kinh doanh vận tải bằng xe ô tô",
)
_law(
    "TT12_2020",
    "Thông tư số 12/2020/TT-BGTVT",
    "2020-05-29",
    "Quy định về tổ chức, quản lý hoạt động kinh doanh vận tải bằng xe ô tô và dịch vụ hỗ trợ vận "
    "tải đường bộ",
)
_law("LDUOC", "Luật Dược số 105/2016/QH13", "2016-04-06", "Luật Dược")
_law(
    "ND54_2017",
    "Nghị định số 54/2017/NĐ-CP",
    "2017-05-08",
    "Quy định chi tiết một số điều và biện pháp thi hành Luật Dược",
)
_law(
    "ND155_2018",
    "Nghị định số 155/2018/NĐ-CP",
    "2018-11-12",
    "Sửa đổi, bổ sung một số quy định liên quan đến điều kiện đầu tư kinh doanh thuộc phạm vi "
    "quản lý nhà nước của Bộ Y tế",
)
_law(
    "TT277",
    "Thông tư số 277/2016/TT-BTC",
    "2016-11-14",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí trong lĩnh vực dược, mỹ phẩm",
)
_law("BLLD", "Bộ luật Lao động số 45/2019/QH14", "2019-11-20", "Bộ luật Lao động")
_law(
    "ND152",
    "Nghị định số 152/2020/NĐ-CP",
    "2020-12-30",
    "Quy định về người lao động nước ngoài làm việc tại Việt Nam và tuyển dụng, quản lý người lao "
    "động Việt Nam làm việc cho tổ chức, cá nhân nước ngoài tại Việt Nam",
)
_law(
    "ND70_2023",
    "Nghị định số 70/2023/NĐ-CP",
    "2023-09-18",
    "Sửa đổi, bổ sung một số điều của Nghị định số 152/2020/NĐ-CP",
)
_law("LVL", "Luật Việc làm số 38/2013/QH13", "2013-11-16", "Luật Việc làm")
_law(
    "ND28_2015",
    "Nghị định số 28/2015/NĐ-CP",
    "2015-03-12",
    "Quy định chi tiết thi hành một số điều của Luật Việc làm về bảo hiểm thất nghiệp",
)
_law(
    "ND61_2020",
    "Nghị định số 61/2020/NĐ-CP",
    "2020-05-29",
    "Sửa đổi, bổ sung một số điều của Nghị định số 28/2015/NĐ-CP",
)
_law(
    "TT28_2015",
    "Thông tư số 28/2015/TT-BLĐTBXH",
    "2015-07-31",
    "Hướng dẫn thực hiện Điều 52 của Luật Việc làm và một số điều của Nghị định số 28/2015/NĐ-CP",
)
_law(
    "TT21_2019",
    "Thông tư số 21/2019/TT-BGDĐT",
    "2019-11-29",
    "Ban hành Quy chế quản lý bằng tốt nghiệp trung học cơ sở, bằng tốt nghiệp trung học phổ "
    "thông, văn bằng giáo dục đại học và chứng chỉ của hệ thống giáo dục quốc dân",
)
_law("LDL", "Luật Du lịch số 09/2017/QH14", "2017-06-19", "Luật Du lịch")
_law(
    "ND168_2017",
    "Nghị định số 168/2017/NĐ-CP",
    "2017-12-31",
    "Quy định chi tiết một số điều của Luật Du lịch",
)
_law(
    "ND94_2021",
    "Nghị định số 94/2021/NĐ-CP",
    "2021-10-28",
    "Sửa đổi, bổ sung một số điều của Nghị định số 168/2017/NĐ-CP",
)
_law(
    "TT06_2017_VH",
    "Thông tư số 06/2017/TT-BVHTTDL",
    "2017-12-15",
    "Quy định chi tiết một số điều của Luật Du lịch",
)
_law(
    "TT33_2018",
    "Thông tư số 33/2018/TT-BTC",
    "2018-04-30",
    "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí thẩm định cấp giấy phép kinh "
    "doanh dịch vụ lữ hành, phí thẩm định cấp thẻ hướng dẫn viên du lịch",
)
_law("LCT", "Luật Cư trú số 68/2020/QH14", "2020-11-13", "Luật Cư trú")
_law(
    "ND62_2021",
    "Nghị định số 62/2021/NĐ-CP",
    "2021-06-29",
    "Quy định chi tiết một số điều của Luật Cư trú",
)
_law(
    "TT55_2021",
    "Thông tư số 55/2021/TT-BCA",
    "2021-05-15",
    "Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú",
)
_law(
    "TT56_2021",
    "Thông tư số 56/2021/TT-BCA",
    "2021-05-15",
    "Quy định về biểu mẫu trong đăng ký, quản lý cư trú",
)
_law(
    "TT75_2022",
    "Thông tư số 75/2022/TT-BTC",
    "2022-12-22",
    "Quy định mức thu, chế độ thu, nộp và quản lý lệ phí đăng ký cư trú",
)
_law("LBHYT", "Luật Bảo hiểm y tế số 25/2008/QH12", "2008-11-14", "Luật Bảo hiểm y tế")
_law(
    "LBHYT_SD",
    "Luật số 46/2014/QH13",
    "2014-06-13",
    "Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế",
)
_law(
    "ND146_2018",
    "Nghị định số 146/2018/NĐ-CP",
    "2018-10-17",
    "Quy định chi tiết và hướng dẫn biện pháp thi hành một số điều của Luật Bảo hiểm y tế",
)
_law(
    "QD595",
    "Quyết định số 595/QĐ-BHXH",
    "2017-04-14",
    "Ban hành Quy trình thu bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp, bảo hiểm tai nạn "
    "lao động, bệnh nghề nghiệp; quản lý sổ bảo hiểm xã hội, thẻ bảo hiểm y tế",
)
_law("LBHXH", "Luật Bảo hiểm xã hội số 58/2014/QH13", "2014-11-20", "Luật Bảo hiểm xã hội")
_law("LTM", "Luật Thương mại số 36/2005/QH11", "2005-06-14", "Luật Thương mại")
_law(
    "ND81_2018",
    "Nghị định số 81/2018/NĐ-CP",
    "2018-05-22",
    "Quy định chi tiết Luật Thương mại về hoạt động xúc tiến thương mại",
)
_law(
    "ND63_2024",
    "Nghị định số 63/2024/NĐ-CP",
    "2024-06-10",
    "Quy định việc thực hiện liên thông điện tử hai nhóm thủ tục hành chính: đăng ký khai sinh, "
    "đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi; đăng ký khai tử, xóa đăng "
    "ký thường trú, giải quyết mai táng phí, tử tuất",
)
_law(
    "QD296_VPCP",
    "Quyết định số 296/QĐ-VPCP",
    "2024-06-12",
    "Công bố 02 nhóm thủ tục hành chính liên thông điện tử",
)
_law(
    "ND61_2018",
    "Nghị định số 61/2018/NĐ-CP",
    "2018-04-23",
    "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
)


def laws(*keys: str) -> list[dict[str, str]]:
    return [dict(L[k]) for k in keys]


# --- Small builders -------------------------------------------------------------------------


def days(n: int) -> dict[str, Any]:
    return {"value": n, "unit": "working_days"}


SAME_DAY: dict[str, Any] = {"value": 0, "unit": "same_day"}


def doc(
    name: str,
    *,
    originals: int = 1,
    copies: int = 0,
    mandatory: bool = True,
    reusable: bool = False,
    case: str | None = None,
    form: str | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "originals": originals,
        "copies": copies,
        "mandatory": mandatory,
        "reusable": reusable,
        "case": case,
        "form": form,
    }


def fee(
    name: str,
    amount: int,
    basis: str = "per_dossier",
    *,
    case: str | None = None,
    exemptions: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "amount": amount,
        "basis": basis,
        "case": case,
        "exemptions": exemptions or [],
    }


def field(
    name: str,
    label: str,
    type_: str = "text",
    *,
    required: bool = True,
    choices: list[str] | None = None,
    pattern: str = "",
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "type": type_,
        "required": required,
        "choices": choices or [],
        "pattern": pattern,
    }


CCCD = field(
    "so_dinh_danh",
    "Số định danh cá nhân (số CCCD/căn cước)",
    pattern=r"^[0-9]{12}$",
)
PHONE = field("dien_thoai", "Số điện thoại liên hệ", "phone")
EMAIL = field("thu_dien_tu", "Thư điện tử", "email", required=False)


def applicant(label: str = "Họ, chữ đệm, tên người yêu cầu") -> dict[str, Any]:
    return field("ho_ten_nguoi_yeu_cau", label)


def step(
    role: str,
    hours: float,
    description: str,
    *,
    agency: str | None = None,
    unit: str | None = None,
    case: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "role": role,
        "agency": agency,
        "unit": unit,
        "budget_hours": hours,
        "description": description,
    }
    if case is not None:
        out["case"] = case
    return out


def commune_process(total_hours: float, specialist: str, leader: str) -> list[dict[str, Any]]:
    """Receiving desk, commune justice officer, commune chairman, returning desk."""
    if total_hours <= 8:
        recv, lead, ret = 1.0, 1.0, 0.5
    else:
        recv, lead, ret = 2.0, 4.0, 2.0
    spec = total_hours - recv - lead - ret
    return [
        step(
            "receiving",
            recv,
            "Bộ phận Một cửa UBND cấp xã tiếp nhận, kiểm tra, số hóa hồ sơ; thu phí, lệ phí (nếu có)",
        ),
        step("specialist", spec, specialist),
        step("agency_leader", lead, leader),
        step("returning", ret, "Trả kết quả, cập nhật trạng thái hồ sơ trên hệ thống"),
    ]


def province_process(
    *,
    agency: str,
    unit: str | None,
    total_hours: float,
    specialist: str,
    unit_head: str = "Lãnh đạo phòng chuyên môn xem xét, trình lãnh đạo cơ quan",
    leader: str = "Lãnh đạo cơ quan ký kết quả giải quyết",
    extra: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Center desk → agency specialist → unit head → agency leader → Center desk.

    `extra` steps (other agencies in an inter-agency chain) go after the specialist and count
    against the same budget.
    """
    if total_hours <= 8:
        recv, head, lead, ret = 1.0, 1.0, 1.0, 1.0
    elif total_hours <= 24:
        recv, head, lead, ret = 2.0, 2.0, 4.0, 2.0
    else:
        recv, head, lead, ret = 4.0, 8.0, 8.0, 4.0
    used = recv + head + lead + ret + sum(s["budget_hours"] for s in extra or [])
    spec = total_hours - used
    if total_hours > 24:
        spec -= 4  # a half-day margin for hand-overs between units
    if spec <= 0:
        raise ValueError(f"process budgets exceed {total_hours} h: {specialist}")
    out = [
        step(
            "receiving",
            recv,
            "Trung tâm Phục vụ hành chính công tiếp nhận, kiểm tra, số hóa hồ sơ, chuyển cơ quan giải quyết",
            agency=CENTER,
            unit=CENTER_DESK,
        ),
        step("specialist", spec, specialist, agency=agency, unit=unit),
        *(extra or []),
        step("unit_head", head, unit_head, agency=agency, unit=unit),
        step("agency_leader", lead, leader, agency=agency),
        step(
            "returning",
            ret,
            "Trung tâm Phục vụ hành chính công trả kết quả trực tiếp, qua bưu chính hoặc bản điện tử",
            agency=CENTER,
            unit=CENTER_DESK,
        ),
    ]
    return out


def procedure(
    *,
    code: str,
    name: str,
    field_: str,
    level: str,
    agency: str | None,
    time_limit: dict[str, Any],
    steps: list[str],
    documents: list[dict[str, Any]],
    legal: list[dict[str, str]],
    result: str,
    process: list[dict[str, Any]],
    effective_from: str,
    online: str = "none",
    channels: tuple[str, ...] = ("counter", "post"),
    applicants: tuple[str, ...] = ("individual",),
    deciding: str | None = None,
    cooperating: tuple[str, ...] = (),
    lead: str | None = None,
    after_cutoff: bool | None = None,
    conditions: str = "",
    forms: list[tuple[str, str]] | None = None,
    cases: list[dict[str, Any]] | None = None,
    fees: list[dict[str, Any]] | None = None,
    eform: list[dict[str, Any]] | None = None,
    electronic: bool = True,
    local_code: str = "",
) -> dict[str, Any]:
    chans = list(channels)
    if online != "none" and "online" not in chans:
        chans.insert(1, "online")
    if after_cutoff is None:
        after_cutoff = time_limit["unit"] == "same_day"
    return {
        "national_code": code,
        "local_code": local_code,
        "name": name,
        "field": field_,
        "level": level,
        "implementing_agency": agency,
        "deciding_agency": deciding if deciding is not None else agency,
        "cooperating_agencies": list(cooperating),
        "lead_agency": lead,
        "applicant_types": list(applicants),
        "channels": chans,
        "online_level": online,
        "time_limit": time_limit,
        "after_cutoff_next_day": after_cutoff,
        "steps": steps,
        "conditions": conditions,
        "result": {"name": result, "paper": True, "electronic": electronic},
        "legal_basis": legal,
        "forms": [{"name": n, "filename": f} for n, f in (forms or [])],
        "cases": cases or [],
        "documents": documents,
        "fees": fees or [],
        "eform": eform or [],
        "process": process,
        "effective_from": effective_from,
    }


def case(code: str, name: str, time_limit: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "name": name, "time_limit": time_limit}


# Effective dates of the demo publication decisions.
D1 = "2024-03-01"  # Tư pháp (hộ tịch, chứng thực, lý lịch tư pháp), đất đai (Luật 2013)
D2 = "2024-06-03"  # sở, ngành khác; cư trú, bảo hiểm y tế
D3 = "2024-08-01"  # Luật Đất đai 2024; liên thông điện tử theo Nghị định 63/2024/NĐ-CP

HT_EXEMPT = [
    "Người thuộc gia đình có công với cách mạng",
    "Người thuộc hộ nghèo",
    "Người khuyết tật",
]
HT_FEE_NOTE = " (mức thu theo Nghị quyết của HĐND tỉnh; số liệu minh họa)"

PROCEDURES: list[dict[str, Any]] = []
add = PROCEDURES.append

# =============================================================================================
# Hộ tịch — cấp xã
# =============================================================================================
add(
    procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=SAME_DAY,
        online="full",
        steps=[
            "Bước 1: Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa UBND cấp xã nơi cư trú của cha "
            "hoặc mẹ, hoặc nộp trực tuyến trên Cổng Dịch vụ công.",
            "Bước 2: Công chức tư pháp - hộ tịch kiểm tra; nếu thông tin khai sinh đầy đủ, phù hợp "
            "thì ghi vào Sổ đăng ký khai sinh, cập nhật Cơ sở dữ liệu hộ tịch điện tử, cùng người "
            "đi đăng ký ký tên vào Sổ.",
            "Bước 3: Chủ tịch UBND cấp xã ký và cấp Giấy khai sinh (bản chính) cho người được đăng "
            "ký khai sinh; trả kết quả trong ngày, nếu nhận hồ sơ sau 15 giờ thì trả trong ngày "
            "làm việc tiếp theo.",
        ],
        conditions="Cha, mẹ hoặc người thân thích có trách nhiệm đăng ký khai sinh cho trẻ trong "
        "thời hạn 60 ngày kể từ ngày sinh.",
        result="Giấy khai sinh (bản chính); bản điện tử giấy khai sinh",
        documents=[
            doc("Tờ khai đăng ký khai sinh theo mẫu", form="to-khai-dang-ky-khai-sinh.docx"),
            doc(
                "Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp; trường hợp sinh ngoài cơ sở y "
                "tế thì văn bản xác nhận của người làm chứng hoặc giấy cam đoan về việc sinh",
            ),
            doc(
                "Biên bản xác nhận việc trẻ bị bỏ rơi (đối với trẻ em bị bỏ rơi)",
                mandatory=False,
            ),
            doc(
                "Văn bản chứng minh việc mang thai hộ (đối với trẻ sinh ra do mang thai hộ)",
                mandatory=False,
            ),
        ],
        fees=[
            fee(
                "Lệ phí đăng ký khai sinh quá hạn" + HT_FEE_NOTE,
                8000,
                exemptions=[
                    "Đăng ký khai sinh đúng hạn (trong 60 ngày kể từ ngày sinh)",
                    *HT_EXEMPT,
                ],
            )
        ],
        forms=[("Tờ khai đăng ký khai sinh", "to-khai-dang-ky-khai-sinh.docx")],
        eform=[
            field("ho_ten_tre", "Họ, chữ đệm, tên của trẻ"),
            field("ngay_sinh_tre", "Ngày, tháng, năm sinh", "date"),
            field("gioi_tinh", "Giới tính", "select", choices=["Nam", "Nữ"]),
            field("noi_sinh", "Nơi sinh (tên cơ sở y tế hoặc địa chỉ)"),
            field("ho_ten_me", "Họ, chữ đệm, tên người mẹ"),
            field("ho_ten_cha", "Họ, chữ đệm, tên người cha", required=False),
            applicant("Họ, chữ đệm, tên người đi đăng ký"),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020", "ND87", "TT01_2022", "TT85"),
        process=commune_process(
            4.5,
            "Công chức tư pháp - hộ tịch kiểm tra, ghi Sổ đăng ký khai sinh, cập nhật Cơ sở dữ "
            "liệu hộ tịch điện tử, in Giấy khai sinh",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký Giấy khai sinh",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="1.000656",
        name="Đăng ký khai tử",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=SAME_DAY,
        online="full",
        steps=[
            "Bước 1: Người có trách nhiệm đi khai tử nộp hồ sơ tại UBND cấp xã nơi cư trú cuối "
            "cùng của người chết, hoặc nộp trực tuyến.",
            "Bước 2: Công chức tư pháp - hộ tịch kiểm tra; nếu việc khai tử đúng thì ghi vào Sổ "
            "đăng ký khai tử, cùng người đi khai tử ký tên vào Sổ.",
            "Bước 3: Chủ tịch UBND cấp xã cấp Trích lục khai tử; trường hợp cần xác minh thì thời "
            "hạn giải quyết không quá 03 ngày làm việc.",
        ],
        conditions="Trong thời hạn 15 ngày kể từ ngày có người chết, vợ, chồng hoặc con, cha, mẹ "
        "hoặc người thân thích khác của người chết có trách nhiệm đi khai tử.",
        result="Trích lục khai tử (bản chính)",
        cases=[
            case("TH1", "Hồ sơ đầy đủ, không cần xác minh"),
            case("TH2", "Trường hợp cần xác minh", days(3)),
        ],
        documents=[
            doc("Tờ khai đăng ký khai tử theo mẫu", form="to-khai-dang-ky-khai-tu.docx"),
            doc(
                "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử do cơ quan có thẩm quyền cấp",
            ),
        ],
        fees=[
            fee(
                "Lệ phí đăng ký khai tử quá hạn" + HT_FEE_NOTE,
                8000,
                exemptions=["Đăng ký khai tử đúng hạn (trong 15 ngày kể từ ngày chết)", *HT_EXEMPT],
            )
        ],
        forms=[("Tờ khai đăng ký khai tử", "to-khai-dang-ky-khai-tu.docx")],
        eform=[
            field("ho_ten_nguoi_chet", "Họ, chữ đệm, tên người đã chết"),
            field("ngay_chet", "Ngày, tháng, năm chết", "date"),
            field("noi_chet", "Nơi chết"),
            field("nguyen_nhan_chet", "Nguyên nhân chết", required=False),
            applicant("Họ, chữ đệm, tên người đi khai tử"),
            field("quan_he", "Quan hệ với người đã chết"),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020", "ND87", "TT85"),
        process=commune_process(
            4.5,
            "Công chức tư pháp - hộ tịch kiểm tra, ghi Sổ đăng ký khai tử, cập nhật Cơ sở dữ liệu "
            "hộ tịch điện tử",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký Trích lục khai tử",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="1.000894",
        name="Đăng ký kết hôn",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=SAME_DAY,
        online="partial",
        steps=[
            "Bước 1: Hai bên nam, nữ nộp hồ sơ tại UBND cấp xã nơi cư trú của một trong hai bên, "
            "hoặc nộp trực tuyến và đến nhận kết quả trực tiếp.",
            "Bước 2: Công chức tư pháp - hộ tịch kiểm tra; nếu đủ điều kiện kết hôn theo Luật Hôn "
            "nhân và gia đình thì ghi vào Sổ đăng ký kết hôn.",
            "Bước 3: Hai bên nam, nữ cùng có mặt, ký tên vào Sổ và Giấy chứng nhận kết hôn; Chủ "
            "tịch UBND cấp xã trao Giấy chứng nhận kết hôn. Trường hợp cần xác minh điều kiện kết "
            "hôn thì thời hạn không quá 05 ngày làm việc.",
        ],
        conditions="Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; tự nguyện; không mất năng lực hành vi dân "
        "sự; không thuộc trường hợp cấm kết hôn (Điều 8 Luật Hôn nhân và gia đình 2014). Hai bên "
        "phải có mặt khi đăng ký.",
        result="Giấy chứng nhận kết hôn (mỗi bên 01 bản chính)",
        cases=[
            case("TH1", "Đủ giấy tờ, không cần xác minh"),
            case("TH2", "Cần xác minh điều kiện kết hôn", days(5)),
        ],
        documents=[
            doc("Tờ khai đăng ký kết hôn theo mẫu", form="to-khai-dang-ky-ket-hon.docx"),
            doc(
                "Giấy xác nhận tình trạng hôn nhân (nếu đăng ký kết hôn tại UBND cấp xã không phải "
                "nơi thường trú)",
                mandatory=False,
                reusable=True,
            ),
        ],
        fees=[
            fee(
                "Lệ phí đăng ký kết hôn" + HT_FEE_NOTE,
                0,
                exemptions=[
                    "Miễn lệ phí đăng ký kết hôn của công dân Việt Nam cư trú ở trong nước "
                    "(khoản 1 Điều 11 Luật Hộ tịch)"
                ],
            )
        ],
        forms=[("Tờ khai đăng ký kết hôn", "to-khai-dang-ky-ket-hon.docx")],
        eform=[
            field("ho_ten_nam", "Họ, chữ đệm, tên bên nam"),
            field("ngay_sinh_nam", "Ngày sinh bên nam", "date"),
            field("ho_ten_nu", "Họ, chữ đệm, tên bên nữ"),
            field("ngay_sinh_nu", "Ngày sinh bên nữ", "date"),
            field("lan_ket_hon", "Kết hôn lần thứ", "number", required=False),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020", "ND87"),
        process=commune_process(
            4.5,
            "Công chức tư pháp - hộ tịch kiểm tra điều kiện kết hôn, ghi Sổ đăng ký kết hôn, in "
            "Giấy chứng nhận kết hôn",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký, tổ chức trao Giấy chứng nhận kết hôn",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="1.004873",
        name="Cấp Giấy xác nhận tình trạng hôn nhân",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=days(3),
        online="full",
        steps=[
            "Bước 1: Người yêu cầu nộp hồ sơ tại UBND cấp xã nơi thường trú (hoặc nơi tạm trú "
            "nếu không có nơi thường trú), hoặc nộp trực tuyến.",
            "Bước 2: Công chức tư pháp - hộ tịch kiểm tra, xác minh tình trạng hôn nhân; nếu người "
            "yêu cầu đã từng thường trú ở nhiều nơi thì đề nghị UBND cấp xã nơi cư trú trước đây "
            "kiểm tra, xác minh.",
            "Bước 3: Chủ tịch UBND cấp xã ký Giấy xác nhận tình trạng hôn nhân trong thời hạn 03 "
            "ngày làm việc.",
        ],
        result="Giấy xác nhận tình trạng hôn nhân (có giá trị 06 tháng kể từ ngày cấp)",
        documents=[
            doc(
                "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu",
                form="to-khai-xac-nhan-tinh-trang-hon-nhan.docx",
            ),
            doc(
                "Giấy tờ chứng minh việc ly hôn hoặc người vợ/chồng đã chết (nếu đã từng kết hôn)",
                mandatory=False,
                copies=1,
                originals=0,
            ),
        ],
        fees=[
            fee(
                "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân" + HT_FEE_NOTE,
                3000,
                exemptions=HT_EXEMPT,
            )
        ],
        forms=[
            (
                "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
                "to-khai-xac-nhan-tinh-trang-hon-nhan.docx",
            )
        ],
        eform=[
            applicant(),
            CCCD,
            field("noi_cu_tru", "Nơi cư trú"),
            field(
                "tinh_trang_hon_nhan",
                "Tình trạng hôn nhân hiện tại",
                "select",
                choices=["Chưa kết hôn", "Đã ly hôn", "Vợ/chồng đã chết", "Đang có vợ/chồng"],
            ),
            field("muc_dich", "Mục đích sử dụng"),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020", "ND87", "TT85"),
        process=commune_process(
            24,
            "Công chức tư pháp - hộ tịch kiểm tra, xác minh tình trạng hôn nhân trên Cơ sở dữ liệu "
            "hộ tịch, dự thảo Giấy xác nhận",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký Giấy xác nhận tình trạng hôn nhân",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.HT.05",
        name="Đăng ký nhận cha, mẹ, con",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=days(3),
        online="partial",
        steps=[
            "Bước 1: Người yêu cầu nộp hồ sơ tại UBND cấp xã nơi cư trú của người nhận hoặc người "
            "được nhận là cha, mẹ, con.",
            "Bước 2: Trong thời hạn 03 ngày làm việc, công chức tư pháp - hộ tịch kiểm tra; nếu việc "
            "nhận cha, mẹ, con là đúng và không có tranh chấp thì ghi vào Sổ hộ tịch; trường hợp cần "
            "xác minh thì thời hạn kéo dài thêm không quá 05 ngày làm việc.",
            "Bước 3: Nếu không có tranh chấp, hai bên có mặt, ký vào Sổ hộ tịch; Chủ tịch UBND cấp "
            "xã cấp Trích lục đăng ký nhận cha, mẹ, con.",
        ],
        conditions="Việc nhận cha, mẹ, con là tự nguyện và không có tranh chấp; người nhận và "
        "người được nhận phải có mặt khi đăng ký.",
        result="Trích lục đăng ký nhận cha, mẹ, con",
        cases=[
            case("TH1", "Không cần xác minh"),
            case("TH2", "Cần xác minh", days(8)),
        ],
        documents=[
            doc(
                "Tờ khai đăng ký nhận cha, mẹ, con theo mẫu",
                form="to-khai-nhan-cha-me-con.docx",
            ),
            doc(
                "Văn bản của cơ quan y tế, giám định hoặc cơ quan có thẩm quyền xác nhận quan hệ "
                "cha con, mẹ con; hoặc thư từ, phim ảnh, băng hình, đồ dùng chứng minh quan hệ",
            ),
        ],
        fees=[
            fee(
                "Lệ phí đăng ký nhận cha, mẹ, con" + HT_FEE_NOTE,
                15000,
                exemptions=HT_EXEMPT,
            )
        ],
        forms=[("Tờ khai đăng ký nhận cha, mẹ, con", "to-khai-nhan-cha-me-con.docx")],
        eform=[
            applicant("Họ, chữ đệm, tên người nhận"),
            CCCD,
            field("ho_ten_nguoi_duoc_nhan", "Họ, chữ đệm, tên người được nhận"),
            field("quan_he", "Quan hệ", "select", choices=["Cha - con", "Mẹ - con"]),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020", "TT85"),
        process=commune_process(
            24,
            "Công chức tư pháp - hộ tịch kiểm tra, xác minh (nếu cần), ghi Sổ hộ tịch",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký Trích lục",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.HT.06",
        name="Đăng ký giám hộ",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=days(3),
        online="partial",
        steps=[
            "Bước 1: Người yêu cầu nộp hồ sơ tại UBND cấp xã nơi cư trú của người được giám hộ "
            "hoặc người giám hộ.",
            "Bước 2: Trong thời hạn 03 ngày làm việc, nếu thấy đủ điều kiện thì công chức tư pháp - "
            "hộ tịch ghi việc giám hộ vào Sổ hộ tịch, cùng người đi đăng ký ký vào Sổ.",
            "Bước 3: Chủ tịch UBND cấp xã cấp Trích lục đăng ký giám hộ.",
        ],
        conditions="Người giám hộ đáp ứng điều kiện theo Bộ luật Dân sự; có văn bản cử người giám "
        "hộ (đối với giám hộ cử).",
        result="Trích lục đăng ký giám hộ",
        documents=[
            doc("Tờ khai đăng ký giám hộ theo mẫu", form="to-khai-dang-ky-giam-ho.docx"),
            doc("Văn bản cử người giám hộ theo quy định của Bộ luật Dân sự"),
        ],
        fees=[
            fee(
                "Lệ phí đăng ký giám hộ",
                0,
                exemptions=["Miễn lệ phí đăng ký giám hộ (khoản 1 Điều 11 Luật Hộ tịch)"],
            )
        ],
        forms=[("Tờ khai đăng ký giám hộ", "to-khai-dang-ky-giam-ho.docx")],
        eform=[
            applicant("Họ, chữ đệm, tên người giám hộ"),
            CCCD,
            field("ho_ten_nguoi_duoc_giam_ho", "Họ, chữ đệm, tên người được giám hộ"),
            field("ngay_sinh_nguoi_duoc_giam_ho", "Ngày sinh người được giám hộ", "date"),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020"),
        process=commune_process(
            24,
            "Công chức tư pháp - hộ tịch kiểm tra điều kiện giám hộ, ghi Sổ hộ tịch",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký Trích lục đăng ký giám hộ",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.HT.07",
        name="Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=days(3),
        online="full",
        steps=[
            "Bước 1: Người yêu cầu nộp hồ sơ tại UBND cấp xã nơi đã đăng ký hộ tịch trước đây "
            "hoặc nơi cư trú.",
            "Bước 2: Công chức tư pháp - hộ tịch kiểm tra; thay đổi, cải chính hộ tịch cho người "
            "dưới 14 tuổi giải quyết trong 03 ngày làm việc (cần xác minh thì kéo dài thêm không "
            "quá 03 ngày làm việc); bổ sung thông tin hộ tịch giải quyết ngay trong ngày.",
            "Bước 3: Chủ tịch UBND cấp xã ký Trích lục thay đổi, cải chính, bổ sung thông tin hộ "
            "tịch.",
        ],
        result="Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
        cases=[
            case("TH1", "Thay đổi, cải chính hộ tịch cho người dưới 14 tuổi"),
            case("TH2", "Bổ sung thông tin hộ tịch", SAME_DAY),
            case("TH3", "Thay đổi, cải chính cần xác minh", days(6)),
        ],
        documents=[
            doc(
                "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu",
                form="to-khai-thay-doi-cai-chinh-ho-tich.docx",
            ),
            doc("Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung", copies=1, originals=0),
        ],
        fees=[
            fee(
                "Lệ phí thay đổi, cải chính hộ tịch" + HT_FEE_NOTE,
                15000,
                case="TH1",
                exemptions=HT_EXEMPT,
            ),
            fee(
                "Lệ phí bổ sung thông tin hộ tịch" + HT_FEE_NOTE,
                15000,
                case="TH2",
                exemptions=HT_EXEMPT,
            ),
        ],
        forms=[
            (
                "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
                "to-khai-thay-doi-cai-chinh-ho-tich.docx",
            )
        ],
        eform=[
            applicant(),
            CCCD,
            field("noi_dung_de_nghi", "Nội dung đề nghị thay đổi, cải chính, bổ sung", "textarea"),
            field("ly_do", "Lý do", "textarea"),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020", "TT85"),
        process=commune_process(
            7,
            "Công chức tư pháp - hộ tịch kiểm tra căn cứ, ghi nội dung thay đổi, cải chính, bổ "
            "sung vào Sổ hộ tịch",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký Trích lục",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="2.000635",
        name="Cấp bản sao Trích lục hộ tịch",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=SAME_DAY,
        online="full",
        steps=[
            "Bước 1: Người yêu cầu nộp tờ khai tại UBND cấp xã nơi đang lưu giữ Sổ hộ tịch hoặc "
            "nộp trực tuyến.",
            "Bước 2: Công chức tư pháp - hộ tịch kiểm tra, đối chiếu Sổ hộ tịch/Cơ sở dữ liệu hộ "
            "tịch điện tử, in bản sao Trích lục.",
            "Bước 3: Trả bản sao Trích lục ngay trong ngày; nhận yêu cầu sau 15 giờ thì trả trong "
            "ngày làm việc tiếp theo.",
        ],
        result="Bản sao Trích lục hộ tịch (bản giấy hoặc bản điện tử)",
        documents=[
            doc(
                "Tờ khai cấp bản sao Trích lục hộ tịch theo mẫu",
                form="to-khai-cap-ban-sao-trich-luc.docx",
            ),
            doc(
                "Văn bản ủy quyền (nếu người yêu cầu ủy quyền cho người khác)",
                mandatory=False,
            ),
        ],
        fees=[fee("Phí cấp bản sao Trích lục hộ tịch", 8000, "per_copy")],
        forms=[("Tờ khai cấp bản sao Trích lục hộ tịch", "to-khai-cap-ban-sao-trich-luc.docx")],
        eform=[
            applicant(),
            CCCD,
            field(
                "loai_trich_luc",
                "Loại trích lục",
                "select",
                choices=["Khai sinh", "Kết hôn", "Khai tử", "Nhận cha, mẹ, con", "Giám hộ"],
            ),
            field("so_luong", "Số bản sao đề nghị cấp", "number"),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020", "ND87", "TT281"),
        process=commune_process(
            3,
            "Công chức tư pháp - hộ tịch tra cứu Sổ hộ tịch, in bản sao Trích lục",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký bản sao Trích lục",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.HT.09",
        name="Đăng ký lại khai sinh",
        field_="HT",
        level="commune",
        agency=None,
        time_limit=days(5),
        online="partial",
        steps=[
            "Bước 1: Người yêu cầu nộp hồ sơ tại UBND cấp xã nơi đã đăng ký khai sinh trước đây "
            "hoặc nơi thường trú.",
            "Bước 2: Công chức tư pháp - hộ tịch kiểm tra, xác minh; nếu việc đăng ký lại khai "
            "sinh là đúng thì báo cáo Chủ tịch UBND cấp xã trong thời hạn 05 ngày làm việc.",
            "Bước 3: Chủ tịch UBND cấp xã ký, cấp bản chính Giấy khai sinh.",
        ],
        conditions="Việc khai sinh đã được đăng ký tại cơ quan có thẩm quyền của Việt Nam trước "
        "ngày 01/01/2016 nhưng Sổ hộ tịch và bản chính Giấy khai sinh đều bị mất.",
        result="Giấy khai sinh (bản chính) ghi “Đăng ký lại”",
        documents=[
            doc(
                "Tờ khai đăng ký lại khai sinh theo mẫu", form="to-khai-dang-ky-lai-khai-sinh.docx"
            ),
            doc(
                "Bản sao Giấy khai sinh hoặc giấy tờ, tài liệu có nội dung liên quan đến thông tin "
                "khai sinh (hồ sơ học tập, hồ sơ cán bộ, ...)",
                originals=0,
                copies=1,
            ),
        ],
        fees=[
            fee("Lệ phí đăng ký lại khai sinh" + HT_FEE_NOTE, 15000, exemptions=HT_EXEMPT),
        ],
        forms=[("Tờ khai đăng ký lại khai sinh", "to-khai-dang-ky-lai-khai-sinh.docx")],
        eform=[
            applicant(),
            CCCD,
            field("ngay_sinh", "Ngày, tháng, năm sinh", "date"),
            field("noi_dang_ky_truoc", "Nơi đã đăng ký khai sinh trước đây"),
            PHONE,
        ],
        legal=laws("LHT", "ND123", "TT04_2020", "TT85"),
        process=commune_process(
            40,
            "Công chức tư pháp - hộ tịch kiểm tra, xác minh hồ sơ, ghi Sổ đăng ký khai sinh",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký Giấy khai sinh",
        ),
        effective_from=D1,
    )
)

# =============================================================================================
# Chứng thực — cấp xã
# =============================================================================================
CT_STEPS_SAME_DAY = [
    "Bước 1: Người yêu cầu xuất trình/nộp giấy tờ tại Bộ phận Một cửa UBND cấp xã.",
    "Bước 2: Người thực hiện chứng thực kiểm tra giấy tờ, ghi lời chứng, ký, ghi rõ họ tên, "
    "đóng dấu và ghi vào sổ chứng thực.",
    "Bước 3: Trả kết quả ngay trong ngày tiếp nhận; trường hợp tiếp nhận sau 15 giờ thì trả "
    "trong ngày làm việc tiếp theo.",
]

add(
    procedure(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền "
        "của Việt Nam cấp hoặc chứng nhận",
        field_="CT",
        level="commune",
        agency=None,
        time_limit=SAME_DAY,
        channels=("counter",),
        steps=CT_STEPS_SAME_DAY,
        conditions="Bản chính không thuộc các trường hợp không được dùng làm cơ sở chứng thực bản "
        "sao (Điều 22 Nghị định 23/2015/NĐ-CP): bị tẩy xóa, sửa chữa, hư hỏng, cũ nát không xác "
        "định được nội dung; đóng dấu mật; có nội dung trái pháp luật, đạo đức xã hội.",
        result="Bản sao có chứng thực",
        electronic=False,
        documents=[
            doc("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao (xuất trình)"),
            doc(
                "Bản sao cần chứng thực (nếu người yêu cầu tự chuẩn bị)",
                originals=0,
                copies=1,
                mandatory=False,
            ),
        ],
        fees=[
            fee("Phí chứng thực bản sao từ bản chính, trang thứ nhất và thứ hai", 2000, "per_page"),
            fee(
                "Phí chứng thực bản sao từ bản chính, từ trang thứ ba trở lên (tối đa 200.000 đồng/bản)",
                1000,
                "per_page",
            ),
        ],
        legal=laws("ND23", "TT01_2020_BTP", "TT226"),
        process=commune_process(
            3,
            "Công chức tư pháp - hộ tịch đối chiếu bản sao với bản chính, ghi lời chứng",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký chứng thực, đóng dấu",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.CT.02",
        name="Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực "
        "điểm chỉ và trường hợp người yêu cầu không ký, không điểm chỉ được)",
        field_="CT",
        level="commune",
        agency=None,
        time_limit=SAME_DAY,
        channels=("counter",),
        steps=[
            "Bước 1: Người yêu cầu xuất trình giấy tờ tùy thân còn giá trị và giấy tờ, văn bản sẽ "
            "ký tại Bộ phận Một cửa UBND cấp xã.",
            "Bước 2: Người thực hiện chứng thực kiểm tra; người yêu cầu ký trước mặt người thực "
            "hiện chứng thực; ghi lời chứng, ký, đóng dấu, ghi vào sổ chứng thực.",
            "Bước 3: Trả kết quả ngay trong ngày; tiếp nhận sau 15 giờ thì trả trong ngày làm việc "
            "tiếp theo.",
        ],
        conditions="Người yêu cầu chứng thực chữ ký phải ký trước mặt người thực hiện chứng thực; "
        "minh mẫn, nhận thức và làm chủ được hành vi của mình.",
        result="Giấy tờ, văn bản đã được chứng thực chữ ký",
        electronic=False,
        documents=[
            doc(
                "Bản chính hoặc bản sao có chứng thực giấy tờ tùy thân còn giá trị sử dụng (xuất trình)",
                reusable=True,
            ),
            doc("Giấy tờ, văn bản mà mình sẽ ký"),
        ],
        fees=[fee("Phí chứng thực chữ ký", 10000, "per_item")],
        legal=laws("ND23", "TT01_2020_BTP", "TT226"),
        process=commune_process(
            3,
            "Công chức tư pháp - hộ tịch kiểm tra giấy tờ, chứng kiến việc ký, ghi lời chứng",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký chứng thực, đóng dấu",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.CT.03",
        name="Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        field_="CT",
        level="commune",
        agency=None,
        time_limit=days(2),
        channels=("counter",),
        applicants=("individual", "organization"),
        steps=[
            "Bước 1: Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa UBND cấp xã.",
            "Bước 2: Người thực hiện chứng thực kiểm tra giấy tờ, năng lực hành vi dân sự, sự tự "
            "nguyện của các bên; các bên ký trước mặt người thực hiện chứng thực.",
            "Bước 3: Chủ tịch (Phó Chủ tịch) UBND cấp xã ghi lời chứng, ký, đóng dấu; thời hạn "
            "không quá 02 ngày làm việc.",
        ],
        result="Hợp đồng, giao dịch được chứng thực",
        electronic=False,
        cases=[
            case("TH1", "Chứng thực hợp đồng, giao dịch"),
            case("TH2", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch"),
            case("TH3", "Sửa lỗi sai sót trong hợp đồng, giao dịch đã được chứng thực"),
        ],
        documents=[
            doc("Dự thảo hợp đồng, giao dịch"),
            doc(
                "Bản sao giấy tờ tùy thân của người yêu cầu chứng thực",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc(
                "Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng hoặc giấy tờ thay thế đối với "
                "tài sản mà pháp luật quy định phải đăng ký",
                originals=0,
                copies=1,
                mandatory=False,
            ),
            doc("Hợp đồng, giao dịch đã được chứng thực", case="TH2"),
            doc("Hợp đồng, giao dịch đã được chứng thực", case="TH3"),
        ],
        fees=[
            fee("Phí chứng thực hợp đồng, giao dịch", 50000, "per_item", case="TH1"),
            fee(
                "Phí chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
                30000,
                "per_item",
                case="TH2",
            ),
            fee(
                "Phí sửa lỗi sai sót trong hợp đồng, giao dịch đã được chứng thực",
                25000,
                "per_item",
                case="TH3",
            ),
        ],
        legal=laws("ND23", "TT01_2020_BTP", "TT226"),
        process=commune_process(
            16,
            "Công chức tư pháp - hộ tịch kiểm tra hồ sơ, năng lực hành vi dân sự và sự tự nguyện "
            "của các bên, chứng kiến việc ký",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký chứng thực, đóng dấu",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.CT.04",
        name="Chứng thực di chúc",
        field_="CT",
        level="commune",
        agency=None,
        time_limit=days(2),
        channels=("counter",),
        steps=[
            "Bước 1: Người lập di chúc nộp hồ sơ tại Bộ phận Một cửa UBND cấp xã (trường hợp "
            "người lập di chúc bị bệnh, không thể đến thì người thực hiện chứng thực đến chỗ ở).",
            "Bước 2: Người thực hiện chứng thực kiểm tra; người lập di chúc ký trước mặt người thực "
            "hiện chứng thực.",
            "Bước 3: Ghi lời chứng, ký, đóng dấu; thời hạn không quá 02 ngày làm việc.",
        ],
        conditions="Người lập di chúc phải tự mình yêu cầu chứng thực, không được ủy quyền; minh "
        "mẫn, sáng suốt.",
        result="Di chúc được chứng thực",
        electronic=False,
        documents=[
            doc("Dự thảo di chúc"),
            doc(
                "Bản sao giấy tờ tùy thân của người lập di chúc",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc(
                "Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản (nếu di chúc liên quan "
                "đến tài sản phải đăng ký)",
                originals=0,
                copies=1,
                mandatory=False,
            ),
        ],
        fees=[fee("Phí chứng thực di chúc", 50000, "per_item")],
        legal=laws("ND23", "TT01_2020_BTP", "TT226"),
        process=commune_process(
            16,
            "Công chức tư pháp - hộ tịch kiểm tra, chứng kiến người lập di chúc ký",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký chứng thực, đóng dấu",
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.CT.05",
        name="Chứng thực bản sao điện tử từ bản chính",
        field_="CT",
        level="commune",
        agency=None,
        time_limit=SAME_DAY,
        online="partial",
        steps=[
            "Bước 1: Người yêu cầu nộp yêu cầu trực tuyến trên Cổng Dịch vụ công hoặc tại Bộ phận "
            "Một cửa, xuất trình bản chính giấy tờ.",
            "Bước 2: Người thực hiện chứng thực đối chiếu bản chính, chụp/số hóa, ký số lên bản "
            "sao điện tử.",
            "Bước 3: Trả bản sao điện tử có chứng thực vào tài khoản của người yêu cầu ngay trong "
            "ngày; tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
        ],
        result="Bản sao điện tử có chứng thực (ký số)",
        documents=[
            doc("Bản chính giấy tờ, văn bản cần chứng thực bản sao điện tử (xuất trình)"),
        ],
        fees=[
            fee("Phí chứng thực bản sao, trang thứ nhất và thứ hai", 2000, "per_page"),
            fee(
                "Phí chứng thực bản sao, từ trang thứ ba trở lên (tối đa 200.000 đồng/bản)",
                1000,
                "per_page",
            ),
        ],
        eform=[
            applicant(),
            CCCD,
            field("ten_giay_to", "Tên giấy tờ cần chứng thực"),
            field("so_trang", "Số trang", "number"),
            field("so_ban", "Số bản sao", "number"),
            EMAIL,
        ],
        legal=laws("ND23", "ND45", "TT01_2020_BTP", "TT226"),
        process=commune_process(
            3,
            "Công chức tư pháp - hộ tịch đối chiếu bản chính, số hóa, lập bản sao điện tử",
            "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký số chứng thực",
        ),
        effective_from=D1,
    )
)

# =============================================================================================
# Lý lịch tư pháp — Sở Tư pháp (liên thông với Công an tỉnh)
# =============================================================================================
LLTP_EXEMPT = [
    "Trẻ em theo quy định tại Luật Trẻ em",
    "Người cao tuổi theo quy định tại Luật Người cao tuổi",
    "Người khuyết tật theo quy định tại Luật Người khuyết tật",
    "Người thuộc hộ nghèo",
    "Người cư trú tại xã đặc biệt khó khăn, đồng bào dân tộc thiểu số ở xã có điều kiện kinh tế "
    "- xã hội đặc biệt khó khăn",
]

add(
    procedure(
        code="2.001417",
        name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại "
        "Việt Nam",
        field_="LLTP",
        level="province",
        agency=SO_TU_PHAP,
        cooperating=(CONG_AN,),
        lead=SO_TU_PHAP,
        time_limit=days(10),
        online="full",
        steps=[
            "Bước 1: Người yêu cầu nộp Tờ khai và giấy tờ tại Trung tâm Phục vụ hành chính công "
            "tỉnh, qua bưu chính hoặc trực tuyến (Cổng Dịch vụ công, ứng dụng VNeID).",
            "Bước 2: Sở Tư pháp tra cứu Cơ sở dữ liệu lý lịch tư pháp; đề nghị Công an tỉnh tra "
            "cứu thông tin án tích; xác minh điều kiện đương nhiên được xóa án tích (nếu có).",
            "Bước 3: Sở Tư pháp lập Phiếu lý lịch tư pháp, Giám đốc (Phó Giám đốc) Sở ký; trả kết "
            "quả trong thời hạn 10 ngày (15 ngày đối với trường hợp đã cư trú ở nhiều nơi, có thời "
            "gian cư trú ở nước ngoài, người nước ngoài hoặc phải xác minh điều kiện đương nhiên "
            "được xóa án tích).",
        ],
        conditions="Phiếu lý lịch tư pháp số 2 chỉ cấp cho chính người được cấp, không được ủy "
        "quyền yêu cầu cấp.",
        result="Phiếu lý lịch tư pháp số 1 hoặc số 2 (bản giấy hoặc bản điện tử)",
        cases=[
            case("TH1", "Yêu cầu cấp Phiếu lý lịch tư pháp số 1"),
            case("TH2", "Yêu cầu cấp Phiếu lý lịch tư pháp số 2"),
            case(
                "TH3",
                "Người đã cư trú ở nhiều nơi, có thời gian cư trú ở nước ngoài, người nước ngoài, "
                "hoặc phải xác minh điều kiện đương nhiên được xóa án tích",
                days(15),
            ),
        ],
        documents=[
            doc(
                "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)",
                form="to-khai-phieu-lltp-mau-03.docx",
            ),
            doc(
                "Bản chụp giấy tờ tùy thân (CCCD/căn cước, hộ chiếu) của người được cấp Phiếu",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc(
                "Văn bản ủy quyền và Tờ khai Mẫu số 04/2013/TT-LLTP (trường hợp ủy quyền yêu cầu "
                "cấp Phiếu số 1)",
                case="TH1",
                mandatory=False,
                form="to-khai-phieu-lltp-mau-04.docx",
            ),
            doc(
                "Giấy tờ chứng minh thuộc đối tượng miễn, giảm phí (nếu có)",
                originals=0,
                copies=1,
                mandatory=False,
            ),
        ],
        fees=[
            fee(
                "Phí cung cấp thông tin lý lịch tư pháp",
                200000,
                exemptions=LLTP_EXEMPT,
            ),
            fee(
                "Phí cung cấp thông tin lý lịch tư pháp đối với sinh viên, người có công với cách "
                "mạng, thân nhân liệt sĩ",
                100000,
            ),
            fee("Phí cấp từ Phiếu thứ 3 trở đi trong một lần yêu cầu", 5000, "per_copy"),
        ],
        forms=[
            (
                "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)",
                "to-khai-phieu-lltp-mau-03.docx",
            ),
            (
                "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp dùng cho trường hợp ủy quyền (Mẫu số "
                "04/2013/TT-LLTP)",
                "to-khai-phieu-lltp-mau-04.docx",
            ),
        ],
        eform=[
            applicant("Họ, chữ đệm, tên người được cấp Phiếu"),
            CCCD,
            field("ngay_sinh", "Ngày, tháng, năm sinh", "date"),
            field("noi_thuong_tru", "Nơi thường trú"),
            field("loai_phieu", "Loại Phiếu", "select", choices=["Phiếu số 1", "Phiếu số 2"]),
            field("so_luong_phieu", "Số lượng Phiếu", "number"),
            field("muc_dich", "Mục đích sử dụng Phiếu"),
            PHONE,
        ],
        legal=laws("LLLTP", "ND111", "TT13_2011", "TT16_2013", "TT244"),
        process=province_process(
            agency=SO_TU_PHAP,
            unit=PHONG_HCTP,
            total_hours=80,
            specialist="Phòng Hành chính tư pháp kiểm tra, tra cứu Cơ sở dữ liệu lý lịch tư pháp, "
            "lập Phiếu lý lịch tư pháp",
            unit_head="Trưởng phòng Hành chính tư pháp kiểm tra, trình ký",
            leader="Giám đốc (Phó Giám đốc) Sở Tư pháp ký Phiếu lý lịch tư pháp",
            extra=[
                step(
                    "specialist",
                    32,
                    "Công an tỉnh tra cứu thông tin án tích, trả lời Sở Tư pháp",
                    agency=CONG_AN,
                )
            ],
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.LLTP.02",
        name="Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính "
        "trị - xã hội",
        field_="LLTP",
        level="province",
        agency=SO_TU_PHAP,
        cooperating=(CONG_AN,),
        lead=SO_TU_PHAP,
        applicants=("organization",),
        time_limit=days(10),
        online="partial",
        steps=[
            "Bước 1: Cơ quan, tổ chức gửi văn bản yêu cầu đến Sở Tư pháp qua Trung tâm Phục vụ "
            "hành chính công.",
            "Bước 2: Sở Tư pháp tra cứu, phối hợp Công an tỉnh xác minh thông tin án tích.",
            "Bước 3: Sở Tư pháp cấp Phiếu lý lịch tư pháp số 1 trong thời hạn 10 ngày.",
        ],
        conditions="Cơ quan, tổ chức yêu cầu để phục vụ công tác quản lý nhân sự, hoạt động đăng "
        "ký kinh doanh, thành lập, quản lý doanh nghiệp, hợp tác xã.",
        result="Phiếu lý lịch tư pháp số 1",
        documents=[
            doc(
                "Văn bản yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 05a/2013/TT-LLTP)",
                form="van-ban-yeu-cau-lltp-mau-05a.docx",
            ),
        ],
        fees=[
            fee(
                "Phí cung cấp thông tin lý lịch tư pháp",
                0,
                exemptions=[
                    "Cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội yêu cầu"
                ],
            )
        ],
        forms=[
            (
                "Văn bản yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 05a/2013/TT-LLTP)",
                "van-ban-yeu-cau-lltp-mau-05a.docx",
            )
        ],
        eform=[
            field("ten_co_quan", "Tên cơ quan, tổ chức yêu cầu"),
            field("ho_ten_nguoi_duoc_cap", "Họ, chữ đệm, tên người được cấp Phiếu"),
            CCCD,
            field("muc_dich", "Mục đích yêu cầu", "textarea"),
            EMAIL,
        ],
        legal=laws("LLLTP", "ND111", "TT13_2011", "TT16_2013"),
        process=province_process(
            agency=SO_TU_PHAP,
            unit=PHONG_HCTP,
            total_hours=80,
            specialist="Phòng Hành chính tư pháp tra cứu, lập Phiếu lý lịch tư pháp số 1",
            leader="Giám đốc (Phó Giám đốc) Sở Tư pháp ký Phiếu",
            extra=[
                step(
                    "specialist",
                    32,
                    "Công an tỉnh tra cứu thông tin án tích",
                    agency=CONG_AN,
                )
            ],
        ),
        effective_from=D1,
    )
)


# =============================================================================================
# Thành lập và hoạt động doanh nghiệp — Sở Kế hoạch và Đầu tư (Phòng Đăng ký kinh doanh)
# =============================================================================================
DN_STEPS = [
    "Bước 1: Người thành lập doanh nghiệp hoặc người được ủy quyền nộp hồ sơ trực tuyến trên Cổng "
    "thông tin quốc gia về đăng ký doanh nghiệp, hoặc nộp trực tiếp, qua bưu chính tại Trung tâm "
    "Phục vụ hành chính công tỉnh.",
    "Bước 2: Phòng Đăng ký kinh doanh kiểm tra tính hợp lệ của hồ sơ trong thời hạn 03 ngày làm "
    "việc; nếu hồ sơ chưa hợp lệ thì thông báo bằng văn bản nội dung cần sửa đổi, bổ sung.",
    "Bước 3: Cấp Giấy chứng nhận đăng ký doanh nghiệp; doanh nghiệp nộp phí công bố nội dung đăng "
    "ký doanh nghiệp trên Cổng thông tin quốc gia về đăng ký doanh nghiệp.",
]
DN_FEES = [
    fee(
        "Lệ phí đăng ký doanh nghiệp",
        50000,
        exemptions=["Đăng ký doanh nghiệp qua mạng thông tin điện tử"],
    ),
    fee("Phí công bố nội dung đăng ký doanh nghiệp", 100000),
]
DN_LEGAL = laws("LDN", "ND01_2021", "TT01_2021_KHDT", "TT47")


def dn_eform(extra: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    return [
        field("ten_doanh_nghiep", "Tên doanh nghiệp viết bằng tiếng Việt"),
        field("dia_chi_tru_so", "Địa chỉ trụ sở chính"),
        field(
            "nganh_nghe_chinh",
            "Ngành, nghề kinh doanh chính (mã ngành cấp 4)",
            pattern=r"^[0-9]{4}$",
        ),
        field("von", "Vốn điều lệ / vốn đầu tư (đồng)", "number"),
        field("ho_ten_nguoi_dai_dien", "Họ, chữ đệm, tên người đại diện theo pháp luật"),
        *(extra or []),
        PHONE,
        EMAIL,
    ]


def dn_process(specialist: str) -> list[dict[str, Any]]:
    return province_process(
        agency=SO_KHDT,
        unit=PHONG_DKKD,
        total_hours=24,
        specialist=specialist,
        unit_head="Trưởng phòng Đăng ký kinh doanh xem xét",
        leader="Trưởng phòng (Phó Trưởng phòng) Đăng ký kinh doanh ký Giấy chứng nhận",
    )


PERSONAL_PAPERS = doc(
    "Bản sao giấy tờ pháp lý của cá nhân (thẻ Căn cước công dân/căn cước hoặc hộ chiếu)",
    originals=0,
    copies=1,
    reusable=True,
)

add(
    procedure(
        code="BD.DKKD.01",
        name="Đăng ký thành lập doanh nghiệp tư nhân",
        field_="DKKD",
        level="province",
        agency=SO_KHDT,
        time_limit=days(3),
        online="full",
        steps=DN_STEPS,
        conditions="Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh; tên doanh nghiệp "
        "đặt theo đúng quy định; có hồ sơ hợp lệ; nộp đủ lệ phí. Mỗi cá nhân chỉ được quyền thành "
        "lập một doanh nghiệp tư nhân.",
        result="Giấy chứng nhận đăng ký doanh nghiệp",
        documents=[
            doc(
                "Giấy đề nghị đăng ký doanh nghiệp tư nhân (Phụ lục I-1, Thông tư 01/2021/TT-BKHĐT)",
                form="giay-de-nghi-dang-ky-dntn-phu-luc-i-1.docx",
            ),
            PERSONAL_PAPERS,
        ],
        fees=DN_FEES,
        forms=[
            (
                "Giấy đề nghị đăng ký doanh nghiệp tư nhân (Phụ lục I-1)",
                "giay-de-nghi-dang-ky-dntn-phu-luc-i-1.docx",
            )
        ],
        eform=dn_eform(),
        legal=DN_LEGAL,
        process=dn_process(
            "Chuyên viên Phòng Đăng ký kinh doanh kiểm tra hồ sơ, nhập dữ liệu vào Hệ thống thông tin "
            "quốc gia về đăng ký doanh nghiệp"
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DKKD.02",
        name="Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        field_="DKKD",
        level="province",
        agency=SO_KHDT,
        applicants=("individual", "organization"),
        time_limit=days(3),
        online="full",
        steps=DN_STEPS,
        conditions="Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh; tên doanh nghiệp "
        "đặt theo đúng quy định; có hồ sơ hợp lệ; nộp đủ lệ phí.",
        result="Giấy chứng nhận đăng ký doanh nghiệp",
        documents=[
            doc(
                "Giấy đề nghị đăng ký công ty TNHH một thành viên (Phụ lục I-2)",
                form="giay-de-nghi-dang-ky-tnhh-1tv-phu-luc-i-2.docx",
            ),
            doc("Điều lệ công ty"),
            doc(
                "Bản sao giấy tờ pháp lý của cá nhân đối với người đại diện theo pháp luật",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc(
                "Bản sao giấy tờ pháp lý của chủ sở hữu công ty (cá nhân hoặc tổ chức)",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc(
                "Văn bản cử người đại diện theo ủy quyền và bản sao giấy tờ pháp lý của người đại "
                "diện theo ủy quyền (trường hợp chủ sở hữu là tổ chức)",
                mandatory=False,
            ),
        ],
        fees=DN_FEES,
        forms=[
            (
                "Giấy đề nghị đăng ký công ty TNHH một thành viên (Phụ lục I-2)",
                "giay-de-nghi-dang-ky-tnhh-1tv-phu-luc-i-2.docx",
            )
        ],
        eform=dn_eform([field("chu_so_huu", "Tên chủ sở hữu công ty")]),
        legal=DN_LEGAL,
        process=dn_process(
            "Chuyên viên Phòng Đăng ký kinh doanh kiểm tra hồ sơ, Điều lệ, nhập dữ liệu vào Hệ thống"
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DKKD.03",
        name="Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên",
        field_="DKKD",
        level="province",
        agency=SO_KHDT,
        applicants=("individual", "organization"),
        time_limit=days(3),
        online="full",
        steps=DN_STEPS,
        conditions="Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh; tên doanh nghiệp "
        "đặt theo đúng quy định; có hồ sơ hợp lệ; nộp đủ lệ phí.",
        result="Giấy chứng nhận đăng ký doanh nghiệp",
        documents=[
            doc(
                "Giấy đề nghị đăng ký công ty TNHH hai thành viên trở lên (Phụ lục I-3)",
                form="giay-de-nghi-dang-ky-tnhh-2tv-phu-luc-i-3.docx",
            ),
            doc("Điều lệ công ty"),
            doc("Danh sách thành viên (Phụ lục I-6)"),
            doc(
                "Bản sao giấy tờ pháp lý của người đại diện theo pháp luật và của các thành viên",
                originals=0,
                copies=1,
                reusable=True,
            ),
        ],
        fees=DN_FEES,
        forms=[
            (
                "Giấy đề nghị đăng ký công ty TNHH hai thành viên trở lên (Phụ lục I-3)",
                "giay-de-nghi-dang-ky-tnhh-2tv-phu-luc-i-3.docx",
            )
        ],
        eform=dn_eform([field("so_thanh_vien", "Số thành viên góp vốn", "number")]),
        legal=DN_LEGAL,
        process=dn_process(
            "Chuyên viên Phòng Đăng ký kinh doanh kiểm tra hồ sơ, danh sách thành viên, nhập dữ liệu"
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DKKD.04",
        name="Đăng ký thành lập công ty cổ phần",
        field_="DKKD",
        level="province",
        agency=SO_KHDT,
        applicants=("individual", "organization"),
        time_limit=days(3),
        online="full",
        steps=DN_STEPS,
        conditions="Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh; tên doanh nghiệp "
        "đặt theo đúng quy định; có tối thiểu 03 cổ đông; có hồ sơ hợp lệ; nộp đủ lệ phí.",
        result="Giấy chứng nhận đăng ký doanh nghiệp",
        documents=[
            doc(
                "Giấy đề nghị đăng ký công ty cổ phần (Phụ lục I-4)",
                form="giay-de-nghi-dang-ky-ctcp-phu-luc-i-4.docx",
            ),
            doc("Điều lệ công ty"),
            doc("Danh sách cổ đông sáng lập (Phụ lục I-7)"),
            doc(
                "Danh sách cổ đông là nhà đầu tư nước ngoài (Phụ lục I-8), nếu có",
                mandatory=False,
            ),
            doc(
                "Bản sao giấy tờ pháp lý của người đại diện theo pháp luật và của các cổ đông sáng lập",
                originals=0,
                copies=1,
                reusable=True,
            ),
        ],
        fees=DN_FEES,
        forms=[
            (
                "Giấy đề nghị đăng ký công ty cổ phần (Phụ lục I-4)",
                "giay-de-nghi-dang-ky-ctcp-phu-luc-i-4.docx",
            )
        ],
        eform=dn_eform([field("so_co_dong_sang_lap", "Số cổ đông sáng lập", "number")]),
        legal=DN_LEGAL,
        process=dn_process(
            "Chuyên viên Phòng Đăng ký kinh doanh kiểm tra hồ sơ, danh sách cổ đông, nhập dữ liệu"
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DKKD.05",
        name="Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp (trong cùng tỉnh)",
        field_="DKKD",
        level="province",
        agency=SO_KHDT,
        applicants=("organization",),
        time_limit=days(3),
        online="full",
        steps=[
            "Bước 1: Doanh nghiệp nộp hồ sơ đăng ký thay đổi tại Phòng Đăng ký kinh doanh (qua mạng "
            "hoặc tại Trung tâm Phục vụ hành chính công).",
            "Bước 2: Phòng Đăng ký kinh doanh kiểm tra tính hợp lệ của hồ sơ trong 03 ngày làm việc.",
            "Bước 3: Cấp Giấy chứng nhận đăng ký doanh nghiệp mới ghi nhận địa chỉ trụ sở chính mới.",
        ],
        result="Giấy chứng nhận đăng ký doanh nghiệp (cập nhật địa chỉ trụ sở)",
        documents=[
            doc(
                "Thông báo thay đổi nội dung đăng ký doanh nghiệp (Phụ lục II-1)",
                form="thong-bao-thay-doi-phu-luc-ii-1.docx",
            ),
            doc(
                "Nghị quyết, quyết định và bản sao biên bản họp của Hội đồng thành viên/Đại hội đồng "
                "cổ đông hoặc quyết định của chủ sở hữu về việc thay đổi địa chỉ trụ sở chính",
            ),
        ],
        fees=DN_FEES,
        forms=[
            (
                "Thông báo thay đổi nội dung đăng ký doanh nghiệp (Phụ lục II-1)",
                "thong-bao-thay-doi-phu-luc-ii-1.docx",
            )
        ],
        eform=[
            field("ma_so_doanh_nghiep", "Mã số doanh nghiệp", pattern=r"^[0-9]{10}(-[0-9]{3})?$"),
            field("ten_doanh_nghiep", "Tên doanh nghiệp"),
            field("dia_chi_moi", "Địa chỉ trụ sở chính mới"),
            PHONE,
            EMAIL,
        ],
        legal=DN_LEGAL,
        process=dn_process("Chuyên viên Phòng Đăng ký kinh doanh kiểm tra hồ sơ thay đổi"),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DKKD.06",
        name="Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo",
        field_="DKKD",
        level="province",
        agency=SO_KHDT,
        applicants=("organization",),
        time_limit=days(3),
        online="full",
        steps=[
            "Bước 1: Doanh nghiệp gửi thông báo chậm nhất 03 ngày làm việc trước ngày tạm ngừng "
            "kinh doanh hoặc tiếp tục kinh doanh.",
            "Bước 2: Phòng Đăng ký kinh doanh kiểm tra tính hợp lệ của hồ sơ.",
            "Bước 3: Cấp Giấy xác nhận về việc doanh nghiệp đăng ký tạm ngừng kinh doanh hoặc tiếp "
            "tục kinh doanh trước thời hạn.",
        ],
        result="Giấy xác nhận về việc doanh nghiệp đăng ký tạm ngừng kinh doanh / tiếp tục kinh doanh",
        documents=[
            doc(
                "Thông báo tạm ngừng kinh doanh/tiếp tục kinh doanh (Phụ lục II-19)",
                form="thong-bao-tam-ngung-phu-luc-ii-19.docx",
            ),
            doc(
                "Nghị quyết, quyết định của chủ sở hữu, Hội đồng thành viên hoặc Đại hội đồng cổ đông "
                "về việc tạm ngừng kinh doanh (đối với công ty)",
                mandatory=False,
            ),
        ],
        fees=[
            fee(
                "Lệ phí",
                0,
                exemptions=["Không thu lệ phí đối với thông báo tạm ngừng, tiếp tục kinh doanh"],
            )
        ],
        forms=[
            (
                "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh (Phụ lục II-19)",
                "thong-bao-tam-ngung-phu-luc-ii-19.docx",
            )
        ],
        eform=[
            field("ma_so_doanh_nghiep", "Mã số doanh nghiệp", pattern=r"^[0-9]{10}(-[0-9]{3})?$"),
            field(
                "loai_thong_bao",
                "Loại thông báo",
                "select",
                choices=["Tạm ngừng kinh doanh", "Tiếp tục kinh doanh trước thời hạn"],
            ),
            field("tu_ngay", "Từ ngày", "date"),
            field("den_ngay", "Đến ngày", "date", required=False),
            field("ly_do", "Lý do", "textarea", required=False),
            EMAIL,
        ],
        legal=laws("LDN", "ND01_2021", "TT01_2021_KHDT"),
        process=dn_process(
            "Chuyên viên Phòng Đăng ký kinh doanh kiểm tra thông báo, cập nhật Hệ thống"
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Đất đai — Sở Tài nguyên và Môi trường (Văn phòng Đăng ký đất đai), liên thông Cục Thuế
# =============================================================================================
TAX_STEP = step(
    "specialist",
    24,
    "Cục Thuế tỉnh xác định nghĩa vụ tài chính, ban hành thông báo nộp tiền (thời gian người sử "
    "dụng đất thực hiện nghĩa vụ tài chính không tính vào thời hạn giải quyết)",
    agency=CUC_THUE,
)
LAND_FEE_NOTE = " (mức thu theo Nghị quyết của HĐND tỉnh; số liệu minh họa)"


def land_process(total_hours: float, specialist: str, *, tax: bool) -> list[dict[str, Any]]:
    extra = []
    if tax:
        extra = [
            TAX_STEP,
            step(
                "specialist",
                12,
                "Văn phòng Đăng ký đất đai nhận chứng từ nộp nghĩa vụ tài chính, cập nhật, chỉnh lý "
                "hồ sơ địa chính, in Giấy chứng nhận",
                agency=SO_TNMT,
                unit=VP_DKDD,
            ),
        ]
    return province_process(
        agency=SO_TNMT,
        unit=VP_DKDD,
        total_hours=total_hours,
        specialist=specialist,
        unit_head="Lãnh đạo Văn phòng Đăng ký đất đai kiểm tra, trình ký",
        leader="Giám đốc (Phó Giám đốc) Sở Tài nguyên và Môi trường ký Giấy chứng nhận",
        extra=extra,
    )


FIRST_REG_DOCS = [
    doc(
        "Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)",
        form="don-dang-ky-dat-dai-mau-04-dk.docx",
    ),
    doc(
        "Một trong các giấy tờ về quyền sử dụng đất; quyết định giao đất, cho thuê đất (bản sao)",
        originals=0,
        copies=1,
    ),
    doc(
        "Giấy tờ về tài sản gắn liền với đất (nếu đề nghị chứng nhận quyền sở hữu tài sản)",
        originals=0,
        copies=1,
        mandatory=False,
    ),
    doc(
        "Chứng từ thực hiện nghĩa vụ tài chính; giấy tờ liên quan đến việc miễn, giảm nghĩa vụ "
        "tài chính (nếu có)",
        originals=0,
        copies=1,
        mandatory=False,
    ),
]
FIRST_REG_FEES = [
    fee("Lệ phí cấp Giấy chứng nhận (tổ chức)" + LAND_FEE_NOTE, 100000),
    fee(
        "Lệ phí trước bạ nhà, đất: 0,5% giá tính lệ phí trước bạ (theo thông báo của cơ quan thuế; "
        "không thu tại Bộ phận Một cửa)",
        0,
        exemptions=["Các trường hợp miễn lệ phí trước bạ theo Điều 10 Nghị định 10/2022/NĐ-CP"],
    ),
]
FIRST_REG_EFORM = [
    field("ten_to_chuc", "Tên tổ chức đề nghị"),
    field("ma_so_thue", "Mã số thuế / mã số doanh nghiệp", pattern=r"^[0-9]{10}(-[0-9]{3})?$"),
    field("dia_chi_thua_dat", "Địa chỉ thửa đất"),
    field("so_to_so_thua", "Số tờ bản đồ, số thửa"),
    field("dien_tich", "Diện tích (m²)", "number"),
    PHONE,
]

add(
    procedure(
        code="BD.DD.01",
        name="Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền "
        "sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu (tổ chức)",
        field_="DD",
        level="province",
        agency=SO_TNMT,
        cooperating=(CUC_THUE,),
        lead=SO_TNMT,
        applicants=("organization",),
        time_limit=days(30),
        online="partial",
        steps=[
            "Bước 1: Tổ chức nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh.",
            "Bước 2: Văn phòng Đăng ký đất đai kiểm tra hồ sơ, kiểm tra thực địa, xác nhận đủ điều "
            "kiện, gửi thông tin địa chính đến cơ quan thuế để xác định nghĩa vụ tài chính.",
            "Bước 3: Người sử dụng đất nộp nghĩa vụ tài chính theo thông báo của cơ quan thuế.",
            "Bước 4: Sở Tài nguyên và Môi trường ký Giấy chứng nhận; Văn phòng Đăng ký đất đai cập "
            "nhật hồ sơ địa chính và trả kết quả. Thời hạn không quá 30 ngày, không kể thời gian "
            "thực hiện nghĩa vụ tài chính.",
        ],
        result="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
        electronic=False,
        documents=FIRST_REG_DOCS,
        fees=FIRST_REG_FEES,
        forms=[
            (
                "Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)",
                "don-dang-ky-dat-dai-mau-04-dk.docx",
            )
        ],
        eform=FIRST_REG_EFORM,
        legal=laws("LDD2013", "ND43", "ND01_2017", "TTLT88", "ND10_2022", "TT85"),
        process=land_process(
            240,
            "Văn phòng Đăng ký đất đai kiểm tra hồ sơ, kiểm tra thực địa, lập phiếu chuyển thông tin "
            "địa chính để xác định nghĩa vụ tài chính",
            tax=True,
        ),
        effective_from=D1,
    )
)

add(
    procedure(
        code="BD.DD.01",
        name="Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền "
        "sở hữu tài sản gắn liền với đất lần đầu (tổ chức)",
        field_="DD",
        level="province",
        agency=SO_TNMT,
        cooperating=(CUC_THUE,),
        lead=SO_TNMT,
        applicants=("organization",),
        time_limit=days(20),
        online="partial",
        steps=[
            "Bước 1: Tổ chức nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh hoặc trực tuyến.",
            "Bước 2: Văn phòng Đăng ký đất đai kiểm tra hồ sơ, kiểm tra hiện trạng sử dụng đất, "
            "trích đo (nếu cần), gửi thông tin để cơ quan thuế xác định nghĩa vụ tài chính.",
            "Bước 3: Người sử dụng đất nộp nghĩa vụ tài chính theo thông báo của cơ quan thuế.",
            "Bước 4: Sở Tài nguyên và Môi trường ký Giấy chứng nhận; cập nhật cơ sở dữ liệu đất đai "
            "và trả kết quả. Thời hạn không quá 20 ngày làm việc, không kể thời gian thực hiện "
            "nghĩa vụ tài chính.",
        ],
        result="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        electronic=False,
        documents=FIRST_REG_DOCS,
        fees=FIRST_REG_FEES,
        forms=[
            (
                "Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)",
                "don-dang-ky-dat-dai-mau-04-dk.docx",
            )
        ],
        eform=FIRST_REG_EFORM,
        legal=laws("LDD2024", "ND101", "TTLT88", "ND10_2022", "TT85"),
        process=land_process(
            160,
            "Văn phòng Đăng ký đất đai kiểm tra hồ sơ, hiện trạng sử dụng đất, lập phiếu chuyển "
            "thông tin địa chính để xác định nghĩa vụ tài chính",
            tax=True,
        ),
        effective_from=D3,
    )
)

add(
    procedure(
        code="BD.DD.02",
        name="Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển "
        "nhượng, tặng cho, thừa kế",
        field_="DD",
        level="province",
        agency=SO_TNMT,
        deciding=SO_TNMT,
        cooperating=(CUC_THUE,),
        lead=SO_TNMT,
        applicants=("individual", "organization"),
        time_limit=days(10),
        online="partial",
        steps=[
            "Bước 1: Người sử dụng đất nộp hồ sơ tại Trung tâm Phục vụ hành chính công (hoặc Chi "
            "nhánh) hoặc trực tuyến.",
            "Bước 2: Văn phòng Đăng ký đất đai kiểm tra hồ sơ, gửi thông tin đến cơ quan thuế để "
            "xác định nghĩa vụ tài chính (thuế thu nhập cá nhân, lệ phí trước bạ).",
            "Bước 3: Người sử dụng đất nộp nghĩa vụ tài chính; Văn phòng Đăng ký đất đai chỉnh lý "
            "hồ sơ địa chính, xác nhận biến động hoặc cấp mới Giấy chứng nhận.",
            "Bước 4: Trả kết quả. Thời hạn không quá 10 ngày làm việc, không kể thời gian thực hiện "
            "nghĩa vụ tài chính.",
        ],
        conditions="Có Giấy chứng nhận; đất không có tranh chấp hoặc tranh chấp đã được giải quyết; "
        "quyền sử dụng đất không bị kê biên, áp dụng biện pháp khẩn cấp tạm thời; trong thời hạn sử "
        "dụng đất (Điều 45 Luật Đất đai 2024). Hợp đồng chuyển nhượng, tặng cho phải được công "
        "chứng hoặc chứng thực.",
        result="Giấy chứng nhận đã xác nhận biến động hoặc Giấy chứng nhận mới",
        electronic=False,
        documents=[
            doc(
                "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)",
                form="don-dang-ky-bien-dong-mau-11-dk.docx",
            ),
            doc("Hợp đồng, văn bản về chuyển nhượng, tặng cho, thừa kế đã công chứng, chứng thực"),
            doc("Bản gốc Giấy chứng nhận đã cấp"),
            doc(
                "Tờ khai thuế thu nhập cá nhân và tờ khai lệ phí trước bạ",
            ),
            doc(
                "Giấy tờ chứng minh thuộc đối tượng miễn thuế, lệ phí (nếu có)",
                originals=0,
                copies=1,
                mandatory=False,
            ),
        ],
        fees=[
            fee("Lệ phí chứng nhận đăng ký biến động" + LAND_FEE_NOTE, 30000),
            fee(
                "Thuế thu nhập cá nhân 2% giá chuyển nhượng và lệ phí trước bạ 0,5% (theo thông báo "
                "của cơ quan thuế; không thu tại Bộ phận Một cửa)",
                0,
                exemptions=[
                    "Chuyển nhượng, thừa kế, tặng cho bất động sản giữa vợ với chồng; cha đẻ, mẹ đẻ "
                    "với con đẻ; cha nuôi, mẹ nuôi với con nuôi; ông bà với cháu; anh chị em ruột "
                    "(miễn thuế thu nhập cá nhân và lệ phí trước bạ)"
                ],
            ),
        ],
        forms=[
            (
                "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)",
                "don-dang-ky-bien-dong-mau-11-dk.docx",
            )
        ],
        eform=[
            applicant("Họ tên người nhận chuyển nhượng/tặng cho/thừa kế"),
            CCCD,
            field("so_giay_chung_nhan", "Số phát hành Giấy chứng nhận"),
            field(
                "hinh_thuc",
                "Hình thức biến động",
                "select",
                choices=["Chuyển nhượng", "Tặng cho", "Thừa kế"],
            ),
            field("dia_chi_thua_dat", "Địa chỉ thửa đất"),
            PHONE,
        ],
        legal=laws("LDD2024", "ND101", "TTLT88", "ND10_2022", "TT85"),
        process=land_process(
            80,
            "Văn phòng Đăng ký đất đai kiểm tra hồ sơ, lập phiếu chuyển thông tin địa chính sang "
            "cơ quan thuế",
            tax=True,
        ),
        effective_from=D3,
    )
)

add(
    procedure(
        code="BD.DD.03",
        name="Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        field_="DD",
        level="province",
        agency=SO_TNMT,
        applicants=("individual", "organization"),
        time_limit=days(7),
        online="partial",
        steps=[
            "Bước 1: Người sử dụng đất nộp hồ sơ tại Trung tâm Phục vụ hành chính công hoặc Chi nhánh.",
            "Bước 2: Văn phòng Đăng ký đất đai kiểm tra hồ sơ, xác nhận lý do cấp đổi, in Giấy chứng "
            "nhận mới.",
            "Bước 3: Ký Giấy chứng nhận, cập nhật hồ sơ địa chính, trả kết quả trong thời hạn không "
            "quá 07 ngày làm việc.",
        ],
        conditions="Giấy chứng nhận đã cấp bị ố, nhòe, rách, hư hỏng; hoặc do đo đạc lại; hoặc người "
        "sử dụng đất có nhu cầu đổi sang mẫu Giấy chứng nhận mới.",
        result="Giấy chứng nhận mới",
        electronic=False,
        documents=[
            doc(
                "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)",
                form="don-dang-ky-bien-dong-mau-11-dk.docx",
            ),
            doc("Bản gốc Giấy chứng nhận đã cấp"),
        ],
        fees=[fee("Lệ phí cấp đổi Giấy chứng nhận" + LAND_FEE_NOTE, 20000)],
        forms=[
            (
                "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)",
                "don-dang-ky-bien-dong-mau-11-dk.docx",
            )
        ],
        eform=[
            applicant("Họ tên người sử dụng đất"),
            CCCD,
            field("so_giay_chung_nhan", "Số phát hành Giấy chứng nhận"),
            field("ly_do_cap_doi", "Lý do cấp đổi", "textarea"),
            PHONE,
        ],
        legal=laws("LDD2024", "ND101", "TT85"),
        process=land_process(
            56,
            "Văn phòng Đăng ký đất đai kiểm tra hồ sơ, in Giấy chứng nhận mới",
            tax=False,
        ),
        effective_from=D3,
    )
)

add(
    procedure(
        code="BD.DD.04",
        name="Cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do "
        "bị mất",
        field_="DD",
        level="province",
        agency=SO_TNMT,
        applicants=("individual", "organization"),
        time_limit=days(10),
        online="partial",
        steps=[
            "Bước 1: Người sử dụng đất khai báo về việc bị mất Giấy chứng nhận; thông báo mất Giấy "
            "chứng nhận được niêm yết hoặc đăng tin theo quy định (trừ trường hợp mất do thiên tai, "
            "hỏa hoạn).",
            "Bước 2: Nộp hồ sơ đề nghị cấp lại tại Trung tâm Phục vụ hành chính công hoặc Chi nhánh.",
            "Bước 3: Văn phòng Đăng ký đất đai kiểm tra hồ sơ, trích lục bản đồ địa chính; Sở Tài "
            "nguyên và Môi trường ký quyết định hủy Giấy chứng nhận bị mất và cấp lại.",
        ],
        result="Giấy chứng nhận được cấp lại",
        electronic=False,
        documents=[
            doc(
                "Đơn đề nghị cấp lại Giấy chứng nhận (Mẫu số 11/ĐK)",
                form="don-dang-ky-bien-dong-mau-11-dk.docx",
            ),
            doc(
                "Giấy tờ xác nhận việc đã niêm yết hoặc đăng tin thông báo mất Giấy chứng nhận "
                "(trừ trường hợp mất do thiên tai, hỏa hoạn)",
            ),
        ],
        fees=[fee("Lệ phí cấp lại Giấy chứng nhận" + LAND_FEE_NOTE, 20000)],
        forms=[
            (
                "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)",
                "don-dang-ky-bien-dong-mau-11-dk.docx",
            )
        ],
        eform=[
            applicant("Họ tên người sử dụng đất"),
            CCCD,
            field("so_giay_chung_nhan", "Số phát hành Giấy chứng nhận bị mất", required=False),
            field("dia_chi_thua_dat", "Địa chỉ thửa đất"),
            PHONE,
        ],
        legal=laws("LDD2024", "ND101", "TT85"),
        process=land_process(
            80,
            "Văn phòng Đăng ký đất đai kiểm tra hồ sơ, trích lục bản đồ, lập tờ trình hủy Giấy "
            "chứng nhận bị mất và cấp lại",
            tax=False,
        ),
        effective_from=D3,
    )
)

add(
    procedure(
        code="BD.DD.05",
        name="Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
        field_="DD",
        level="province",
        agency=SO_TNMT,
        applicants=("individual", "organization"),
        time_limit=SAME_DAY,
        online="partial",
        steps=[
            "Bước 1: Bên thế chấp hoặc bên nhận thế chấp nộp hồ sơ tại Văn phòng Đăng ký đất đai "
            "(qua Trung tâm Phục vụ hành chính công) hoặc trực tuyến.",
            "Bước 2: Văn phòng Đăng ký đất đai kiểm tra, ghi nội dung đăng ký vào sổ địa chính, cơ "
            "sở dữ liệu đất đai và Giấy chứng nhận.",
            "Bước 3: Trả kết quả trong ngày nhận hồ sơ hợp lệ; nhận sau 15 giờ thì trả trong ngày làm "
            "việc tiếp theo (trường hợp phải kéo dài không quá 03 ngày làm việc).",
        ],
        result="Giấy chứng nhận đã ghi nội dung đăng ký thế chấp",
        electronic=False,
        documents=[
            doc(
                "Phiếu yêu cầu đăng ký biện pháp bảo đảm (Mẫu số 01a, Nghị định 99/2022/NĐ-CP)",
                form="phieu-yeu-cau-dang-ky-the-chap-mau-01a.docx",
            ),
            doc("Hợp đồng thế chấp đã ký kết (bản chính hoặc bản sao có chứng thực)"),
            doc("Bản gốc Giấy chứng nhận"),
        ],
        fees=[
            fee(
                "Phí đăng ký biện pháp bảo đảm bằng quyền sử dụng đất" + LAND_FEE_NOTE,
                80000,
                exemptions=[
                    "Cá nhân, hộ gia đình vay vốn tại tổ chức tín dụng để phục vụ phát triển nông "
                    "nghiệp, nông thôn"
                ],
            )
        ],
        forms=[
            (
                "Phiếu yêu cầu đăng ký biện pháp bảo đảm (Mẫu số 01a)",
                "phieu-yeu-cau-dang-ky-the-chap-mau-01a.docx",
            )
        ],
        eform=[
            field("ben_the_chap", "Bên thế chấp"),
            field("ben_nhan_the_chap", "Bên nhận thế chấp"),
            field("so_giay_chung_nhan", "Số phát hành Giấy chứng nhận"),
            field("so_hop_dong", "Số, ngày hợp đồng thế chấp"),
            EMAIL,
        ],
        legal=laws("LDD2013", "ND99_2022", "TT85"),
        process=province_process(
            agency=SO_TNMT,
            unit=VP_DKDD,
            total_hours=6,
            specialist="Văn phòng Đăng ký đất đai kiểm tra, ghi nội dung đăng ký thế chấp",
            unit_head="Lãnh đạo Văn phòng Đăng ký đất đai kiểm tra",
            leader="Giám đốc (Phó Giám đốc) Văn phòng Đăng ký đất đai ký xác nhận",
        ),
        effective_from=D1,
    )
)

# =============================================================================================
# Hoạt động xây dựng — Sở Xây dựng
# =============================================================================================
XD_FEE_NOTE = " (mức thu theo Nghị quyết của HĐND tỉnh; số liệu minh họa)"
XD_LEGAL = laws("LXD", "LXD_SD", "ND15_2021", "TT85")

add(
    procedure(
        code="BD.XD.01",
        name="Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II",
        field_="XD",
        level="province",
        agency=SO_XD,
        applicants=("individual", "organization"),
        time_limit=days(20),
        online="partial",
        steps=[
            "Bước 1: Chủ đầu tư nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh hoặc trực tuyến.",
            "Bước 2: Sở Xây dựng kiểm tra hồ sơ; trường hợp chưa đầy đủ thì thông báo bằng văn bản "
            "một lần để chủ đầu tư bổ sung; tổ chức thẩm định, kiểm tra thực địa, lấy ý kiến cơ "
            "quan quản lý nhà nước liên quan (nếu cần).",
            "Bước 3: Cấp giấy phép xây dựng trong thời hạn 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
        ],
        conditions="Phù hợp với quy hoạch được duyệt, mục đích sử dụng đất; bảo đảm an toàn công "
        "trình và công trình lân cận, yêu cầu phòng cháy chữa cháy; thiết kế đã được thẩm định "
        "(Điều 91 Luật Xây dựng).",
        result="Giấy phép xây dựng",
        documents=[
            doc(
                "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01 Phụ lục II Nghị định 15/2021/NĐ-CP)",
                form="don-de-nghi-cap-gpxd-mau-01.docx",
            ),
            doc("Giấy tờ hợp pháp về quyền sử dụng đất", originals=0, copies=1),
            doc(
                "Quyết định phê duyệt dự án, văn bản thông báo kết quả thẩm định thiết kế",
                originals=0,
                copies=1,
            ),
            doc("02 bộ bản vẽ thiết kế xây dựng", originals=2),
            doc(
                "Văn bản thẩm duyệt thiết kế về phòng cháy và chữa cháy (đối với công trình thuộc "
                "diện phải thẩm duyệt)",
                originals=0,
                copies=1,
                mandatory=False,
            ),
        ],
        fees=[fee("Lệ phí cấp giấy phép xây dựng công trình" + XD_FEE_NOTE, 150000)],
        forms=[
            ("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)", "don-de-nghi-cap-gpxd-mau-01.docx")
        ],
        eform=[
            field("chu_dau_tu", "Tên chủ đầu tư"),
            field("ten_cong_trinh", "Tên công trình"),
            field("dia_diem", "Địa điểm xây dựng"),
            field("cap_cong_trinh", "Cấp công trình", "select", choices=["Cấp I", "Cấp II"]),
            field("dien_tich_san", "Tổng diện tích sàn (m²)", "number"),
            PHONE,
        ],
        legal=XD_LEGAL,
        process=province_process(
            agency=SO_XD,
            unit=PHONG_QLHDXD,
            total_hours=160,
            specialist="Phòng Quản lý hoạt động xây dựng thẩm định hồ sơ, kiểm tra thực địa, dự thảo "
            "giấy phép",
            leader="Giám đốc (Phó Giám đốc) Sở Xây dựng ký giấy phép xây dựng",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.XD.02",
        name="Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp I, cấp II",
        field_="XD",
        level="province",
        agency=SO_XD,
        applicants=("individual", "organization"),
        time_limit=days(20),
        online="partial",
        steps=[
            "Bước 1: Chủ đầu tư nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh hoặc trực tuyến.",
            "Bước 2: Sở Xây dựng kiểm tra, thẩm định hồ sơ và thực địa.",
            "Bước 3: Cấp giấy phép trong thời hạn 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
        ],
        result="Giấy phép xây dựng (sửa chữa, cải tạo)",
        documents=[
            doc(
                "Đơn đề nghị cấp giấy phép sửa chữa, cải tạo công trình (Mẫu số 01)",
                form="don-de-nghi-cap-gpxd-mau-01.docx",
            ),
            doc(
                "Giấy tờ chứng minh quyền sở hữu, quản lý, sử dụng công trình",
                originals=0,
                copies=1,
            ),
            doc("Bản vẽ, ảnh chụp hiện trạng của bộ phận, hạng mục công trình sửa chữa, cải tạo"),
            doc("Bản vẽ thiết kế sửa chữa, cải tạo"),
        ],
        fees=[fee("Lệ phí cấp giấy phép xây dựng công trình" + XD_FEE_NOTE, 150000)],
        forms=[
            ("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)", "don-de-nghi-cap-gpxd-mau-01.docx")
        ],
        eform=[
            field("chu_dau_tu", "Tên chủ đầu tư"),
            field("ten_cong_trinh", "Tên công trình"),
            field("dia_diem", "Địa điểm xây dựng"),
            field("noi_dung_cai_tao", "Nội dung sửa chữa, cải tạo", "textarea"),
            PHONE,
        ],
        legal=XD_LEGAL,
        process=province_process(
            agency=SO_XD,
            unit=PHONG_QLHDXD,
            total_hours=160,
            specialist="Phòng Quản lý hoạt động xây dựng thẩm định hồ sơ, kiểm tra hiện trạng",
            leader="Giám đốc (Phó Giám đốc) Sở Xây dựng ký giấy phép",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.XD.03",
        name="Gia hạn giấy phép xây dựng đối với công trình cấp I, cấp II",
        field_="XD",
        level="province",
        agency=SO_XD,
        applicants=("individual", "organization"),
        time_limit=days(5),
        online="partial",
        steps=[
            "Bước 1: Chủ đầu tư nộp hồ sơ đề nghị gia hạn trước thời điểm giấy phép hết hiệu lực khởi công.",
            "Bước 2: Sở Xây dựng kiểm tra, xem xét gia hạn trong thời hạn 05 ngày làm việc.",
            "Bước 3: Trả giấy phép đã gia hạn (mỗi giấy phép chỉ được gia hạn tối đa 02 lần, mỗi lần 12 tháng).",
        ],
        result="Giấy phép xây dựng đã được gia hạn",
        documents=[
            doc(
                "Đơn đề nghị gia hạn giấy phép xây dựng (Mẫu số 02 Phụ lục II Nghị định 15/2021/NĐ-CP)",
                form="don-de-nghi-gia-han-gpxd-mau-02.docx",
            ),
            doc("Bản chính giấy phép xây dựng đã được cấp"),
        ],
        fees=[fee("Lệ phí gia hạn giấy phép xây dựng" + XD_FEE_NOTE, 15000)],
        forms=[
            (
                "Đơn đề nghị gia hạn giấy phép xây dựng (Mẫu số 02)",
                "don-de-nghi-gia-han-gpxd-mau-02.docx",
            )
        ],
        eform=[
            field("chu_dau_tu", "Tên chủ đầu tư"),
            field("so_giay_phep", "Số, ngày giấy phép xây dựng"),
            field("ly_do", "Lý do đề nghị gia hạn", "textarea"),
            PHONE,
        ],
        legal=XD_LEGAL,
        process=province_process(
            agency=SO_XD,
            unit=PHONG_QLHDXD,
            total_hours=40,
            specialist="Phòng Quản lý hoạt động xây dựng kiểm tra điều kiện gia hạn",
            leader="Giám đốc (Phó Giám đốc) Sở Xây dựng ký gia hạn",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.XD.04",
        name="Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
        field_="XD",
        level="province",
        agency=SO_XD,
        time_limit=days(20),
        online="full",
        steps=[
            "Bước 1: Cá nhân nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành chính công tỉnh.",
            "Bước 2: Sở Xây dựng kiểm tra hồ sơ, tổ chức sát hạch (đối với cấp lần đầu, điều chỉnh "
            "hạng), Hội đồng xét cấp chứng chỉ xem xét.",
            "Bước 3: Cấp chứng chỉ trong thời hạn 20 ngày (cấp lần đầu, điều chỉnh hạng) hoặc 10 "
            "ngày (cấp lại) kể từ ngày nhận đủ hồ sơ hợp lệ.",
        ],
        conditions="Có năng lực hành vi dân sự đầy đủ; có giấy tờ về cư trú hoặc giấy phép lao "
        "động; có trình độ chuyên môn, kinh nghiệm phù hợp hạng đề nghị; đạt yêu cầu sát hạch.",
        result="Chứng chỉ hành nghề hoạt động xây dựng (bản điện tử và bản giấy)",
        cases=[
            case("TH1", "Cấp lần đầu, điều chỉnh hạng chứng chỉ"),
            case("TH2", "Cấp lại chứng chỉ (bị mất, hư hỏng, hết hạn)", days(10)),
        ],
        documents=[
            doc(
                "Đơn đề nghị cấp chứng chỉ hành nghề hoạt động xây dựng (Mẫu số 04 Phụ lục IV Nghị "
                "định 15/2021/NĐ-CP)",
                form="don-de-nghi-cchn-xay-dung-mau-04.docx",
            ),
            doc("01 ảnh màu cỡ 4x6 cm (tệp ảnh)"),
            doc(
                "Văn bằng đào tạo chuyên môn phù hợp (bản sao điện tử)",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc("Bản khai kinh nghiệm thực hiện công việc, có xác nhận", case="TH1"),
            doc(
                "Chứng chỉ hành nghề đã được cấp (trường hợp cấp lại do hư hỏng, hết hạn)",
                case="TH2",
                mandatory=False,
            ),
        ],
        fees=[
            fee("Lệ phí cấp chứng chỉ hành nghề hoạt động xây dựng (lần đầu)", 300000, case="TH1"),
            fee("Lệ phí cấp lại, điều chỉnh, bổ sung chứng chỉ hành nghề", 150000, case="TH2"),
        ],
        forms=[
            (
                "Đơn đề nghị cấp chứng chỉ hành nghề hoạt động xây dựng (Mẫu số 04)",
                "don-de-nghi-cchn-xay-dung-mau-04.docx",
            )
        ],
        eform=[
            applicant(),
            CCCD,
            field(
                "linh_vuc_hanh_nghe",
                "Lĩnh vực hành nghề",
                "select",
                choices=[
                    "Khảo sát xây dựng",
                    "Thiết kế xây dựng",
                    "Giám sát thi công xây dựng",
                    "Định giá xây dựng",
                ],
            ),
            field("hang", "Hạng đề nghị", "select", choices=["Hạng II", "Hạng III"]),
            PHONE,
            EMAIL,
        ],
        legal=laws("LXD", "LXD_SD", "ND15_2021", "TT38_2022"),
        process=province_process(
            agency=SO_XD,
            unit=PHONG_QLHDXD,
            total_hours=80,
            specialist="Phòng Quản lý hoạt động xây dựng kiểm tra hồ sơ, tổ chức sát hạch, trình Hội "
            "đồng xét cấp chứng chỉ",
            leader="Giám đốc (Phó Giám đốc) Sở Xây dựng ký chứng chỉ",
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Đường bộ — Sở Giao thông vận tải
# =============================================================================================
GPLX_FEE = fee("Lệ phí cấp giấy phép lái xe", 135000)

add(
    procedure(
        code="BD.DB.01",
        name="Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
        field_="DB",
        level="province",
        agency=SO_GTVT,
        time_limit=days(5),
        online="full",
        steps=[
            "Bước 1: Người đề nghị nộp hồ sơ trực tuyến trên Cổng Dịch vụ công hoặc tại Trung tâm "
            "Phục vụ hành chính công tỉnh (chụp ảnh trực tiếp khi nộp tại quầy).",
            "Bước 2: Sở Giao thông vận tải kiểm tra, xác thực thông tin giấy phép lái xe, giấy khám "
            "sức khỏe.",
            "Bước 3: Cấp giấy phép lái xe mới trong thời hạn 05 ngày làm việc; trả qua bưu chính "
            "hoặc trực tiếp.",
        ],
        result="Giấy phép lái xe (vật liệu PET)",
        documents=[
            doc(
                "Đơn đề nghị đổi giấy phép lái xe (Phụ lục XIX Thông tư 12/2017/TT-BGTVT)",
                form="don-de-nghi-doi-gplx.docx",
            ),
            doc(
                "Giấy khám sức khỏe của người lái xe do cơ sở y tế có thẩm quyền cấp (trừ người đổi "
                "giấy phép hạng A1, A2, A3)",
                reusable=True,
            ),
            doc("Bản sao giấy phép lái xe", originals=0, copies=1, reusable=True),
        ],
        fees=[GPLX_FEE],
        forms=[("Đơn đề nghị đổi giấy phép lái xe", "don-de-nghi-doi-gplx.docx")],
        eform=[
            applicant(),
            CCCD,
            field("so_gplx", "Số giấy phép lái xe", pattern=r"^[0-9]{12}$"),
            field(
                "hang_gplx",
                "Hạng giấy phép lái xe",
                "select",
                choices=["A1", "A2", "B1", "B2", "C", "D", "E", "FB2", "FC"],
            ),
            field("dia_chi_nhan", "Địa chỉ nhận kết quả qua bưu chính", required=False),
            PHONE,
        ],
        legal=laws("LGTDB", "TT12_2017", "TT37_2023"),
        process=province_process(
            agency=SO_GTVT,
            unit=PHONG_QLVT,
            total_hours=40,
            specialist="Phòng Quản lý vận tải, phương tiện và người lái kiểm tra, xác thực dữ liệu, in "
            "giấy phép lái xe",
            leader="Giám đốc (Phó Giám đốc) Sở Giao thông vận tải ký duyệt",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DB.02",
        name="Cấp giấy phép lái xe quốc tế",
        field_="DB",
        level="province",
        agency=SO_GTVT,
        time_limit=days(5),
        online="full",
        steps=[
            "Bước 1: Người đề nghị nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành chính công.",
            "Bước 2: Sở Giao thông vận tải kiểm tra giấy phép lái xe quốc gia còn hiệu lực.",
            "Bước 3: Cấp giấy phép lái xe quốc tế trong thời hạn 05 ngày làm việc.",
        ],
        conditions="Có giấy phép lái xe quốc gia do Việt Nam cấp bằng vật liệu PET còn giá trị sử "
        "dụng. Giấy phép lái xe quốc tế có thời hạn không quá 03 năm và không vượt quá thời hạn "
        "của giấy phép lái xe quốc gia.",
        result="Giấy phép lái xe quốc tế (mẫu Công ước Viên 1968)",
        documents=[
            doc(
                "Tờ khai đề nghị cấp giấy phép lái xe quốc tế (Phụ lục 2 Thông tư 29/2015/TT-BGTVT)",
                form="to-khai-cap-gplx-quoc-te.docx",
            ),
            doc("Bản sao giấy phép lái xe quốc gia", originals=0, copies=1, reusable=True),
            doc("Bản sao hộ chiếu còn thời hạn", originals=0, copies=1, reusable=True),
        ],
        fees=[GPLX_FEE],
        forms=[("Tờ khai đề nghị cấp giấy phép lái xe quốc tế", "to-khai-cap-gplx-quoc-te.docx")],
        eform=[
            applicant(),
            CCCD,
            field("so_gplx", "Số giấy phép lái xe quốc gia", pattern=r"^[0-9]{12}$"),
            field("so_ho_chieu", "Số hộ chiếu"),
            PHONE,
        ],
        legal=laws("LGTDB", "TT29_2015", "TT37_2023"),
        process=province_process(
            agency=SO_GTVT,
            unit=PHONG_QLVT,
            total_hours=40,
            specialist="Phòng Quản lý vận tải, phương tiện và người lái kiểm tra, in giấy phép lái xe quốc tế",
            leader="Giám đốc (Phó Giám đốc) Sở Giao thông vận tải ký",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DB.03",
        name="Cấp phù hiệu xe ô tô kinh doanh vận tải",
        field_="DB",
        level="province",
        agency=SO_GTVT,
        applicants=("organization", "individual"),
        time_limit=days(2),
        online="full",
        steps=[
            "Bước 1: Đơn vị kinh doanh vận tải nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành "
            "chính công tỉnh.",
            "Bước 2: Sở Giao thông vận tải kiểm tra, cấp phù hiệu trong thời hạn 02 ngày làm việc.",
            "Bước 3: Trả phù hiệu; dữ liệu được cập nhật trên hệ thống quản lý thiết bị giám sát hành trình.",
        ],
        conditions="Đơn vị đã được cấp Giấy phép kinh doanh vận tải bằng xe ô tô; xe đã lắp thiết bị "
        "giám sát hành trình và truyền dữ liệu về hệ thống của Bộ Giao thông vận tải.",
        result="Phù hiệu xe ô tô kinh doanh vận tải",
        documents=[
            doc(
                "Giấy đề nghị cấp phù hiệu (Phụ lục V Nghị định 10/2020/NĐ-CP)",
                form="giay-de-nghi-cap-phu-hieu.docx",
            ),
            doc(
                "Bản sao giấy đăng ký xe; hợp đồng thuê phương tiện hoặc hợp đồng dịch vụ (nếu xe "
                "không thuộc sở hữu của đơn vị)",
                originals=0,
                copies=1,
            ),
        ],
        fees=[fee("Phí, lệ phí", 0, exemptions=["Không thu phí cấp phù hiệu"])],
        forms=[("Giấy đề nghị cấp phù hiệu", "giay-de-nghi-cap-phu-hieu.docx")],
        eform=[
            field("ten_don_vi", "Tên đơn vị kinh doanh vận tải"),
            field("so_giay_phep_kd", "Số Giấy phép kinh doanh vận tải"),
            field(
                "bien_so", "Biển số xe", pattern=r"^[0-9]{2}[A-Z]{1,2}-?[0-9]{3,5}(\.[0-9]{2})?$"
            ),
            field(
                "loai_phu_hieu",
                "Loại phù hiệu",
                "select",
                choices=["Xe taxi", "Xe hợp đồng", "Xe tải", "Xe chạy tuyến cố định", "Xe đầu kéo"],
            ),
            EMAIL,
        ],
        legal=laws("ND10_2020", "TT12_2020"),
        process=province_process(
            agency=SO_GTVT,
            unit=PHONG_QLVT,
            total_hours=16,
            specialist="Phòng Quản lý vận tải kiểm tra dữ liệu giám sát hành trình, in phù hiệu",
            leader="Lãnh đạo Sở Giao thông vận tải ký duyệt",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DB.04",
        name="Cấp Giấy phép kinh doanh vận tải bằng xe ô tô",
        field_="DB",
        level="province",
        agency=SO_GTVT,
        applicants=("organization", "individual"),
        time_limit=days(5),
        online="full",
        steps=[
            "Bước 1: Đơn vị kinh doanh vận tải nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành "
            "chính công tỉnh.",
            "Bước 2: Sở Giao thông vận tải thẩm định hồ sơ; trường hợp không cấp thì trả lời bằng văn "
            "bản nêu rõ lý do.",
            "Bước 3: Cấp Giấy phép kinh doanh vận tải trong thời hạn 05 ngày làm việc.",
        ],
        conditions="Đáp ứng điều kiện kinh doanh vận tải bằng xe ô tô theo Nghị định 10/2020/NĐ-CP "
        "(phương tiện, người điều hành vận tải, bộ phận quản lý an toàn giao thông).",
        result="Giấy phép kinh doanh vận tải bằng xe ô tô",
        documents=[
            doc(
                "Giấy đề nghị cấp Giấy phép kinh doanh vận tải bằng xe ô tô (Phụ lục I Nghị định "
                "10/2020/NĐ-CP)",
                form="giay-de-nghi-cap-gpkd-van-tai.docx",
            ),
            doc(
                "Bản sao văn bằng, chứng chỉ của người trực tiếp điều hành hoạt động vận tải",
                originals=0,
                copies=1,
            ),
            doc(
                "Bản sao quyết định thành lập bộ phận quản lý, theo dõi các điều kiện về an toàn giao "
                "thông (đối với loại hình phải có)",
                originals=0,
                copies=1,
                mandatory=False,
            ),
        ],
        fees=[fee("Phí thẩm định cấp Giấy phép kinh doanh vận tải bằng xe ô tô", 200000)],
        forms=[
            (
                "Giấy đề nghị cấp Giấy phép kinh doanh vận tải bằng xe ô tô",
                "giay-de-nghi-cap-gpkd-van-tai.docx",
            )
        ],
        eform=[
            field("ten_don_vi", "Tên đơn vị kinh doanh vận tải"),
            field("ma_so_thue", "Mã số thuế", pattern=r"^[0-9]{10}(-[0-9]{3})?$"),
            field(
                "loai_hinh",
                "Loại hình kinh doanh",
                "select",
                choices=["Tuyến cố định", "Xe buýt", "Taxi", "Hợp đồng", "Du lịch", "Hàng hóa"],
            ),
            field("nguoi_dieu_hanh", "Họ tên người điều hành vận tải"),
            EMAIL,
        ],
        legal=laws("ND10_2020", "TT12_2020"),
        process=province_process(
            agency=SO_GTVT,
            unit=PHONG_QLVT,
            total_hours=40,
            specialist="Phòng Quản lý vận tải thẩm định hồ sơ điều kiện kinh doanh vận tải",
            leader="Giám đốc (Phó Giám đốc) Sở Giao thông vận tải ký giấy phép",
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Dược phẩm — Sở Y tế
# =============================================================================================
add(
    procedure(
        code="BD.DUOC.01",
        name="Cấp Chứng chỉ hành nghề dược theo hình thức xét hồ sơ",
        field_="DUOC",
        level="province",
        agency=SO_YTE,
        time_limit=days(20),
        online="partial",
        steps=[
            "Bước 1: Người đề nghị nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh hoặc trực tuyến.",
            "Bước 2: Sở Y tế kiểm tra hồ sơ; Hội đồng tư vấn cấp Chứng chỉ hành nghề dược xem xét.",
            "Bước 3: Giám đốc Sở Y tế cấp Chứng chỉ hành nghề dược trong thời hạn 20 ngày kể từ ngày "
            "nhận đủ hồ sơ; trường hợp không cấp phải trả lời bằng văn bản nêu rõ lý do.",
        ],
        conditions="Có văn bằng chuyên môn phù hợp, thời gian thực hành chuyên môn tại cơ sở dược "
        "phù hợp, đủ sức khỏe hành nghề dược; không thuộc trường hợp bị cấm hành nghề (Điều 13, "
        "14 Luật Dược).",
        result="Chứng chỉ hành nghề dược",
        documents=[
            doc(
                "Đơn đề nghị cấp Chứng chỉ hành nghề dược (Mẫu số 02 Phụ lục I Nghị định 54/2017/NĐ-CP)",
                form="don-de-nghi-cchn-duoc-mau-02.docx",
            ),
            doc("02 ảnh chân dung cỡ 4x6 cm chụp trong vòng 06 tháng", originals=2),
            doc(
                "Văn bằng chuyên môn (bản sao có chứng thực)", originals=0, copies=1, reusable=True
            ),
            doc("Giấy chứng nhận đủ sức khỏe để hành nghề dược do cơ sở y tế có thẩm quyền cấp"),
            doc("Giấy xác nhận thời gian thực hành chuyên môn (Mẫu số 03 Phụ lục I)"),
        ],
        fees=[fee("Phí thẩm định cấp Chứng chỉ hành nghề dược", 500000)],
        forms=[
            (
                "Đơn đề nghị cấp Chứng chỉ hành nghề dược (Mẫu số 02)",
                "don-de-nghi-cchn-duoc-mau-02.docx",
            )
        ],
        eform=[
            applicant(),
            CCCD,
            field(
                "van_bang",
                "Văn bằng chuyên môn",
                "select",
                choices=["Dược sĩ đại học", "Dược sĩ cao đẳng", "Dược sĩ trung cấp", "Khác"],
            ),
            field("pham_vi_hanh_nghe", "Phạm vi hoạt động chuyên môn đề nghị", "textarea"),
            PHONE,
        ],
        legal=laws("LDUOC", "ND54_2017", "ND155_2018", "TT277"),
        process=province_process(
            agency=SO_YTE,
            unit=PHONG_DUOC,
            total_hours=160,
            specialist="Phòng Nghiệp vụ Dược thẩm định hồ sơ, trình Hội đồng tư vấn cấp chứng chỉ",
            leader="Giám đốc (Phó Giám đốc) Sở Y tế ký Chứng chỉ hành nghề dược",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DUOC.02",
        name="Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược đối với cơ sở bán lẻ thuốc (nhà thuốc)",
        field_="DUOC",
        level="province",
        agency=SO_YTE,
        applicants=("organization", "individual"),
        time_limit=days(30),
        online="partial",
        steps=[
            "Bước 1: Cơ sở nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh hoặc trực tuyến.",
            "Bước 2: Sở Y tế kiểm tra hồ sơ, tổ chức đánh giá thực tế việc đáp ứng Thực hành tốt cơ "
            "sở bán lẻ thuốc (GPP).",
            "Bước 3: Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược trong thời hạn 30 ngày kể từ "
            "ngày nhận đủ hồ sơ.",
        ],
        conditions="Có địa điểm, cơ sở vật chất, kỹ thuật và nhân sự đáp ứng Thực hành tốt cơ sở bán "
        "lẻ thuốc; người chịu trách nhiệm chuyên môn có Chứng chỉ hành nghề dược phù hợp.",
        result="Giấy chứng nhận đủ điều kiện kinh doanh dược và Giấy chứng nhận đạt GPP",
        documents=[
            doc(
                "Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh dược (Mẫu số 19 Phụ lục I "
                "Nghị định 54/2017/NĐ-CP)",
                form="don-de-nghi-gcn-kinh-doanh-duoc-mau-19.docx",
            ),
            doc("Tài liệu kỹ thuật về địa điểm, trang thiết bị, nhân sự của cơ sở bán lẻ"),
            doc(
                "Bản sao Chứng chỉ hành nghề dược của người chịu trách nhiệm chuyên môn",
                originals=0,
                copies=1,
            ),
        ],
        fees=[
            fee(
                "Phí thẩm định điều kiện kinh doanh thuốc đối với cơ sở bán lẻ",
                1000000,
            )
        ],
        forms=[
            (
                "Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh dược (Mẫu số 19)",
                "don-de-nghi-gcn-kinh-doanh-duoc-mau-19.docx",
            )
        ],
        eform=[
            field("ten_co_so", "Tên cơ sở bán lẻ thuốc"),
            field("dia_chi", "Địa chỉ cơ sở"),
            field("nguoi_phu_trach", "Người chịu trách nhiệm chuyên môn về dược"),
            field("so_cchn", "Số Chứng chỉ hành nghề dược"),
            PHONE,
        ],
        legal=laws("LDUOC", "ND54_2017", "ND155_2018", "TT277"),
        process=province_process(
            agency=SO_YTE,
            unit=PHONG_DUOC,
            total_hours=240,
            specialist="Phòng Nghiệp vụ Dược thẩm định hồ sơ, đoàn đánh giá thực tế GPP tại cơ sở",
            leader="Giám đốc (Phó Giám đốc) Sở Y tế ký Giấy chứng nhận",
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Việc làm — Sở Lao động - Thương binh và Xã hội (liên thông BHXH cho trợ cấp thất nghiệp)
# =============================================================================================
GPLD_FEE_NOTE = " (mức thu theo Nghị quyết của HĐND tỉnh; số liệu minh họa)"

add(
    procedure(
        code="BD.VL.01",
        name="Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        field_="VL",
        level="province",
        agency=SO_LDTBXH,
        applicants=("organization",),
        time_limit=days(5),
        online="full",
        steps=[
            "Bước 1: Người sử dụng lao động nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành chính "
            "công tỉnh chậm nhất 15 ngày trước ngày người lao động nước ngoài dự kiến bắt đầu làm việc.",
            "Bước 2: Sở Lao động - Thương binh và Xã hội kiểm tra hồ sơ.",
            "Bước 3: Cấp giấy phép lao động trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ; "
            "trường hợp không cấp thì trả lời bằng văn bản nêu rõ lý do.",
        ],
        conditions="Đủ 18 tuổi, có năng lực hành vi dân sự đầy đủ; có trình độ chuyên môn, kinh "
        "nghiệm phù hợp; đủ sức khỏe; không đang chấp hành hình phạt; có văn bản chấp thuận nhu cầu "
        "sử dụng người lao động nước ngoài.",
        result="Giấy phép lao động",
        documents=[
            doc(
                "Văn bản đề nghị cấp giấy phép lao động (Mẫu số 11/PLI Nghị định 152/2020/NĐ-CP)",
                form="van-ban-de-nghi-cap-gpld-mau-11.docx",
            ),
            doc("Giấy chứng nhận sức khỏe có giá trị trong 12 tháng"),
            doc(
                "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người phạm tội (trong 06 tháng)"
            ),
            doc(
                "Văn bản chứng minh là nhà quản lý, giám đốc điều hành, chuyên gia hoặc lao động kỹ thuật"
            ),
            doc("02 ảnh màu cỡ 4x6 cm", originals=2),
            doc("Bản sao hộ chiếu còn giá trị", originals=0, copies=1),
            doc(
                "Văn bản chấp thuận nhu cầu sử dụng người lao động nước ngoài",
                originals=0,
                copies=1,
            ),
        ],
        fees=[fee("Lệ phí cấp giấy phép lao động" + GPLD_FEE_NOTE, 600000)],
        forms=[
            (
                "Văn bản đề nghị cấp giấy phép lao động (Mẫu số 11/PLI)",
                "van-ban-de-nghi-cap-gpld-mau-11.docx",
            )
        ],
        eform=[
            field("ten_nguoi_su_dung_ld", "Tên người sử dụng lao động"),
            field("ho_ten_nld", "Họ tên người lao động nước ngoài"),
            field("quoc_tich", "Quốc tịch"),
            field("so_ho_chieu", "Số hộ chiếu"),
            field(
                "vi_tri",
                "Vị trí công việc",
                "select",
                choices=["Nhà quản lý", "Giám đốc điều hành", "Chuyên gia", "Lao động kỹ thuật"],
            ),
            field("thoi_han", "Thời hạn làm việc (tháng)", "number"),
            EMAIL,
        ],
        legal=laws("BLLD", "ND152", "ND70_2023", "TT85"),
        process=province_process(
            agency=SO_LDTBXH,
            unit=PHONG_VL,
            total_hours=40,
            specialist="Phòng Việc làm - An toàn lao động thẩm định hồ sơ, dự thảo giấy phép",
            leader="Giám đốc (Phó Giám đốc) Sở Lao động - Thương binh và Xã hội ký giấy phép",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.VL.02",
        name="Cấp lại giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        field_="VL",
        level="province",
        agency=SO_LDTBXH,
        applicants=("organization",),
        time_limit=days(3),
        online="full",
        steps=[
            "Bước 1: Người sử dụng lao động nộp hồ sơ đề nghị cấp lại (giấy phép bị mất, hư hỏng hoặc "
            "thay đổi thông tin).",
            "Bước 2: Sở Lao động - Thương binh và Xã hội kiểm tra hồ sơ.",
            "Bước 3: Cấp lại giấy phép lao động trong thời hạn 03 ngày làm việc.",
        ],
        result="Giấy phép lao động được cấp lại",
        documents=[
            doc(
                "Văn bản đề nghị cấp lại giấy phép lao động (Mẫu số 11/PLI)",
                form="van-ban-de-nghi-cap-gpld-mau-11.docx",
            ),
            doc("02 ảnh màu cỡ 4x6 cm", originals=2),
            doc(
                "Giấy phép lao động còn thời hạn đã được cấp (trừ trường hợp bị mất)",
                mandatory=False,
            ),
        ],
        fees=[fee("Lệ phí cấp lại giấy phép lao động" + GPLD_FEE_NOTE, 450000)],
        forms=[
            (
                "Văn bản đề nghị cấp giấy phép lao động (Mẫu số 11/PLI)",
                "van-ban-de-nghi-cap-gpld-mau-11.docx",
            )
        ],
        eform=[
            field("ten_nguoi_su_dung_ld", "Tên người sử dụng lao động"),
            field("ho_ten_nld", "Họ tên người lao động nước ngoài"),
            field("so_gpld", "Số giấy phép lao động đã cấp"),
            field(
                "ly_do",
                "Lý do cấp lại",
                "select",
                choices=["Bị mất", "Bị hư hỏng", "Thay đổi thông tin"],
            ),
            EMAIL,
        ],
        legal=laws("BLLD", "ND152", "ND70_2023", "TT85"),
        process=province_process(
            agency=SO_LDTBXH,
            unit=PHONG_VL,
            total_hours=24,
            specialist="Phòng Việc làm - An toàn lao động kiểm tra hồ sơ cấp lại",
            leader="Lãnh đạo Sở Lao động - Thương binh và Xã hội ký giấy phép",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.VL.03",
        name="Giải quyết hưởng trợ cấp thất nghiệp",
        field_="VL",
        level="province",
        agency=SO_LDTBXH,
        cooperating=(BHXH,),
        lead=SO_LDTBXH,
        time_limit=days(20),
        online="partial",
        steps=[
            "Bước 1: Trong thời hạn 03 tháng kể từ ngày chấm dứt hợp đồng lao động, người lao động nộp "
            "hồ sơ tại Trung tâm Dịch vụ việc làm (trực tiếp, qua bưu chính hoặc trực tuyến).",
            "Bước 2: Trung tâm Dịch vụ việc làm xem xét, trình Giám đốc Sở Lao động - Thương binh và "
            "Xã hội quyết định hưởng trợ cấp thất nghiệp trong thời hạn 20 ngày làm việc.",
            "Bước 3: Bảo hiểm xã hội tỉnh chi trả trợ cấp thất nghiệp tháng đầu trong thời hạn 05 "
            "ngày làm việc kể từ ngày nhận được quyết định; người lao động thông báo tìm kiếm việc "
            "làm hằng tháng.",
        ],
        conditions="Đã chấm dứt hợp đồng lao động (trừ trường hợp đơn phương chấm dứt trái pháp luật, "
        "hưởng lương hưu); đã đóng bảo hiểm thất nghiệp từ đủ 12 tháng trở lên trong 24 tháng trước "
        "khi chấm dứt hợp đồng; chưa tìm được việc làm sau 15 ngày kể từ ngày nộp hồ sơ (Điều 49 "
        "Luật Việc làm).",
        result="Quyết định về việc hưởng trợ cấp thất nghiệp",
        documents=[
            doc(
                "Đề nghị hưởng trợ cấp thất nghiệp (Mẫu số 03 ban hành kèm Thông tư 28/2015/TT-BLĐTBXH)",
                form="de-nghi-huong-tro-cap-that-nghiep-mau-03.docx",
            ),
            doc(
                "Hợp đồng lao động đã hết hạn hoặc quyết định thôi việc, thông báo chấm dứt hợp đồng "
                "(bản chính hoặc bản sao có chứng thực)",
            ),
            doc("Sổ bảo hiểm xã hội", reusable=True),
        ],
        fees=[fee("Phí, lệ phí", 0, exemptions=["Không thu phí, lệ phí"])],
        forms=[
            (
                "Đề nghị hưởng trợ cấp thất nghiệp (Mẫu số 03)",
                "de-nghi-huong-tro-cap-that-nghiep-mau-03.docx",
            )
        ],
        eform=[
            applicant("Họ, chữ đệm, tên người lao động"),
            CCCD,
            field("so_bhxh", "Mã số bảo hiểm xã hội", pattern=r"^[0-9]{10}$"),
            field("ngay_cham_dut_hd", "Ngày chấm dứt hợp đồng lao động", "date"),
            field(
                "noi_nhan_tro_cap",
                "Hình thức nhận trợ cấp",
                "select",
                choices=["Tài khoản ngân hàng", "Tiền mặt tại bưu điện"],
            ),
            field("so_tai_khoan", "Số tài khoản ngân hàng", required=False),
            PHONE,
        ],
        legal=laws("LVL", "ND28_2015", "ND61_2020", "TT28_2015"),
        process=province_process(
            agency=SO_LDTBXH,
            unit=PHONG_VL,
            total_hours=160,
            specialist="Trung tâm Dịch vụ việc làm kiểm tra điều kiện hưởng, dự thảo quyết định",
            unit_head="Lãnh đạo phòng chuyên môn thẩm định, trình ký",
            leader="Giám đốc (Phó Giám đốc) Sở Lao động - Thương binh và Xã hội ký quyết định",
            extra=[
                step(
                    "specialist",
                    24,
                    "Bảo hiểm xã hội tỉnh tiếp nhận quyết định, lập danh sách chi trả trợ cấp tháng đầu",
                    agency=BHXH,
                )
            ],
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Giáo dục và Đào tạo — Sở Giáo dục và Đào tạo
# =============================================================================================
add(
    procedure(
        code="BD.GDDT.01",
        name="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        field_="GDDT",
        level="province",
        agency=SO_GDDT,
        time_limit=SAME_DAY,
        online="full",
        steps=[
            "Bước 1: Người yêu cầu nộp yêu cầu trực tiếp, qua bưu chính hoặc trực tuyến đến Sở Giáo "
            "dục và Đào tạo (cơ quan đang quản lý sổ gốc).",
            "Bước 2: Sở Giáo dục và Đào tạo đối chiếu sổ gốc, cấp bản sao.",
            "Bước 3: Trả bản sao ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp "
            "theo; trường hợp cần xác minh thì không quá 03 ngày làm việc.",
        ],
        result="Bản sao văn bằng, chứng chỉ từ sổ gốc",
        cases=[
            case("TH1", "Sổ gốc còn lưu, không cần xác minh"),
            case("TH2", "Cần xác minh hoặc yêu cầu số lượng lớn", days(3)),
        ],
        documents=[
            doc(
                "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
                form="don-de-nghi-cap-ban-sao-van-bang.docx",
            ),
            doc(
                "Giấy tờ tùy thân của người yêu cầu (xuất trình) hoặc giấy tờ chứng minh quan hệ, giấy "
                "ủy quyền (trường hợp người khác yêu cầu)",
                reusable=True,
            ),
        ],
        fees=[
            fee(
                "Phí, lệ phí",
                0,
                exemptions=["Không thu phí cấp bản sao từ sổ gốc tại Sở Giáo dục và Đào tạo"],
            )
        ],
        forms=[
            (
                "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
                "don-de-nghi-cap-ban-sao-van-bang.docx",
            )
        ],
        eform=[
            applicant("Họ, chữ đệm, tên người được cấp văn bằng"),
            field("ngay_sinh", "Ngày sinh", "date"),
            field(
                "loai_van_bang",
                "Loại văn bằng",
                "select",
                choices=[
                    "Bằng tốt nghiệp trung học phổ thông",
                    "Bằng tốt nghiệp trung học cơ sở",
                    "Chứng chỉ",
                ],
            ),
            field("nam_tot_nghiep", "Năm tốt nghiệp", "number"),
            field("so_ban_sao", "Số bản sao", "number"),
            PHONE,
        ],
        legal=laws("ND23", "TT21_2019"),
        process=province_process(
            agency=SO_GDDT,
            unit=None,
            total_hours=6,
            specialist="Phòng Khảo thí và Quản lý chất lượng giáo dục đối chiếu sổ gốc, in bản sao",
            unit_head="Lãnh đạo phòng kiểm tra",
            leader="Lãnh đạo Sở Giáo dục và Đào tạo ký bản sao",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.GDDT.02",
        name="Chỉnh sửa nội dung văn bằng, chứng chỉ",
        field_="GDDT",
        level="province",
        agency=SO_GDDT,
        time_limit=days(5),
        online="partial",
        steps=[
            "Bước 1: Người được cấp văn bằng nộp hồ sơ đề nghị chỉnh sửa tại Trung tâm Phục vụ hành "
            "chính công tỉnh hoặc trực tuyến.",
            "Bước 2: Sở Giáo dục và Đào tạo xem xét, quyết định việc chỉnh sửa trong thời hạn 05 ngày "
            "làm việc.",
            "Bước 3: Trả quyết định chỉnh sửa (ghi phụ lục văn bằng hoặc cấp văn bằng mới theo quy định).",
        ],
        conditions="Người được cấp văn bằng đã được cơ quan có thẩm quyền quyết định thay đổi, cải "
        "chính hộ tịch, xác định lại dân tộc, xác định lại giới tính, hoặc có sai sót khi ghi văn bằng.",
        result="Quyết định chỉnh sửa nội dung văn bằng, chứng chỉ",
        documents=[
            doc(
                "Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ",
                form="don-de-nghi-chinh-sua-van-bang.docx",
            ),
            doc("Văn bằng, chứng chỉ đề nghị chỉnh sửa"),
            doc(
                "Trích lục hoặc quyết định thay đổi, cải chính hộ tịch, xác định lại dân tộc, giới tính",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc("Giấy khai sinh (bản sao)", originals=0, copies=1, reusable=True),
        ],
        fees=[fee("Phí, lệ phí", 0, exemptions=["Không thu phí, lệ phí"])],
        forms=[
            ("Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ", "don-de-nghi-chinh-sua-van-bang.docx")
        ],
        eform=[
            applicant(),
            field("so_hieu_van_bang", "Số hiệu văn bằng"),
            field("noi_dung_chinh_sua", "Nội dung đề nghị chỉnh sửa", "textarea"),
            PHONE,
        ],
        legal=laws("TT21_2019"),
        process=province_process(
            agency=SO_GDDT,
            unit=None,
            total_hours=40,
            specialist="Phòng chuyên môn kiểm tra căn cứ chỉnh sửa, dự thảo quyết định",
            leader="Giám đốc (Phó Giám đốc) Sở Giáo dục và Đào tạo ký quyết định",
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Lữ hành — Sở Văn hóa, Thể thao và Du lịch
# =============================================================================================
add(
    procedure(
        code="BD.DL.01",
        name="Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa",
        field_="DL",
        level="province",
        agency=SO_VHTTDL,
        applicants=("organization",),
        time_limit=days(10),
        online="full",
        steps=[
            "Bước 1: Doanh nghiệp nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành chính công tỉnh.",
            "Bước 2: Sở Văn hóa, Thể thao và Du lịch thẩm định hồ sơ.",
            "Bước 3: Cấp giấy phép trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; "
            "trường hợp từ chối thì thông báo bằng văn bản nêu rõ lý do.",
        ],
        conditions="Là doanh nghiệp thành lập theo pháp luật về doanh nghiệp; ký quỹ kinh doanh dịch "
        "vụ lữ hành nội địa (20.000.000 đồng theo Nghị định 94/2021/NĐ-CP); người phụ trách kinh "
        "doanh dịch vụ lữ hành tốt nghiệp chuyên ngành về lữ hành hoặc có chứng chỉ nghiệp vụ điều "
        "hành du lịch nội địa.",
        result="Giấy phép kinh doanh dịch vụ lữ hành nội địa",
        documents=[
            doc(
                "Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
                form="don-de-nghi-gp-lu-hanh-noi-dia.docx",
            ),
            doc(
                "Bản sao Giấy chứng nhận đăng ký doanh nghiệp", originals=0, copies=1, reusable=True
            ),
            doc("Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành"),
            doc(
                "Bản sao quyết định bổ nhiệm hoặc hợp đồng lao động của người phụ trách kinh doanh "
                "dịch vụ lữ hành và bản sao văn bằng, chứng chỉ của người đó",
                originals=0,
                copies=1,
            ),
        ],
        fees=[fee("Phí thẩm định cấp giấy phép kinh doanh dịch vụ lữ hành nội địa", 3000000)],
        forms=[
            (
                "Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
                "don-de-nghi-gp-lu-hanh-noi-dia.docx",
            )
        ],
        eform=[
            field("ten_doanh_nghiep", "Tên doanh nghiệp"),
            field("ma_so_doanh_nghiep", "Mã số doanh nghiệp", pattern=r"^[0-9]{10}$"),
            field("nguoi_phu_trach", "Họ tên người phụ trách kinh doanh dịch vụ lữ hành"),
            field("ngan_hang_ky_quy", "Ngân hàng nhận ký quỹ"),
            EMAIL,
        ],
        legal=laws("LDL", "ND168_2017", "ND94_2021", "TT06_2017_VH", "TT33_2018"),
        process=province_process(
            agency=SO_VHTTDL,
            unit=None,
            total_hours=80,
            specialist="Phòng Quản lý du lịch thẩm định hồ sơ, dự thảo giấy phép",
            leader="Giám đốc (Phó Giám đốc) Sở Văn hóa, Thể thao và Du lịch ký giấy phép",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.DL.02",
        name="Cấp thẻ hướng dẫn viên du lịch nội địa",
        field_="DL",
        level="province",
        agency=SO_VHTTDL,
        time_limit=days(10),
        online="full",
        steps=[
            "Bước 1: Người đề nghị nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành chính công tỉnh.",
            "Bước 2: Sở Văn hóa, Thể thao và Du lịch thẩm định hồ sơ.",
            "Bước 3: Cấp thẻ hướng dẫn viên du lịch nội địa trong thời hạn 10 ngày kể từ ngày nhận đủ "
            "hồ sơ hợp lệ.",
        ],
        conditions="Có quốc tịch Việt Nam, thường trú tại Việt Nam; có năng lực hành vi dân sự đầy "
        "đủ; không mắc bệnh truyền nhiễm, không sử dụng chất gây nghiện; tốt nghiệp trung cấp trở "
        "lên chuyên ngành hướng dẫn du lịch hoặc có chứng chỉ nghiệp vụ hướng dẫn du lịch nội địa.",
        result="Thẻ hướng dẫn viên du lịch nội địa (thời hạn 05 năm)",
        documents=[
            doc("Đơn đề nghị cấp thẻ hướng dẫn viên du lịch", form="don-de-nghi-the-hdv.docx"),
            doc("Sơ yếu lý lịch có xác nhận của cơ quan có thẩm quyền"),
            doc(
                "Bản sao có chứng thực văn bằng hoặc chứng chỉ nghiệp vụ hướng dẫn du lịch nội địa",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc(
                "Giấy chứng nhận sức khỏe do cơ sở khám bệnh, chữa bệnh cấp trong thời hạn 06 tháng"
            ),
            doc("02 ảnh chân dung màu cỡ 3x4 cm", originals=2),
        ],
        fees=[fee("Phí thẩm định cấp thẻ hướng dẫn viên du lịch", 650000)],
        forms=[("Đơn đề nghị cấp thẻ hướng dẫn viên du lịch", "don-de-nghi-the-hdv.docx")],
        eform=[
            applicant(),
            CCCD,
            field("ngay_sinh", "Ngày sinh", "date"),
            field("chung_chi", "Văn bằng, chứng chỉ nghiệp vụ"),
            PHONE,
            EMAIL,
        ],
        legal=laws("LDL", "ND168_2017", "TT06_2017_VH", "TT33_2018"),
        process=province_process(
            agency=SO_VHTTDL,
            unit=None,
            total_hours=80,
            specialist="Phòng Quản lý du lịch thẩm định hồ sơ, in thẻ",
            leader="Giám đốc (Phó Giám đốc) Sở Văn hóa, Thể thao và Du lịch ký duyệt",
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Cư trú — Công an (tiếp nhận tại Công an cấp xã; thủ tục của Bộ Công an)
# =============================================================================================
CUTRU_EXEMPT = [
    "Bố, mẹ, vợ (hoặc chồng), con dưới 18 tuổi của liệt sĩ; thương binh, con dưới 18 tuổi của "
    "thương binh; người hưởng chính sách như thương binh",
    "Trẻ em, người cao tuổi, người khuyết tật, người có công với cách mạng",
    "Công dân thuộc hộ nghèo",
    "Đồng bào dân tộc thiểu số ở xã có điều kiện kinh tế - xã hội đặc biệt khó khăn; công dân "
    "thường trú tại xã biên giới",
]
CUTRU_LEGAL = laws("LCT", "ND62_2021", "TT55_2021", "TT56_2021", "TT75_2022")


def police_process(total_hours: float, specialist: str, leader: str) -> list[dict[str, Any]]:
    recv, lead, ret = (1.0, 2.0, 1.0) if total_hours <= 8 else (2.0, 4.0, 2.0)
    return [
        step(
            "receiving",
            recv,
            "Công an cấp xã (cơ quan đăng ký cư trú) tiếp nhận, kiểm tra hồ sơ, thu lệ phí",
        ),
        step("specialist", total_hours - recv - lead - ret, specialist, unit=PHONG_QLHC_CA),
        step("agency_leader", lead, leader),
        step("returning", ret, "Thông báo kết quả cho công dân (văn bản, tin nhắn, VNeID)"),
    ]


CT01 = doc(
    "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm Thông tư 56/2021/TT-BCA)",
    form="to-khai-thay-doi-thong-tin-cu-tru-ct01.docx",
)

add(
    procedure(
        code="BD.CUTRU.01",
        name="Đăng ký thường trú",
        field_="CUTRU",
        level="central",
        agency=CONG_AN,
        time_limit=days(7),
        online="full",
        steps=[
            "Bước 1: Công dân nộp hồ sơ tại Công an cấp xã nơi cư trú hoặc trực tuyến qua Cổng Dịch vụ "
            "công, ứng dụng VNeID.",
            "Bước 2: Cơ quan đăng ký cư trú kiểm tra, cấp phiếu tiếp nhận hoặc hướng dẫn bổ sung.",
            "Bước 3: Trong thời hạn 07 ngày làm việc, thẩm định, cập nhật thông tin về nơi thường trú "
            "mới vào Cơ sở dữ liệu về cư trú và thông báo cho người đăng ký; trường hợp từ chối thì "
            "trả lời bằng văn bản nêu rõ lý do.",
        ],
        conditions="Có chỗ ở hợp pháp thuộc quyền sở hữu; hoặc về ở với người thân khi được chủ hộ, "
        "chủ sở hữu chỗ ở đồng ý; hoặc thuê, mượn, ở nhờ đáp ứng điều kiện diện tích tối thiểu do "
        "HĐND tỉnh quy định (Điều 20 Luật Cư trú).",
        result="Thông báo kết quả giải quyết; thông tin thường trú được cập nhật trong Cơ sở dữ liệu về cư trú",
        documents=[
            CT01,
            doc(
                "Giấy tờ, tài liệu chứng minh việc sở hữu chỗ ở hợp pháp hoặc hợp đồng thuê, mượn, ở nhờ",
                originals=0,
                copies=1,
                reusable=True,
            ),
            doc(
                "Giấy tờ, tài liệu chứng minh quan hệ nhân thân với chủ hộ (trường hợp về ở với người thân)",
                originals=0,
                copies=1,
                mandatory=False,
                reusable=True,
            ),
        ],
        fees=[
            fee("Lệ phí đăng ký thường trú (nộp hồ sơ trực tiếp)", 20000, exemptions=CUTRU_EXEMPT),
            fee(
                "Lệ phí đăng ký thường trú (nộp hồ sơ qua cổng dịch vụ công trực tuyến)",
                10000,
                exemptions=CUTRU_EXEMPT,
            ),
        ],
        forms=[
            (
                "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
                "to-khai-thay-doi-thong-tin-cu-tru-ct01.docx",
            )
        ],
        eform=[
            applicant(),
            CCCD,
            field("dia_chi_thuong_tru_moi", "Địa chỉ đề nghị đăng ký thường trú"),
            field("ho_ten_chu_ho", "Họ tên chủ hộ", required=False),
            field("quan_he_chu_ho", "Quan hệ với chủ hộ", required=False),
            field("y_kien_chu_ho", "Chủ hộ, chủ sở hữu chỗ ở đồng ý", "checkbox", required=False),
            PHONE,
        ],
        legal=CUTRU_LEGAL,
        process=police_process(
            56,
            "Cán bộ đăng ký cư trú thẩm định hồ sơ, kiểm tra chỗ ở hợp pháp, cập nhật Cơ sở dữ liệu về cư trú",
            "Trưởng Công an cấp xã phê duyệt",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.CUTRU.02",
        name="Đăng ký tạm trú",
        field_="CUTRU",
        level="central",
        agency=CONG_AN,
        time_limit=days(3),
        online="full",
        steps=[
            "Bước 1: Công dân đến sinh sống tại chỗ ở hợp pháp ngoài phạm vi đơn vị hành chính cấp xã "
            "nơi thường trú từ 30 ngày trở lên nộp hồ sơ tại Công an cấp xã hoặc trực tuyến.",
            "Bước 2: Cơ quan đăng ký cư trú kiểm tra, tiếp nhận hồ sơ.",
            "Bước 3: Trong thời hạn 03 ngày làm việc, thẩm định, cập nhật thông tin về nơi tạm trú vào "
            "Cơ sở dữ liệu về cư trú và thông báo cho người đăng ký.",
        ],
        result="Thông báo kết quả giải quyết; thông tin tạm trú được cập nhật (thời hạn tạm trú tối đa 02 năm)",
        documents=[
            CT01,
            doc(
                "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp",
                originals=0,
                copies=1,
                reusable=True,
            ),
        ],
        fees=[
            fee("Lệ phí đăng ký tạm trú (nộp hồ sơ trực tiếp)", 15000, exemptions=CUTRU_EXEMPT),
            fee(
                "Lệ phí đăng ký tạm trú (nộp hồ sơ qua cổng dịch vụ công trực tuyến)",
                7000,
                exemptions=CUTRU_EXEMPT,
            ),
        ],
        forms=[
            (
                "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
                "to-khai-thay-doi-thong-tin-cu-tru-ct01.docx",
            )
        ],
        eform=[
            applicant(),
            CCCD,
            field("dia_chi_tam_tru", "Địa chỉ đề nghị đăng ký tạm trú"),
            field("thoi_han_tam_tru", "Thời hạn tạm trú đề nghị (tháng)", "number"),
            PHONE,
        ],
        legal=CUTRU_LEGAL,
        process=police_process(
            24,
            "Cán bộ đăng ký cư trú thẩm định hồ sơ, cập nhật Cơ sở dữ liệu về cư trú",
            "Trưởng Công an cấp xã phê duyệt",
        ),
        effective_from=D2,
    )
)

add(
    procedure(
        code="BD.CUTRU.03",
        name="Xóa đăng ký thường trú",
        field_="CUTRU",
        level="central",
        agency=CONG_AN,
        time_limit=days(1),
        online="full",
        steps=[
            "Bước 1: Trong thời hạn 07 ngày kể từ ngày có người thuộc diện xóa đăng ký thường trú, "
            "người thuộc diện xóa hoặc đại diện hộ gia đình nộp hồ sơ tại Công an cấp xã hoặc trực tuyến.",
            "Bước 2: Cơ quan đăng ký cư trú kiểm tra, tiếp nhận hồ sơ.",
            "Bước 3: Trong thời hạn 01 ngày làm việc, xóa đăng ký thường trú và cập nhật Cơ sở dữ liệu "
            "về cư trú.",
        ],
        result="Thông tin thường trú được xóa trong Cơ sở dữ liệu về cư trú",
        documents=[
            CT01,
            doc(
                "Giấy tờ, tài liệu chứng minh thuộc trường hợp xóa đăng ký thường trú (trích lục khai "
                "tử, quyết định hủy bỏ đăng ký thường trú, ...)",
                originals=0,
                copies=1,
                reusable=True,
            ),
        ],
        fees=[fee("Lệ phí", 0, exemptions=["Không thu lệ phí xóa đăng ký thường trú"])],
        forms=[
            (
                "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
                "to-khai-thay-doi-thong-tin-cu-tru-ct01.docx",
            )
        ],
        eform=[
            field("ho_ten_nguoi_bi_xoa", "Họ tên người thuộc diện xóa đăng ký thường trú"),
            CCCD,
            field(
                "ly_do",
                "Lý do xóa",
                "select",
                choices=[
                    "Chết",
                    "Ra nước ngoài định cư",
                    "Đã đăng ký thường trú ở nơi khác",
                    "Khác",
                ],
            ),
            applicant("Họ tên người khai"),
            PHONE,
        ],
        legal=laws("LCT", "ND62_2021", "TT55_2021", "TT56_2021"),
        process=police_process(
            8,
            "Cán bộ đăng ký cư trú kiểm tra, xóa đăng ký thường trú trong Cơ sở dữ liệu",
            "Trưởng Công an cấp xã phê duyệt",
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Bảo hiểm y tế — Bảo hiểm xã hội tỉnh
# =============================================================================================
add(
    procedure(
        code="BD.BHYT.01",
        name="Cấp lại thẻ bảo hiểm y tế do bị mất, hỏng (không thay đổi thông tin)",
        field_="BHYT",
        level="central",
        agency=BHXH,
        time_limit=days(7),
        online="full",
        steps=[
            "Bước 1: Người tham gia nộp hồ sơ trực tuyến (Cổng Dịch vụ công, ứng dụng VssID) hoặc tại "
            "Bảo hiểm xã hội, qua bưu chính.",
            "Bước 2: Cơ quan Bảo hiểm xã hội kiểm tra dữ liệu người tham gia.",
            "Bước 3: Cấp lại thẻ bảo hiểm y tế trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ "
            "sơ; trong thời gian chờ cấp lại, người có thẻ vẫn được hưởng quyền lợi bảo hiểm y tế.",
        ],
        result="Thẻ bảo hiểm y tế (bản giấy; thẻ điện tử trên VssID, VNeID)",
        documents=[
            doc(
                "Tờ khai tham gia, điều chỉnh thông tin bảo hiểm xã hội, bảo hiểm y tế (Mẫu TK1-TS)",
                form="to-khai-tk1-ts.docx",
            ),
        ],
        fees=[fee("Phí, lệ phí", 0, exemptions=["Không thu phí cấp lại thẻ bảo hiểm y tế"])],
        forms=[
            (
                "Tờ khai tham gia, điều chỉnh thông tin BHXH, BHYT (Mẫu TK1-TS)",
                "to-khai-tk1-ts.docx",
            )
        ],
        eform=[
            applicant("Họ, chữ đệm, tên người tham gia"),
            field("ma_so_bhxh", "Mã số bảo hiểm xã hội", pattern=r"^[0-9]{10}$"),
            CCCD,
            field("ly_do", "Lý do cấp lại", "select", choices=["Bị mất", "Bị hỏng"]),
            PHONE,
        ],
        legal=laws("LBHYT", "LBHYT_SD", "ND146_2018", "QD595"),
        process=[
            step("receiving", 2, "Bộ phận một cửa Bảo hiểm xã hội tiếp nhận, kiểm tra hồ sơ"),
            step(
                "specialist",
                24,
                "Phòng Quản lý thu - Sổ, thẻ kiểm tra dữ liệu, in thẻ bảo hiểm y tế",
            ),
            step("unit_head", 4, "Lãnh đạo phòng kiểm tra"),
            step("agency_leader", 4, "Lãnh đạo Bảo hiểm xã hội tỉnh ký duyệt"),
            step("returning", 2, "Trả thẻ trực tiếp, qua bưu chính; cập nhật thẻ điện tử"),
        ],
        effective_from=D2,
    )
)

# =============================================================================================
# Xúc tiến thương mại — Sở Công Thương
# =============================================================================================
add(
    procedure(
        code="BD.XTTM.01",
        name="Đăng ký thực hiện khuyến mại theo hình thức mang tính may rủi trên địa bàn 01 tỉnh",
        field_="XTTM",
        level="province",
        agency=SO_CT,
        applicants=("organization",),
        time_limit=days(5),
        online="full",
        steps=[
            "Bước 1: Thương nhân nộp hồ sơ đăng ký trực tuyến hoặc tại Trung tâm Phục vụ hành chính "
            "công tỉnh.",
            "Bước 2: Sở Công Thương kiểm tra hồ sơ, thể lệ chương trình khuyến mại.",
            "Bước 3: Trong thời hạn 05 ngày làm việc, Sở Công Thương xác nhận hoặc không xác nhận việc "
            "đăng ký thực hiện khuyến mại (nêu rõ lý do).",
        ],
        conditions="Tổng giá trị giải thưởng không vượt quá 50% tổng giá trị hàng hóa, dịch vụ được "
        "khuyến mại; chương trình thực hiện trên địa bàn 01 tỉnh; thương nhân trích nộp 50% giá trị "
        "giải thưởng không có người trúng vào ngân sách nhà nước.",
        result="Văn bản xác nhận đăng ký thực hiện khuyến mại",
        documents=[
            doc(
                "Đơn đề nghị thực hiện khuyến mại (Mẫu số 02 Phụ lục Nghị định 81/2018/NĐ-CP)",
                form="don-de-nghi-thuc-hien-khuyen-mai-mau-02.docx",
            ),
            doc("Thể lệ chương trình khuyến mại (Mẫu số 03)"),
            doc("Mẫu vé số dự thưởng, hình ảnh hàng hóa khuyến mại và hàng hóa dùng để khuyến mại"),
            doc(
                "Bản sao giấy tờ chứng nhận chất lượng của hàng hóa dùng để khuyến mại (nếu có)",
                originals=0,
                copies=1,
                mandatory=False,
            ),
        ],
        fees=[fee("Phí, lệ phí", 0, exemptions=["Không thu phí, lệ phí"])],
        forms=[
            (
                "Đơn đề nghị thực hiện khuyến mại (Mẫu số 02)",
                "don-de-nghi-thuc-hien-khuyen-mai-mau-02.docx",
            )
        ],
        eform=[
            field("ten_thuong_nhan", "Tên thương nhân"),
            field("ma_so_doanh_nghiep", "Mã số doanh nghiệp", pattern=r"^[0-9]{10}$"),
            field("ten_chuong_trinh", "Tên chương trình khuyến mại"),
            field("tu_ngay", "Thời gian bắt đầu", "date"),
            field("den_ngay", "Thời gian kết thúc", "date"),
            field("tong_gia_tri_giai", "Tổng giá trị giải thưởng (đồng)", "number"),
            EMAIL,
        ],
        legal=laws("LTM", "ND81_2018"),
        process=province_process(
            agency=SO_CT,
            unit=None,
            total_hours=40,
            specialist="Phòng Quản lý thương mại kiểm tra hồ sơ, thể lệ khuyến mại",
            leader="Giám đốc (Phó Giám đốc) Sở Công Thương ký văn bản xác nhận",
        ),
        effective_from=D2,
    )
)

# =============================================================================================
# Liên thông điện tử theo Nghị định 63/2024/NĐ-CP (UBND cấp xã chủ trì; Công an, BHXH phối hợp)
# =============================================================================================
add(
    procedure(
        code="BD.LT.01",
        name="Liên thông các thủ tục hành chính: Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo "
        "hiểm y tế cho trẻ em dưới 6 tuổi",
        field_="HT",
        level="commune",
        agency=None,
        cooperating=(CONG_AN, BHXH),
        lead=None,
        time_limit=days(3),
        online="full",
        channels=("counter",),
        steps=[
            "Bước 1: Người yêu cầu truy cập Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID, chọn "
            "“Dịch vụ công liên thông khai sinh, khai tử”, kê khai tờ khai điện tử, đính kèm giấy tờ "
            "và nộp lệ phí (nếu có); hoặc được Bộ phận Một cửa UBND cấp xã hướng dẫn nộp.",
            "Bước 2: Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh tiếp nhận hồ sơ, gửi "
            "thông báo hẹn trả kết quả qua Cổng Dịch vụ công, VNeID và tin nhắn.",
            "Bước 3: Công chức tư pháp - hộ tịch UBND cấp xã đăng ký khai sinh ngay trong ngày làm việc; "
            "Giấy khai sinh điện tử được chuyển đến Công an và Bảo hiểm xã hội.",
            "Bước 4: Công an cấp xã đăng ký thường trú; Bảo hiểm xã hội cấp thẻ bảo hiểm y tế; kết quả "
            "được trả cho người yêu cầu. Thời hạn giải quyết liên thông không quá 03 ngày làm việc.",
        ],
        conditions="Trẻ em dưới 6 tuổi; cha, mẹ hoặc người giám hộ có tài khoản định danh điện tử "
        "mức độ 2.",
        result="Giấy khai sinh (bản điện tử và bản giấy); thông báo kết quả đăng ký thường trú; thẻ "
        "bảo hiểm y tế (bản điện tử)",
        documents=[
            doc(
                "Tờ khai điện tử liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y "
                "tế (Mẫu số 01 kèm Nghị định 63/2024/NĐ-CP)",
                form="to-khai-lien-thong-khai-sinh.docx",
            ),
            doc(
                "Giấy chứng sinh (bản chụp/bản điện tử); trường hợp không có thì văn bản xác nhận của "
                "người làm chứng hoặc giấy cam đoan về việc sinh",
                originals=0,
                copies=1,
            ),
            doc(
                "Giấy tờ chứng minh chỗ ở hợp pháp (chỉ khi trẻ đăng ký thường trú tại nơi khác nơi "
                "thường trú của cha, mẹ)",
                originals=0,
                copies=1,
                mandatory=False,
                reusable=True,
            ),
            doc("Văn bản ủy quyền (trường hợp ủy quyền)", mandatory=False),
        ],
        fees=[
            fee(
                "Lệ phí đăng ký khai sinh quá hạn" + HT_FEE_NOTE,
                8000,
                exemptions=[
                    "Đăng ký khai sinh đúng hạn (trong 60 ngày kể từ ngày sinh)",
                    *HT_EXEMPT,
                ],
            ),
            fee(
                "Lệ phí đăng ký thường trú (nộp qua cổng dịch vụ công trực tuyến)",
                10000,
                exemptions=["Trẻ em theo quy định của Luật Trẻ em (Thông tư 75/2022/TT-BTC)"],
            ),
        ],
        forms=[
            (
                "Tờ khai điện tử liên thông khai sinh, thường trú, bảo hiểm y tế (Mẫu số 01)",
                "to-khai-lien-thong-khai-sinh.docx",
            )
        ],
        eform=[
            field("ho_ten_tre", "Họ, chữ đệm, tên của trẻ"),
            field("ngay_sinh_tre", "Ngày, tháng, năm sinh", "date"),
            field("gioi_tinh", "Giới tính", "select", choices=["Nam", "Nữ"]),
            field("ho_ten_me", "Họ, chữ đệm, tên người mẹ"),
            field("ho_ten_cha", "Họ, chữ đệm, tên người cha", required=False),
            field("noi_dang_ky_thuong_tru", "Nơi đăng ký thường trú của trẻ"),
            field("noi_kcb_ban_dau", "Nơi đăng ký khám chữa bệnh ban đầu"),
            PHONE,
        ],
        legal=laws("ND63_2024", "QD296_VPCP", "LHT", "LCT", "LBHYT", "TT75_2022"),
        process=[
            step(
                "receiving",
                1,
                "Bộ phận Một cửa UBND cấp xã tiếp nhận hồ sơ liên thông từ hệ thống, kiểm tra",
            ),
            step(
                "specialist",
                3,
                "Công chức tư pháp - hộ tịch đăng ký khai sinh trên Phần mềm hộ tịch điện tử dùng chung",
            ),
            step("agency_leader", 2, "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký số Giấy khai sinh"),
            step(
                "specialist",
                6,
                "Công an cấp xã đăng ký thường trú cho trẻ, cập nhật Cơ sở dữ liệu về cư trú",
                agency=CONG_AN,
                unit=PHONG_QLHC_CA,
            ),
            step(
                "specialist",
                6,
                "Bảo hiểm xã hội cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi",
                agency=BHXH,
            ),
            step(
                "returning",
                2,
                "Trả kết quả liên thông: bản điện tử vào tài khoản, bản giấy tại UBND cấp xã hoặc bưu chính",
            ),
        ],
        effective_from=D3,
    )
)

add(
    procedure(
        code="BD.LT.02",
        name="Liên thông các thủ tục hành chính: Đăng ký khai tử, xóa đăng ký thường trú, giải quyết "
        "trợ cấp mai táng",
        field_="HT",
        level="commune",
        agency=None,
        cooperating=(CONG_AN, BHXH),
        lead=None,
        time_limit=days(5),
        online="full",
        channels=("counter",),
        steps=[
            "Bước 1: Người yêu cầu nộp hồ sơ liên thông trên Cổng Dịch vụ công quốc gia hoặc ứng dụng "
            "VNeID (mục “Dịch vụ công liên thông khai sinh, khai tử”), lựa chọn liên thông 02, 03 hoặc "
            "04 thủ tục; hoặc được Bộ phận Một cửa UBND cấp xã hướng dẫn nộp.",
            "Bước 2: UBND cấp xã đăng ký khai tử, cấp Trích lục khai tử (bản điện tử).",
            "Bước 3: Công an cấp xã xóa đăng ký thường trú của người chết.",
            "Bước 4: Bảo hiểm xã hội giải quyết trợ cấp mai táng (bằng 10 lần mức lương cơ sở tại "
            "tháng người tham gia bảo hiểm xã hội chết, Điều 66 Luật Bảo hiểm xã hội); trả kết quả "
            "cho người yêu cầu.",
        ],
        conditions="Người chết thuộc đối tượng hưởng trợ cấp mai táng theo Luật Bảo hiểm xã hội "
        "(đối với phần giải quyết trợ cấp mai táng).",
        result="Trích lục khai tử; thông báo xóa đăng ký thường trú; quyết định hưởng trợ cấp mai táng",
        documents=[
            doc(
                "Tờ khai điện tử liên thông đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai "
                "táng phí, tử tuất (Mẫu số 02 kèm Nghị định 63/2024/NĐ-CP)",
                form="to-khai-lien-thong-khai-tu.docx",
            ),
            doc(
                "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử (bản chụp/bản điện tử)",
                originals=0,
                copies=1,
            ),
            doc(
                "Sổ bảo hiểm xã hội của người chết (đối với phần trợ cấp mai táng, nếu chưa có dữ liệu "
                "điện tử)",
                mandatory=False,
                reusable=True,
            ),
        ],
        fees=[
            fee(
                "Lệ phí đăng ký khai tử quá hạn" + HT_FEE_NOTE,
                8000,
                exemptions=["Đăng ký khai tử đúng hạn (trong 15 ngày kể từ ngày chết)", *HT_EXEMPT],
            )
        ],
        forms=[
            (
                "Tờ khai điện tử liên thông khai tử, xóa thường trú, mai táng phí (Mẫu số 02)",
                "to-khai-lien-thong-khai-tu.docx",
            )
        ],
        eform=[
            field("ho_ten_nguoi_chet", "Họ, chữ đệm, tên người đã chết"),
            field(
                "so_dinh_danh_nguoi_chet",
                "Số định danh cá nhân của người đã chết",
                pattern=r"^[0-9]{12}$",
            ),
            field("ngay_chet", "Ngày chết", "date"),
            field("noi_chet", "Nơi chết"),
            applicant("Họ, chữ đệm, tên người đi khai tử"),
            field("so_tai_khoan", "Số tài khoản nhận trợ cấp mai táng", required=False),
            PHONE,
        ],
        legal=laws("ND63_2024", "QD296_VPCP", "LHT", "LCT", "LBHXH"),
        process=[
            step(
                "receiving", 1, "Bộ phận Một cửa UBND cấp xã tiếp nhận hồ sơ liên thông, kiểm tra"
            ),
            step(
                "specialist",
                3,
                "Công chức tư pháp - hộ tịch đăng ký khai tử trên Phần mềm hộ tịch điện tử dùng chung",
            ),
            step("agency_leader", 2, "Chủ tịch (Phó Chủ tịch) UBND cấp xã ký số Trích lục khai tử"),
            step(
                "specialist",
                8,
                "Công an cấp xã xóa đăng ký thường trú, cập nhật Cơ sở dữ liệu về cư trú",
                agency=CONG_AN,
                unit=PHONG_QLHC_CA,
            ),
            step(
                "specialist",
                16,
                "Bảo hiểm xã hội giải quyết, chi trả trợ cấp mai táng",
                agency=BHXH,
            ),
            step("returning", 2, "Trả kết quả liên thông cho người yêu cầu"),
        ],
        effective_from=D3,
    )
)

FIELDS = [
    {"code": "HT", "name": "Hộ tịch"},
    {"code": "CT", "name": "Chứng thực"},
    {"code": "LLTP", "name": "Lý lịch tư pháp"},
    {"code": "DKKD", "name": "Thành lập và hoạt động doanh nghiệp"},
    {"code": "DD", "name": "Đất đai"},
    {"code": "XD", "name": "Hoạt động xây dựng"},
    {"code": "DB", "name": "Đường bộ"},
    {"code": "DUOC", "name": "Dược phẩm"},
    {"code": "VL", "name": "Việc làm"},
    {"code": "GDDT", "name": "Giáo dục và Đào tạo"},
    {"code": "DL", "name": "Lữ hành"},
    {"code": "CUTRU", "name": "Đăng ký, quản lý cư trú"},
    {"code": "BHYT", "name": "Bảo hiểm y tế"},
    {"code": "XTTM", "name": "Xúc tiến thương mại"},
]


def decisions() -> list[dict[str, Any]]:
    """Demo publication decisions (numbers marked DEMO: not real decisions)."""
    by_date: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for p in PROCEDURES:
        action = "amend" if p["national_code"] in seen else "announce"
        seen.add(p["national_code"])
        by_date.setdefault(p["effective_from"], []).append(
            {"procedure": p["national_code"], "action": action}
        )
    meta = {
        D1: ("DEMO-01/QĐ-UBND", "2024-02-20"),
        D2: ("DEMO-02/QĐ-UBND", "2024-05-24"),
        D3: ("DEMO-03/QĐ-UBND", "2024-07-25"),
    }
    out = []
    for eff in sorted(by_date):
        number, date = meta[eff]
        out.append(
            {
                "number": number,
                "date": date,
                "issuer": "Chủ tịch UBND tỉnh Bình Dương",
                "effective_date": eff,
                "items": by_date[eff],
            }
        )
    return out


def build() -> dict[str, Any]:
    used = {p["field"] for p in PROCEDURES}
    return {
        "format": "motcua.catalog/1",
        "fields": [f for f in FIELDS if f["code"] in used],
        "decisions": decisions(),
        "procedures": PROCEDURES,
    }


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['procedures'])} procedure entries, {len(data['fields'])} fields")


if __name__ == "__main__":
    main()
