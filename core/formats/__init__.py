"""Reading and writing destination files: `.properties` and the Destination service's JSON.

`read_document` sniffs the content, never the extension, and turns every way a file can be
unreadable into one `InputError` with a sentence naming the cause.
"""

from core.formats.document import Certificate, Document, Entry, Format, InputError
from core.formats.io import MAX_FILE_SIZE, file_name, load_document, read_document, render

__all__ = [
    "MAX_FILE_SIZE",
    "Certificate",
    "Document",
    "Entry",
    "Format",
    "InputError",
    "file_name",
    "load_document",
    "read_document",
    "render",
]
