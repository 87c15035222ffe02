"""Campaign visibility for the whole-tree roles (issue 19, item 7)."""

from __future__ import annotations

import pytest
from django.test import Client

from lantoa.campaigns import services
from lantoa.campaigns.selectors import campaign_get_for, campaign_list_for
from lantoa.orgs.models import Role
from lantoa.orgs.services import membership_grant

pytestmark = pytest.mark.django_db


def test_a_superuser_sees_a_campaign_they_created_without_being_assigned(
    tree, installed_pack, django_user_model
):
    root = django_user_model.objects.create_superuser("root", password="pw-root-long-1")
    campaign = services.campaign_create(
        actor=root, title="Chiến dịch toàn quốc", pack=installed_pack, issuer=tree.qn
    )
    assert campaign_get_for(user=root, pk=campaign.pk) == campaign
    client = Client()
    client.force_login(root)
    response = client.get(f"/chien-dich/{campaign.pk}/", follow=True)
    assert response.status_code == 200
    assert "Chiến dịch toàn quốc" in response.content.decode()


def test_a_national_admin_sees_every_campaign_and_an_outsider_none(
    tree, installed_pack, django_user_model
):
    nadia = django_user_model.objects.create_user("nadia")
    membership_grant(actor=None, user=nadia, unit=tree.vn, role=Role.ADMIN)
    campaign = services.campaign_create(
        actor=tree.alice, title="Chiến dịch Cẩm Phả", pack=installed_pack, issuer=tree.cp
    )
    assert list(campaign_list_for(user=nadia)) == [campaign]
    assert list(campaign_list_for(user=tree.charlie)) == []
