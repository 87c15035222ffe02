"""The suite runs against whichever database LANTOA_DATABASE_URL names; this says which."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_configured_database_engine_is_the_one_in_use():
    url = os.environ.get("LANTOA_DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_json_fields_round_trip_vietnamese_text(pack):
    from lantoa.content.models import PackVersion
    from lantoa.content.services import pack_install

    row, _ = pack_install(pack=pack)
    stored = PackVersion.objects.get(pk=row.pk)
    assert stored.data["points"][5]["title"]["vi"] == pack.points[5].title.vi
    assert PackVersion.objects.filter(title_vi__icontains="chuyển đổi số").exists()
