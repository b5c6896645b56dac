"""Files that hold several destinations, in every shape the Destination service and this project
write, each with certificates, wrapper fields and unknown fields that a save must keep."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

CERT = {"Name": "client.jks", "Type": "JKS", "Content": "AAEC"}


def _dest(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "Name": name,
        "Type": "HTTP",
        "URL": f"https://{name}.example.com",
        "ProxyType": "Internet",
        "Authentication": "NoAuthentication",
        **extra,
    }


SHAPES: dict[str, Any] = {
    "array": [
        _dest("alpha", Timeout=30, Custom="kept"),
        _dest("beta"),
        _dest("gamma", **{"HTML5.DynamicDestination": True}),
    ],
    "find_destination": {
        "owner": {"SubaccountId": "sub-1", "InstanceId": None},
        "destinationConfiguration": _dest("alpha", Custom="kept"),
        "certificates": [CERT],
        "authTokens": [{"type": "Bearer", "value": "not-a-secret-here", "expires_in": "3600"}],
    },
    "init_data": {
        "init_data": {
            "subaccount": {
                "existing_destinations_policy": "fail",
                "existing_certificates_policy": "ignore",
                "destinations": [_dest("alpha", Custom="kept"), _dest("beta")],
                "certificates": [CERT],
            },
            "instance": {
                "existing_destinations_policy": "update",
                "destinations": [_dest("alpha"), _dest("delta")],
                "certificates": [{**CERT, "Name": "instance.p12", "Type": "PKCS12"}],
            },
        },
        "x-unknown-wrapper": {"kept": [1, 2, 3]},
    },
}


def write_shape(folder: Path, shape: str) -> Path:
    path = folder / f"{shape}.json"
    path.write_text(json.dumps(SHAPES[shape], indent=4))
    return path


def changed_url(shape: str, index: int, url: str) -> Any:
    """What the file must hold after destination `index` got a new URL: the original, with that
    one value changed."""
    expected = copy.deepcopy(SHAPES[shape])
    slot(expected, shape, index)["URL"] = url
    return expected


def slot(root: Any, shape: str, index: int) -> dict[str, Any]:
    if shape == "array":
        return root[index]  # type: ignore[no-any-return]
    if shape == "find_destination":
        return root["destinationConfiguration"]  # type: ignore[no-any-return]
    sub = root["init_data"]["subaccount"]["destinations"]
    if index < len(sub):
        return sub[index]  # type: ignore[no-any-return]
    return root["init_data"]["instance"]["destinations"][index - len(sub)]  # type: ignore[no-any-return]
