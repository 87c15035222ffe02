from django.urls import path

from lantoa.stories import feeds, views

urlpatterns = [
    path("cau-chuyen/", views.story_list, name="story_list"),
    path("cau-chuyen/atom.xml", feeds.NationalStoriesFeed(), name="story_feed"),
    path("cau-chuyen/viet/", views.story_new, name="story_new"),
    path("cau-chuyen/duyet/", views.story_queue, name="story_queue"),
    path("cau-chuyen/<int:pk>/", views.story_detail, name="story_detail"),
    path("cau-chuyen/<int:pk>/sua/", views.story_edit, name="story_edit"),
    path("cau-chuyen/<int:pk>/quyet-dinh/", views.story_decide, name="story_decide"),
    path("cau-chuyen/anh/<int:pk>.jpg", views.story_photo, name="story_photo"),
    path("cau-chuyen/theo-don-vi/<str:code>/", views.unit_stories, name="unit_stories"),
    path(
        "cau-chuyen/theo-don-vi/<str:code>/atom.xml",
        feeds.UnitStoriesFeed(),
        name="unit_story_feed",
    ),
    path("diem/<int:number>/", views.point_page, name="point_page"),
    path("diem/<int:number>/cau-chuyen.json", views.point_stories_json, name="point_stories_json"),
    path("chia-se/trang-chu.png", views.share_home_image, name="share_home_image"),
    path("chia-se/diem/<int:number>.png", views.share_point_image, name="share_point_image"),
    path("chia-se/cau-chuyen/<int:pk>.png", views.share_story_image, name="share_story_image"),
    path("chia-se/don-vi/<str:code>.png", views.share_unit_image, name="share_unit_image"),
    path(
        "chia-se/chung-nhan/<str:code>.png",
        views.share_certificate_image,
        name="share_certificate_image",
    ),
]
