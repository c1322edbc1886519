"""Alembic environment of the API's database.

`api.db.Database.open` runs the migrations itself, handing over a connection that already holds the
migration lock (config.attributes["connection"]); nothing else is needed at run time. To run Alembic by
hand, write an ini with `script_location = api/migrations` (and optionally `sqlalchemy.url`; otherwise
TACTFUL_DATABASE_URL / the default SQLite file of the settings is used) and run
`alembic -c that.ini upgrade head` (or `history`, `downgrade`, `upgrade head --sql`, `revision --autogenerate`).
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from api.db import metadata, migration_connection

config = context.config
if config.config_file_name is not None and config.get_section("loggers") is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from assistant.settings import Settings  # the command line is a composition root: read the settings

    return Settings().database()


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()
elif isinstance(given := config.attributes.get("connection"), Connection):
    _run(given)
else:
    with migration_connection(_url()) as connection:
        _run(connection)
