"""Every user-facing string, keyboard and callback-data codec."""
