"""Alembic migrations for the bot's database (run by :mod:`bot.storage.migrate`)."""
