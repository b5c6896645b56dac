"""The file dialogs' filter for destination files (key stores: gui/keystore_filters.py)."""

DESTINATION_FILTER = "Destinations (*.properties *.props *.json *.txt);;All files (*)"
