from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "lantoa.site"
    label = "lantoa_site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from lantoa.site.signin import note_second_step, record_lockout

        user_locked_out.connect(record_lockout, dispatch_uid="lantoa-lockout-audit")
        user_logged_in.connect(note_second_step, dispatch_uid="lantoa-second-step")
        from lantoa.site import addresses  # noqa: F401  (registers the LANTOA_BASE_URL check)
