import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("chronology", "0006_received_and_accepted_on_from_recorded_times")]

    operations = [
        migrations.AlterField(
            model_name="submission",
            name="received_on",
            field=models.DateField(default=django.utils.timezone.localdate,
                                   verbose_name="date received"),
        ),
    ]
