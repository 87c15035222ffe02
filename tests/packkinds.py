"""Small packs of every kind, written as their authors would, for tests of every product."""
# ruff: noqa: E501

from __future__ import annotations

from lantoa.core.packs import Pack, builtin_pack, parse_pack

KEY_POINTS_YAML = """\
schema: 2
id: lua-dao
kind: key_points
version: "1.0.0"
language: vi
count: 4
title: {vi: "Nhận diện lừa đảo trực tuyến"}
summary: {vi: "Bốn dấu hiệu thường gặp của lừa đảo trực tuyến và cách xử lý."}
sources:
  - {number: "01/TEST", kind: "công văn", issuer: "Đơn vị thử nghiệm", date: 2025-01-02, title: "V/v thử nghiệm"}
points:
  - number: 1
    id: goi-gia-danh
    title: {vi: "Cuộc gọi giả danh cơ quan công an", en: "Calls impersonating the police"}
    text: {vi: "Cơ quan công an không làm việc qua điện thoại để yêu cầu chuyển tiền hay cung cấp mã OTP.", en: "The police never ask for money transfers or OTP codes over the phone."}
    short: {vi: "Công an không đòi chuyển tiền qua điện thoại", en: "Police never ask for money by phone"}
    keywords: {vi: ["giả danh", "công an", "chuyển tiền"], en: ["impersonation", "police"]}
  - number: 2
    id: duong-link-la
    title: {vi: "Đường link lạ trong tin nhắn"}
    text: {vi: "Không bấm vào đường link lạ gửi qua tin nhắn, thư điện tử hay mạng xã hội."}
    short: {vi: "Không bấm đường link lạ"}
    keywords: {vi: ["đường link", "tin nhắn"]}
  - number: 3
    id: viec-nhe-luong-cao
    title: {vi: "Việc nhẹ lương cao"}
    text: {vi: "Lời mời làm việc đơn giản với thu nhập cao, yêu cầu nạp tiền trước, là dấu hiệu lừa đảo."}
    short: {vi: "Không nạp tiền để nhận việc"}
    keywords: {vi: ["việc nhẹ lương cao", "nạp tiền"]}
  - number: 4
    id: bao-ngay
    title: {vi: "Bị lừa thì báo ngay"}
    text: {vi: "Khi bị lừa đảo, báo ngay cho ngân hàng và cơ quan công an gần nhất."}
    short: {vi: "Báo ngân hàng và công an ngay"}
    keywords: {vi: ["báo ngay", "ngân hàng"]}
"""

QA_YAML = """\
schema: 2
id: vneid-hoi-dap
kind: qa
version: "1.0.0"
language: vi
count: 3
title: {vi: "Hỏi đáp về tài khoản định danh điện tử", en: "Questions on the electronic ID account"}
summary: {vi: "Ba câu hỏi thường gặp.", en: "Three common questions."}
sources:
  - {kind: "tài liệu", issuer: "Đơn vị thử nghiệm", title: "Hỏi đáp thử nghiệm"}
points:
  - number: 1
    id: q-dang-ky
    title: {vi: "Đăng ký tài khoản định danh mức 2 ở đâu?", en: "Where do I register a level 2 account?"}
    text: {vi: "Tại cơ quan công an nơi làm thủ tục cấp căn cước.", en: "At the police office where the ID card is issued."}
    short: {vi: "Tại cơ quan công an", en: "At the police office"}
    keywords: {vi: ["mức 2", "công an"], en: ["level 2"]}
  - number: 2
    id: q-mat-mat-khau
    title: {vi: "Quên mật khẩu thì làm thế nào?"}
    text: {vi: "Chọn Quên mật khẩu trên ứng dụng và xác thực bằng số điện thoại đã đăng ký."}
    short: {vi: "Chọn Quên mật khẩu trên ứng dụng"}
    keywords: {vi: ["mật khẩu"]}
  - number: 3
    id: q-chia-se
    title: {vi: "Có nên cho người khác mượn tài khoản không?"}
    text: {vi: "Không. Tài khoản định danh là của riêng mỗi người, không cho người khác mượn."}
    short: {vi: "Không cho ai mượn tài khoản"}
    keywords: {vi: ["cho mượn", "tài khoản"]}
"""


def key_points_pack() -> Pack:
    return parse_pack(KEY_POINTS_YAML, name="lua-dao.yaml")


def qa_pack() -> Pack:
    return parse_pack(QA_YAML, name="vneid-hoi-dap.yaml")


def every_kind() -> list[Pack]:
    """One pack of each kind: the built-in comparison, a key-points pack, a Q&A pack."""
    return [builtin_pack("cds17"), key_points_pack(), qa_pack()]
