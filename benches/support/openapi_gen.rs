//! A generated OpenAPI 3.0 description with many findings, written pretty-printed or minified
//! (shared by the `openapi` bench and the linear-time test).

use serde_json::{json, Map, Value};

/// A description of about `bytes` bytes (minified): paths whose operations lack ids, tags,
/// descriptions and error responses, so every operation yields several findings. Some
/// strings hold non-ASCII text so that columns count characters, not bytes.
pub fn description(bytes: usize) -> Value {
    let mut paths = Map::new();
    let mut size = 0;
    let mut i = 0;
    while size < bytes {
        let item = json!({
            "get": {
                "summary": format!("Lire l’élément n°{i} — données"),
                "parameters": [
                    {"name": "id", "in": "query", "schema": {"type": "string"}},
                    {"name": "filtre", "in": "query", "schema": {"type": "integer", "example": "pas un nombre"}}
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "nom": {"type": "string", "example": 12},
                        "quantité": {"type": "integer", "minimum": 0}
                    }}
                }}}}
            },
            "post": {
                "responses": {"201": {"description": "créé"}}
            }
        });
        size += item.to_string().len() + 24;
        paths.insert(format!("/getItems{i}/doCreate"), item);
        i += 1;
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Généré", "version": "1"},
        "servers": [{"url": "http://api.example.com"}],
        "paths": Value::Object(paths)
    })
}

/// The description as one line of JSON.
pub fn minified(bytes: usize) -> String {
    description(bytes).to_string()
}

/// The same description pretty-printed (two-space indentation).
pub fn pretty(bytes: usize) -> String {
    serde_json::to_string_pretty(&description(bytes)).unwrap_or_default()
}
