from typing import Any


def thing_payload(thing: Any) -> dict[str, Any]:
    return {"id": thing.pk}


THING_EXAMPLE: dict[str, Any] = {"id": 1}
