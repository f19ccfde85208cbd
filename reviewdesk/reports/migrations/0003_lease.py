# Leases and attempts for publication checks run by the background worker (reviewdesk.jobs).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_false_alarms_keyed_on_register_entry'),
    ]

    operations = [
        migrations.AddField(
            model_name='draftcheck',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='draftcheck',
            name='lease_expires_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
