"""Cards record their point's stable id, so that progress follows a point into a new
version of its pack that reorders the points. Existing cards get the id of the point with
their number in the newest installed version of the learner's pack. A quiz attempt records
the version its questions were drawn from (existing attempts: blank, the current one)."""

from django.db import migrations, models


def fill_point_keys(apps, schema_editor):
    from lantoa.core.packs import pack_from_data

    PackVersion = apps.get_model("content", "PackVersion")
    CardState = apps.get_model("learning", "CardState")
    for pack_id in set(CardState.objects.values_list("learner__pack_id", flat=True)):
        row = PackVersion.objects.filter(pack_id=pack_id).order_by("-installed_at", "-id").first()
        if row is None:
            continue
        for point in pack_from_data(row.data).points:
            CardState.objects.filter(learner__pack_id=pack_id, point=point.number).update(
                point_key=point.id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_verified_officials_and_tally_rollup"),
        ("content", "0002_pack_drafts_and_owner_units"),
    ]

    operations = [
        migrations.AddField(
            model_name="cardstate",
            name="point_key",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="point id"),
        ),
        migrations.AddField(
            model_name="quizattempt",
            name="pack_version",
            field=models.CharField(blank=True, default="", max_length=40, verbose_name="version"),
        ),
        migrations.RunPython(fill_point_keys, migrations.RunPython.noop),
    ]
