"""The file dialogs' filters, shared by the windows and dialogs that open the same kinds."""

KEYSTORE_FILTER = (
    "Key stores (*.jks *.jceks *.p12 *.pfx *.pem *.crt *.cer *.der *.p7b *.keystore);;All files (*)"
)
DESTINATION_FILTER = "Destinations (*.properties *.props *.json *.txt);;All files (*)"
