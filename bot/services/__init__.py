"""Use cases: combine storage and domain; never import telegram."""
