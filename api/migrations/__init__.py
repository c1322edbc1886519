"""Alembic migrations of the API's database (api.db runs them on open; see env.py for the command line)."""
