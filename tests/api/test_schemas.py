"""The transcribed schemas themselves: they accept SAP's own examples and reject the wrong shapes."""

from tests.api.schemas import errors

# The spec's components/examples, in their own shape.
DESTINATION = {"Name": "string", "Type": "HTTP", "PropertyName": "string"}
CERTIFICATE = {"Name": "string", "Type": "string", "Content": "string"}


def test_sap_examples_are_valid_bodies() -> None:
    assert errors("PostSubaccountDestinationsBody", DESTINATION) == []
    assert errors("PostSubaccountDestinationsBody", [DESTINATION, DESTINATION]) == []
    assert errors("PostSubaccountCertificatesBody", CERTIFICATE) == []
    assert errors("PostSubaccountCertificatesBody", [CERTIFICATE]) == []
    assert errors("PostSubaccountCertificatesBody", {"Name": "c.pem", "Content": "QQ=="}) == []


def test_find_destination_response_is_not_a_post_body() -> None:
    # The read-only response wraps the destination; POST wants it flat.
    response = {"owner": {"SubaccountId": "x"}, "destinationConfiguration": DESTINATION}
    assert errors("PostSubaccountDestinationsBody", response)


def test_wrong_type_missing_name_and_non_string_values_are_rejected() -> None:
    assert errors("PostSubaccountDestinationsBody", {**DESTINATION, "Type": "SOAP"})
    assert errors("PostSubaccountDestinationsBody", {"Type": "HTTP"})
    assert errors("PostSubaccountDestinationsBody", {**DESTINATION, "Timeout": 5})
    assert errors("PostSubaccountCertificatesBody", {"name": "c.pem", "content": "QQ=="})
