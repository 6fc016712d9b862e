"""Operating the bot: ``migraine-bot check`` and ``backup``, the health endpoint, webhook set-up.

This is operator tooling, not chat: its output is for the person running the bot, in English,
and never goes through the translator.
"""
