from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "lantoa.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from lantoa.orgs.signals import unit_moved

        unit_moved.connect(_carry_tallies, dispatch_uid="learning.tallies_move")

        from django.db.models.signals import post_delete, post_save

        from lantoa.orgs.models import Unit

        # The study pages keep unit lookups a minute per process: forget them when a unit
        # changes in this process (other processes see the change within the minute).
        post_save.connect(_forget_units, sender=Unit, dispatch_uid="learning.forget_units")
        post_delete.connect(_forget_units, sender=Unit, dispatch_uid="learning.forget_units_del")

        from lantoa.content.models import PackVersion

        # Likewise the packs each unit may study and the packs themselves: a pack just
        # published (or a new version) is studied at once from this process.
        post_save.connect(_forget_packs, sender=PackVersion, dispatch_uid="learning.forget_packs")
        post_delete.connect(
            _forget_packs, sender=PackVersion, dispatch_uid="learning.forget_packs_del"
        )


def _forget_units(sender: object, **kwargs: object) -> None:
    from lantoa.learning import entry

    entry.unit_lookup_forget()


def _forget_packs(sender: object, **kwargs: object) -> None:
    from lantoa.content.models import PackVersion
    from lantoa.content.selectors import pack_get
    from lantoa.learning import entry, selectors, versions

    entry.unit_lookup_forget()
    selectors.pack_forget()
    row = kwargs.get("instance")
    if kwargs.get("created") and isinstance(row, PackVersion):
        # A new version of a pack: its per-point tallies follow the points' ids from the
        # version that was current until now.
        before = (
            PackVersion.objects.filter(pack_id=row.pack_id, installed_at__lte=row.installed_at)
            .exclude(pk=row.pk)
            .order_by("-installed_at", "-id")
            .first()
        )
        if before is not None:
            versions.tallies_renumber(
                old=pack_get(row.pack_id, before.version), new=pack_get(row.pack_id, row.version)
            )


def _carry_tallies(sender: object, *, unit: object, old_path: str, **kwargs: object) -> None:
    from lantoa.learning.services import tallies_move
    from lantoa.orgs.models import Unit

    assert isinstance(unit, Unit)
    tallies_move(unit=unit, old_path=old_path)
