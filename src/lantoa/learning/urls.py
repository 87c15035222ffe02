from django.urls import path, re_path

from lantoa.learning import entry, events, views

urlpatterns = [
    path("hoc/", views.learn_start, name="learn_start"),
    path("hoc/sw.js", views.service_worker, name="learn_sw"),
    path("hoc/h/<str:name>", entry.hashed_file, name="learn_hashed_file"),
    path("hoc/the/", views.learn_study, name="learn_study"),
    path("hoc/the/danh-gia/", views.learn_rate, name="learn_rate"),
    path("hoc/su-kien/", events.events, name="learn_events"),
    path("hoc/kiem-tra/", views.quiz_index, name="quiz_index"),
    path("hoc/kiem-tra/<int:attempt_id>/", views.quiz_take, name="quiz_take"),
    path("hoc/kiem-tra/<int:attempt_id>/ket-qua/", views.quiz_result, name="quiz_result"),
    path("hoc/chung-nhan/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("hoc/du-lieu/", views.learn_data, name="learn_data"),
    path("hoc/don-vi/<str:code>.json", entry.unit_json, name="learn_unit_json"),
    path("chung-nhan/", views.certificate_verify, name="certificate_verify_form"),
    path("chung-nhan/<str:code>", views.certificate_verify, name="certificate_verify"),
    # Last: any other single segment is a unit code (the kit's posters point here).
    path("hoc/<str:code>", views.learn_unit, name="learn_unit"),
    re_path(r"^hoc/(?P<code>[^/]+/)$", views.learn_unit),
]
