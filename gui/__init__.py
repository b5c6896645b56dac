"""Destination Editor's desktop window: PySide6 widgets over the `core` model."""
