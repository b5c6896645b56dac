"""Data shipped with the application: the icon's master image and the sample workspace.

Installed (wheel, bundle) this folder is the package `gui.resources`; see pyproject.toml.
"""
