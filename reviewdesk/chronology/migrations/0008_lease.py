# Leases and attempts for chronology checks run by the background worker (reviewdesk.jobs).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('chronology', '0007_received_on_required'),
    ]

    operations = [
        migrations.AddField(
            model_name='submission',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='submission',
            name='lease_expires_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
