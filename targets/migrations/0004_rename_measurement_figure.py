"""The quarterly figure's model says what the code says: Measurement becomes Figure.

The table, its history table and the permissions follow; the constraint and trigger names keep
their old spelling, since renaming them would rebuild the table for no change of meaning.
"""

from django.db import migrations, models

RENAMED_PERMISSIONS = [
    (f"{action}_measurement", f"{action}_figure") for action in ("add", "change", "delete", "view")
]


def rename_permissions(apps, schema_editor, pairs=RENAMED_PERMISSIONS):
    permission = apps.get_model("auth", "Permission")
    for old, new in pairs:
        permission.objects.filter(content_type__app_label="targets", codename=old).update(
            codename=new
        )


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, [(new, old) for old, new in RENAMED_PERMISSIONS])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("districts", "0001_initial"),
        ("targets", "0003_ratio_frequency_revision"),
    ]

    operations = [
        migrations.RenameModel("Measurement", "Figure"),
        migrations.RenameModel("HistoricalMeasurement", "HistoricalFigure"),
        migrations.AlterField(
            model_name="figure",
            name="target",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="figures",
                to="targets.target",
                verbose_name="target",
            ),
        ),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
