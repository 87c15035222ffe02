"""Shared fixtures: the built-in pack, an installed pack, and system-tool gates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lantoa.core.packs import Pack, builtin_pack

SAMPLES = Path(__file__).parent / "samples"
SEEDS = SAMPLES / "seeds"
REQUIRE_ALL = os.environ.get("LANTOA_REQUIRE_ALL") == "1"


def require_tool(path_or_name: str, why: str) -> str:
    """Return the tool's path, or skip (fail under LANTOA_REQUIRE_ALL=1) when it is missing."""
    found = shutil.which(path_or_name) or (path_or_name if Path(path_or_name).exists() else None)
    if found:
        return found
    message = f"{path_or_name} is not installed: {why}"
    if REQUIRE_ALL:
        pytest.fail(message + " (LANTOA_REQUIRE_ALL=1)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return builtin_pack("cds17")


@pytest.fixture
def installed_pack(db, pack):
    from lantoa.content.services import pack_install

    row, _ = pack_install(pack=pack, builtin=True)
    return row


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's, driven by Playwright)."""
    require_tool(CHROMIUM, "browser tests drive Debian's chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which makes
    # Django refuse ORM calls from the test itself; the live server runs in its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def site(live_server, pack):
    """The live server's address, with the built-in pack installed."""
    from lantoa.content.services import pack_install

    pack_install(pack=pack)
    return live_server.url


@pytest.fixture
def open_page(browser, site):
    """Open pages, signed in as a user when given; every context closes after the test
    so no request reaches the live server once its test is over."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def open_(user=None, *, width: int = 390, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}]
            )
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


class Tree:
    """A small organisation tree and three personas (STYLE.md):

    VN ─ QN (Tỉnh Quảng Ninh) ─┬─ STTTT (Sở TT&TT)
                               ├─ CP (TP Cẩm Phả) ── CP-MD (Phường Mông Dương)
                               └─ HL (TP Hạ Long) ── HL-HG (Phường Hồng Gai)

    alice: admin of CP · bob: viewer of CP-MD (a member below alice) ·
    charlie: admin of HL, the sibling of CP (an outsider to alice's subtree).
    """

    def __init__(self, django_user_model):
        from lantoa.orgs.models import Role
        from lantoa.orgs.services import membership_grant, unit_create

        def make(code, name, kind, parent):
            return unit_create(actor=None, code=code, name=name, kind=kind, parent=parent)

        self.vn = make("VN", "Việt Nam", "country", None)
        self.qn = make("QN", "Tỉnh Quảng Ninh", "province", self.vn)
        self.sttt = make("STTTT", "Sở Thông tin và Truyền thông", "department", self.qn)
        self.cp = make("CP", "Thành phố Cẩm Phả", "district", self.qn)
        self.cp_md = make("CP-MD", "Phường Mông Dương", "commune", self.cp)
        self.hl = make("HL", "Thành phố Hạ Long", "district", self.qn)
        self.hl_hg = make("HL-HG", "Phường Hồng Gai", "commune", self.hl)
        self.alice = django_user_model.objects.create_user("alice", password="pw-alice")
        self.bob = django_user_model.objects.create_user("bob", password="pw-bob")
        self.charlie = django_user_model.objects.create_user("charlie", password="pw-charlie")
        membership_grant(actor=None, user=self.alice, unit=self.cp, role=Role.ADMIN)
        membership_grant(actor=None, user=self.bob, unit=self.cp_md, role=Role.VIEWER)
        membership_grant(actor=None, user=self.charlie, unit=self.hl, role=Role.ADMIN)


@pytest.fixture
def tree(db, django_user_model) -> Tree:
    return Tree(django_user_model)


def use_local_storage(settings, root: Path) -> Path:
    """Point Django's default storage at ``root`` (a test's own folder); kits live under
    its ``kits/``. Returns that kits folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root / "kits"


@pytest.fixture(autouse=True)
def _first_page_stories():
    """Each test's database has its own stories: the first page's are read afresh."""
    from lantoa.stories.selectors import stories_by_point_forget

    stories_by_point_forget()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request to an /en/ page leaves English
    active in the thread (LocaleMiddleware does not reset it), and a later test's
    ``reverse()`` would then give /en/ addresses."""
    from django.utils import translation

    yield
    translation.deactivate()
