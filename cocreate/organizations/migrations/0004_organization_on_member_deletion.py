from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organizations", "0003_organization_appeal_period_days_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="on_member_deletion",
            field=models.CharField(
                choices=[
                    ("keep_anonymous", "Keep their ideas, attributed to “a former member”"),
                    ("delete_ideas", "Delete their ideas with everything on them"),
                ],
                default="keep_anonymous",
                help_text="Comments, votes and scores stay in either case, attributed to “a former member”.",
                max_length=16,
                verbose_name="when a member deletes their account",
            ),
        ),
    ]
