from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0013_minutes_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="ical_sequence",
            field=models.PositiveIntegerField(default=0, verbose_name="iCal-sekvens"),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="ical_sequence",
            field=models.PositiveIntegerField(default=0, verbose_name="iCal-sekvens"),
        ),
    ]
