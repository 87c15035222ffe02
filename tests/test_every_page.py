"""Walk every URL of the site with every persona: nothing crashes, nothing leaks.

Each route is requested (GET) as anonymous, alice (admin of CP), bob (viewer of CP-MD) and
charlie (admin of HL, CP's sibling). No answer may be a server error; pages that need a
sign-in redirect anonymous visitors to it; and charlie never sees Cẩm Phả's unit pages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lantoa.campaigns import services
from lantoa.kits.demo import demo_kit_render
from lantoa.orgs.models import Role
from lantoa.orgs.services import invitation_create, membership_grant

pytestmark = pytest.mark.django_db

# Pages anyone may open without signing in; every other page redirects to the sign-in.
PUBLIC = {
    "",
    "healthz",
    "dang-nhap/",
    "kiem-tra/",
    "admin/login/",
    "don-vi/mau.<str:fmt>",
    "moi/<str:token>/",
    "hoc/",
    "hoc/sw.js",
    "hoc/<str:code>",
    "hoc/du-lieu/",
    "hoc/don-vi/<str:code>.json",
    "chung-nhan/",
    "bo-an-pham/",
    "bo-an-pham/<int:pk>/",
    "bo-an-pham/<int:pk>/trang-thai.json",
    "bo-an-pham/<int:pk>/tron-bo.zip",
    "bo-an-pham/<int:pk>/tep/<path:path>",
    "bo-an-pham/<int:pk>/anh/<path:path>",
    # lantoa.stories: approved stories, points, feeds and share images are public.
    "cau-chuyen/",
    "cau-chuyen/atom.xml",
    "cau-chuyen/theo-don-vi/<str:code>/",
    "cau-chuyen/theo-don-vi/<str:code>/atom.xml",
    "diem/<int:number>/",
    "diem/<int:number>/cau-chuyen.json",
    "chia-se/trang-chu.png",
    "chia-se/diem/<int:number>.png",
    "chia-se/don-vi/<str:code>.png",
}


def routes() -> list[str]:
    out: list[str] = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                out.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    return out


@pytest.fixture
def world(tree, installed_pack, django_user_model, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    olivia = django_user_model.objects.create_user("olivia")
    membership_grant(actor=None, user=olivia, unit=tree.qn, role=Role.ADMIN)
    campaign = services.campaign_create(
        actor=olivia, title="T", pack=installed_pack, issuer=tree.qn
    )
    services.campaign_assign(
        actor=olivia, campaign=campaign, units=[tree.cp, tree.hl], deadline=dt.date(2030, 1, 1)
    )
    tree.invitation = invitation_create(actor=tree.alice, unit=tree.cp, role=Role.VIEWER)
    tree.campaign = campaign
    tree.kit = demo_kit_render()  # the public kit: its pages and files open to anyone
    return tree


def fill(route: str, world) -> str | None:
    values = {
        "<str:code>": "CP",
        "<int:pk>": str(world.campaign.pk),
        "<str:token>": world.invitation.token,
        "<str:fmt>": "xlsx",
        "<int:attachment_id>": "999",
        "<int:attempt_id>": "999",
        "<int:point_pk>": "999",
        "<int:version_pk>": "999",
        "<int:index>": "0",
        "<path:path>": "flashcards/1080x1350/01-front.png",
        "<int:number>": "8",
    }
    if route.startswith("bo-an-pham/"):
        values["<int:pk>"] = str(world.kit.pk)
    path = route
    for key, value in values.items():
        path = path.replace(key, value)
    if "<" in path or "(?P" in path or "^" in path:
        return None  # admin's regex routes: Django's own
    return "/" + path


def test_every_route_answers_every_persona_without_a_server_error(world):
    clients = {"anonymous": Client()}
    for name in ("alice", "bob", "charlie"):
        clients[name] = Client()
        clients[name].force_login(getattr(world, name))
    checked = 0
    opened = set()
    for route in routes():
        path = fill(route, world)
        if path is None or path.startswith("/static/"):
            continue
        for persona, client in clients.items():
            response = client.get(path)
            assert response.status_code < 500, (persona, path, response.status_code)
            if persona == "anonymous" and response.status_code == 200:
                opened.add(route)
            if persona == "charlie" and "/don-vi/CP/" in path:
                assert response.status_code in (404, 405), (path, response.status_code)
            checked += 1
    assert checked > 60
    assert opened == PUBLIC
