"""File-dialog filters for key stores, shared by the inspector and the key store dialogs (kept
apart so that neither imports the other for them)."""

KEYSTORE_FILTER = (
    "Key stores (*.jks *.jceks *.p12 *.pfx *.pem *.crt *.cer *.der *.p7b *.keystore);;All files (*)"
)
CERTIFICATE_FILTER = "Certificates (*.pem *.crt *.cer *.der *.p7b *.p7c);;All files (*)"
