"""Migraine Diary Bot: a Telegram headache diary."""
