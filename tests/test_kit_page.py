"""The kit page as a unit's officer meets it: the branding form before the thumbnails, a
colour too light for white text darkened (and said so), posters wearing the unit's colours
and logo, files named by the unit's name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lantoa.content.selectors import pack_get
from lantoa.core.kit import Branding
from lantoa.core.kit.branding import contrast_ratio, darken_to_contrast
from lantoa.core.kit.posters import Unit as PosterUnit
from lantoa.core.kit.posters import ascii_slug, poster_stem
from lantoa.kits.demo import demo_kit_render
from lantoa.kits.models import BuildStatus, KitBuild
from lantoa.kits.services import kit_build_request, posters_build_request, unit_branding
from tests.conftest import use_local_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kits_dir(settings, tmp_path):
    return use_local_storage(settings, tmp_path)


def test_a_light_colour_is_darkened_just_enough_for_white_text():
    assert contrast_ratio("#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#000000") == pytest.approx(21.0)
    fixed = darken_to_contrast("#ffd54a")
    assert contrast_ratio(fixed) >= 4.5
    assert contrast_ratio(fixed) < 5.0  # no darker than needed
    assert darken_to_contrast("#a61b1b") == "#a61b1b"


def test_poster_files_are_named_by_the_unit_name_in_ascii_and_its_code():
    assert ascii_slug("Phường Mông Dương") == "phuong-mong-duong"
    assert ascii_slug("Đặc khu Vân Đồn") == "dac-khu-van-don"
    assert poster_stem(PosterUnit(code="CP-MD", name="Phường Mông Dương")) == (
        "phuong-mong-duong-CP-MD"
    )


def test_the_branding_form_comes_before_the_thumbnails_and_a_light_colour_is_adjusted(
    installed_pack, tree
):
    client = Client()
    client.force_login(tree.alice)
    demo_kit_render()
    page = client.get(reverse("kit")).content.decode()
    assert page.index('id="rieng"') < page.index('class="kit-item"')  # the form first
    assert "kits/brand.js" in page
    response = client.post(
        reverse("kit_render"),
        {"unit_name": "", "primary": "#ffd54a", "accent": "#ffd54a"},
        follow=True,
    )
    html = response.content.decode()
    build = KitBuild.objects.get(is_public=False)
    assert contrast_ratio(build.primary) >= 4.5
    assert build.accent == "#ffd54a"  # lines and arrows only: left as chosen
    assert "#ffd54a" in html
    assert build.primary in html  # the page says which colour was used instead


def test_posters_wear_the_colours_of_the_unit_or_its_nearest_ancestor(installed_pack, tree):
    pack = pack_get()
    assert unit_branding(unit=tree.cp_md) == Branding()
    province = kit_build_request(
        actor=None,
        pack=pack,
        branding=Branding(primary="#0f6e66", accent="#1b5ea6"),
        unit=tree.qn,
        enqueue=False,
    )
    district = kit_build_request(
        actor=None,
        pack=pack,
        branding=Branding(primary="#123456", accent="#1b5ea6"),
        unit=tree.cp,
        enqueue=False,
    )
    KitBuild.objects.filter(pk__in=[province.pk, district.pk]).update(status=BuildStatus.DONE)
    assert unit_branding(unit=tree.cp_md).primary == "#123456"  # the district's, the nearest
    assert unit_branding(unit=tree.hl_hg).primary == "#0f6e66"  # the province's
    posters = posters_build_request(
        actor=tree.alice, unit=tree.cp, depth=1, pack=pack, enqueue=False
    )
    assert posters.primary == "#123456"
