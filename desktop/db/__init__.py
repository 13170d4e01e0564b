"""Local SQLite database: models, migrations, services (the only writers) and queries."""
