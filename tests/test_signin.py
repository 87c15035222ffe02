"""Sign-in hardening (issue 19, item 4): lockouts, the audit log, unlocking, validators and
the optional second step."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantoa.audit.models import AuditEvent
from lantoa.orgs.forms import SignUpForm
from lantoa.orgs.models import Role
from lantoa.orgs.services import membership_grant

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str):
    return client.post("/dang-nhap/", {"username": username, "password": password})


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_refused(tree):
    client = Client()
    for _ in range(10):
        assert _sign_in(client, "alice", "wrong-password").status_code in (200, 429)
    refused = _sign_in(client, "alice", "pw-alice")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Đăng nhập tạm bị khóa" in page
    assert "Hãy thử lại sau" in page
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="signin.locked_out")
    assert event.object_id == str(tree.alice.pk)
    assert event.after["username"] == "alice"


def test_the_address_is_locked_too_whatever_account_it_tries(tree):
    client = Client(REMOTE_ADDR="10.1.2.3")
    for n in range(10):
        _sign_in(client, f"nobody{n}", "wrong-password")
    assert _sign_in(client, "bob", "pw-bob").status_code == 429
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    assert _sign_in(elsewhere, "bob", "pw-bob").status_code == 302


def test_an_admin_unlocks_an_account(tree):
    client = Client()
    for _ in range(10):
        _sign_in(client, "alice", "wrong-password")
    assert AccessAttempt.objects.filter(username="alice").exists()
    call_command("axes_reset_username", "alice")
    call_command("axes_reset_ip", "127.0.0.1")
    assert _sign_in(client, "alice", "pw-alice").status_code == 302


def test_password_validators_apply_to_sign_up(tree):
    assert len(get_default_password_validators()) == 4
    form = SignUpForm(
        data={"username": "dana", "first_name": "Dana", "password1": "123", "password2": "123"}
    )
    assert not form.is_valid()
    assert "password2" in form.errors


def test_a_second_step_once_turned_on_is_asked_at_every_sign_in(tree):
    client = Client()
    client.force_login(tree.alice)
    setup = client.get("/tai-khoan/dang-nhap-hai-buoc/")
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=tree.alice)
    assert client.post("/tai-khoan/dang-nhap-hai-buoc/", {"token": "000000"}).status_code in (
        200,
        400,
    )
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next one wait a second
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/tai-khoan/dang-nhap-hai-buoc/", {"token": code}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="signin.second_step_on").exists()

    again = Client()
    assert _sign_in(again, "alice", "pw-alice").status_code == 302
    held = again.get("/chien-dich/")
    assert held.status_code == 302
    assert held["Location"].startswith("/dang-nhap/ma-xac-thuc/")
    device.refresh_from_db()
    device.last_t = -1  # the code above was used: allow the same time step again
    device.save()
    code = f"{totp(device.bin_key):06d}"
    assert again.post("/dang-nhap/ma-xac-thuc/", {"token": code}).status_code == 302
    assert again.get("/chien-dich/").status_code == 200


def test_the_second_step_is_required_for_province_admins_when_the_setting_says_so(tree, settings):
    settings.LANTOA_TWO_FACTOR_REQUIRED = True
    membership_grant(actor=None, user=tree.bob, unit=tree.qn, role=Role.ADMIN)
    bob = Client()
    bob.force_login(tree.bob)
    assert bob.get("/chien-dich/")["Location"].startswith("/tai-khoan/dang-nhap-hai-buoc/")
    alice = Client()  # admin of a district: one step is enough
    alice.force_login(tree.alice)
    assert alice.get("/chien-dich/").status_code == 200
    settings.DEMO = True  # the demo accounts stay one step
    assert bob.get("/chien-dich/").status_code == 200
