from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "lantoa.site"
    label = "lantoa_site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from lantoa.site import addresses  # noqa: F401  (registers the LANTOA_BASE_URL check)
