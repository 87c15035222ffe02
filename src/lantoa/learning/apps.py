from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "lantoa.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from lantoa.orgs.signals import unit_moved

        unit_moved.connect(_carry_tallies, dispatch_uid="learning.tallies_move")


def _carry_tallies(sender: object, *, unit: object, old_path: str, **kwargs: object) -> None:
    from lantoa.learning.services import tallies_move
    from lantoa.orgs.models import Unit

    assert isinstance(unit, Unit)
    tallies_move(unit=unit, old_path=old_path)
