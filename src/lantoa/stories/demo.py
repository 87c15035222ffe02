"""A few approved stories for ``lantoa demo``, so the feature is visible at once.

Every one is invented for the demonstration and says so in its first line ("Dữ liệu minh
họa"); the units are real units of the demo tree. Running the demo again adds nothing twice.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from lantoa.orgs.models import Unit
from lantoa.stories.models import Story
from lantoa.stories.services import StoryError, story_moderate, story_submit

MARK = "[Dữ liệu minh họa — câu chuyện mẫu, không phải báo cáo thật.]"

# (province code, title, text, points)
STORIES = [
    (
        "22",
        "Thuê dịch vụ đám mây thay vì mua máy chủ cho bộ phận một cửa",
        "Trước đây, mỗi lần máy chủ hỏng, bộ phận một cửa phải chờ cả tuần để mua thiết bị "
        "mới. Từ đầu năm, xã chuyển sang thuê dịch vụ điện toán đám mây, trả theo mức sử "
        "dụng; hệ thống chạy liên tục, cán bộ không còn phải trực máy ban đêm.\n\n"
        "Chi phí mỗi tháng rõ ràng, và khi số hồ sơ tăng vào mùa cấp đổi giấy tờ, dịch vụ "
        "tự mở rộng mà không phải mua thêm gì.",
        [8],
    ),
    (
        "22",
        "Người dân nộp hồ sơ trên điện thoại, cán bộ trả kết quả qua Zalo",
        "Tổ công nghệ số cộng đồng đi từng thôn hướng dẫn bà con cài ứng dụng định danh điện "
        "tử và nộp hồ sơ trực tuyến. Kết quả được báo qua Zalo của xã.\n\n"
        "Số lượt người dân phải đến trụ sở giảm hẳn; cán bộ dành thời gian cho những hồ sơ "
        "khó thay vì nhập lại giấy tờ.",
        [1, 6],
    ),
    (
        "24",
        "Dữ liệu dân cư dùng chung, không bắt người dân khai lại",
        "Trạm y tế và bộ phận tư pháp dùng chung dữ liệu dân cư đã được làm sạch. Khi làm "
        "thủ tục, người dân không phải nộp lại bản sao giấy tờ mà cơ quan nhà nước đã có.\n\n"
        "Dữ liệu trở thành tài sản chung của xã, được cập nhật một lần và dùng nhiều lần.",
        [3, 10],
    ),
]


def demo_stories_create(*, actor: AbstractBaseUser) -> int:
    """Submit and approve the demo stories (by the demo administrator); returns how many new."""
    made = 0
    for province, title, text, points in STORIES:
        unit = (
            Unit.objects.filter(
                parent__code=province, valid_until__isnull=True, merged_into__isnull=True
            )
            .order_by("code")
            .first()
        )
        if unit is None or Story.objects.filter(unit=unit, title=title).exists():
            continue
        try:
            story = story_submit(
                actor=actor, unit=unit, title=title, text=f"{MARK}\n\n{text}", points=points
            )
        except StoryError:
            continue
        story_moderate(actor=actor, story=story, decision="approve")
        made += 1
    return made
