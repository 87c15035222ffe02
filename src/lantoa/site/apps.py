from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "lantoa.site"
    label = "lantoa_site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from lantoa.site.signin import record_lockout

        user_locked_out.connect(record_lockout, dispatch_uid="lantoa-lockout-audit")
