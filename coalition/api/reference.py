"""The OpenAPI document made readable: operations and schemas for the reference page."""

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict) -> str:
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    kind = schema.get("type", "object")
    if schema.get("format"):
        kind += f" ({schema['format']})"
    return kind


def _constraints(schema: dict) -> str:
    notes = []
    if "minimum" in schema:
        notes.append(f"at least {schema['minimum']}")
    if "maximum" in schema:
        notes.append(f"at most {schema['maximum']}")
    if "maxLength" in schema:
        notes.append(f"at most {schema['maxLength']} characters")
    if "default" in schema and schema["default"] not in (None, "", []):
        notes.append(f"default {schema['default']}")
    return ", ".join(notes)


def operations(document: dict) -> list[dict]:
    found = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            found.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or ["API"])[0],
                    "token": bool(operation.get("security")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": _type(parameter.get("schema", {})),
                            "notes": parameter.get("description", "")
                            or parameter.get("schema", {}).get("description", ""),
                            "constraints": _constraints(parameter.get("schema", {})),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": _type(body.get("schema", {})) if body else "",
                    "responses": [
                        {
                            "status": status,
                            "type": _type(
                                response.get("content", {})
                                .get("application/json", {})
                                .get("schema", {})
                            ),
                        }
                        for status, response in sorted(operation.get("responses", {}).items())
                    ],
                }
            )
    return found


def schemas(document: dict) -> list[dict]:
    found = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        found.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": _type(spec),
                        "required": field in required,
                        "notes": spec.get("description", ""),
                        "constraints": _constraints(spec),
                    }
                    for field, spec in schema.get("properties", {}).items()
                ],
            }
        )
    return found
