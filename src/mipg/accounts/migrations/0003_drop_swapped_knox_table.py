"""knox's own AuthToken is swapped for accounts.ApiToken (KNOX_TOKEN_MODEL), yet knox's migrations still
create its table, with a foreign key to the users table that nothing uses. Django leaves a swapped
model's table out when it empties the database (flush), so PostgreSQL refused to empty the users table
("knox_authtoken references auth_user"). The table is dropped; nothing reads or writes it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_directorygrant"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS knox_authtoken", reverse_sql=migrations.RunSQL.noop),
    ]
