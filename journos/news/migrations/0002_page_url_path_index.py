from django.db import migrations


class Migration(migrations.Migration):
    """HomePage.route() finds pages by url_path in one query; index it."""

    dependencies = [("news", "0001_initial"), ("wagtailcore", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS journos_page_url_path ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS journos_page_url_path",
        )
    ]
