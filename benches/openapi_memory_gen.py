#!/usr/bin/env python3
"""Writes a generated OpenAPI 3.0.3 description of about SIZE megabytes (10^6 bytes).

    python3 benches/openapi_memory_gen.py SIZE_MB OUT.(json|yaml) [--minified]

Shaped like a large real description (Microsoft Graph, GitHub): many paths with
documented operations, parameters, responses referencing shared schemas, and as
many component schemas as paths. Deterministic: the same arguments give the
same bytes. JSON is pretty-printed (two spaces) unless --minified; YAML is
block style (written by hand: no PyYAML needed).
"""
import json
import sys


def operation(i, verb):
    return {
        "operationId": f"{verb}Item{i}",
        "summary": f"{verb.capitalize()} item {i}",
        "description": f"Reads or changes the item number {i} of the collection; answers problem+json on error.",
        "tags": ["items"],
        "parameters": [
            {"name": "id", "in": "path", "required": True, "description": "The item's id.", "schema": {"type": "string"}},
            {"name": "expand", "in": "query", "description": "Related items to include.", "schema": {"type": "string", "enum": ["owner", "tags"]}},
        ],
        "responses": {
            "200": {"description": "The item.", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Item{i}"}}}},
            "404": {"description": "No such item.", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
        },
        "security": [{"oauth2": ["items:read"]}],
    }


def schema(i):
    return {
        "type": "object",
        "description": f"Item {i} of the collection.",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "string", "example": f"item-{i}"},
            "name": {"type": "string", "example": f"Item number {i}"},
            "count": {"type": "integer", "minimum": 0, "example": i},
            "ratio": {"type": "number", "example": 0.5},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }


def description(target, dump):
    root = {
        "openapi": "3.0.3",
        "info": {"title": "Generated", "description": "A generated description.", "version": "1.0.0",
                 "contact": {"email": "api@example.org"}},
        "servers": [{"url": "https://api.example.org/v1"}],
        "tags": [{"name": "items", "description": "Items."}],
        "paths": {},
        "components": {
            "schemas": {"Problem": {"type": "object", "properties": {"title": {"type": "string"}}}},
            "securitySchemes": {"oauth2": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://auth.example.org/token", "scopes": {"items:read": "Read items."}}}}},
        },
    }
    # Size one path item plus its schema once, then add as many as the target needs.
    sample = {"paths": {"/items0/{id}": {"get": operation(0, "get"), "put": operation(0, "put")}},
              "schemas": {"Item0": schema(0)}}
    per_item = len(dump(sample))
    for i in range(max(1, target // per_item)):
        root["paths"][f"/items{i}/{{id}}"] = {"get": operation(i, "get"), "put": operation(i, "put")}
        root["components"]["schemas"][f"Item{i}"] = schema(i)
    return root


def yaml_lines(value, indent, out):
    pad = "  " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            key = k if k.isidentifier() else json.dumps(k)
            if isinstance(v, (dict, list)) and v:
                out.append(f"{pad}{key}:")
                yaml_lines(v, indent + 1, out)
            else:
                out.append(f"{pad}{key}: {scalar(v)}")
    else:
        for v in value:
            if isinstance(v, (dict, list)) and v:
                inner = []
                yaml_lines(v, indent + 1, inner)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out.extend(inner[1:])
            else:
                out.append(f"{pad}- {scalar(v)}")


def scalar(v):
    if v == {}:
        return "{}"
    if v == []:
        return "[]"
    return json.dumps(v)


def main():
    size_mb, out = float(sys.argv[1]), sys.argv[2]
    minified = "--minified" in sys.argv[3:]
    target = int(size_mb * 1_000_000)
    if out.endswith(".json"):
        dump = (lambda v: json.dumps(v, separators=(",", ":"))) if minified else (lambda v: json.dumps(v, indent=2))
        text = dump(description(target, dump))
    else:
        def dump(v):
            lines = []
            yaml_lines(v, 0, lines)
            return "\n".join(lines) + "\n"
        text = dump(description(target, dump))
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{out}: {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
