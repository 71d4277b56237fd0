//! OpenAPI evaluator on whole documents: the petstores (3.0 and 3.1), a cyclic-ref
//! document, broken ones, Swagger 2.0, external references and the schema-finding bound.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cct_core::openapi::schema::MAX_SCHEMA_FINDINGS;
use cct_core::openapi::{MapRefs, MAX_REF_CHAIN};
use cct_core::{check, check_with, ArtefactKind, Input, Policy, Report};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/openapi")
        .join(name)
}

fn run(name: &str) -> Report {
    let bytes = std::fs::read(fixture(name)).unwrap();
    check(
        &[Input::new(name, bytes).with_kind(Some(ArtefactKind::Openapi))],
        &Policy::default(),
    )
}

fn run_text(name: &str, text: &str) -> Report {
    check(&[Input::text(name, text)], &Policy::default())
}

fn lines(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f.rule, f.location.line, f.location.column, f.location.pointer
            )
        })
        .collect()
}

#[test]
fn petstore_3_0_is_clean() {
    let report = run("petstore-3.0.yaml");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(report.summary.evaluated, 1);
}

#[test]
fn petstore_3_1_is_clean() {
    let report = run("petstore-3.1.yaml");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(lines(&report), Vec::<String>::new());
}

#[test]
fn petstore_as_json_is_clean_and_positions_follow_json() {
    let yaml = std::fs::read_to_string(fixture("petstore-3.0.yaml")).unwrap();
    let docs = cct_core::document::load_text(&yaml, &Policy::default().limits).unwrap();
    let json = serde_json::to_string_pretty(&docs[0].root.to_json()).unwrap();
    assert!(lines(&run_text("petstore.json", &json)).is_empty());
    // One defect in JSON: positions point into the JSON text.
    let broken = json.replacen("\"version\": \"1.2.0\"", "\"version\": \"one\"", 1);
    let report = run_text("petstore.json", &broken);
    let line = broken
        .lines()
        .position(|l| l.contains("\"version\": \"one\""))
        .unwrap()
        + 1;
    assert_eq!(
        lines(&report),
        vec![format!(
            "openapi/info-version-semver {line}:16 /info/version"
        )]
    );
}

#[test]
fn cyclic_references_terminate_and_loops_are_reported() {
    let report = run("cyclic-refs.yaml");
    assert_eq!(
        lines(&report),
        vec![
            "openapi/health-endpoint 16:3 /paths/~1health",
            "openapi/metrics-endpoint 16:3 /paths/~1metrics",
            "openapi/example-matches-schema 33:31 /paths/~1nodes/get/responses/200/content/application~1json/example/children/0/children/0/name",
            "openapi/ref-resolvable 35:17 /paths/~1nodes/get/responses/default/$ref",
            "openapi/ref-resolvable 39:13 /components/responses/Loop/$ref",
            "openapi/ref-resolvable 41:13 /components/responses/Again/$ref",
        ]
    );
    let loop_finding = &report.findings[3];
    assert!(
        loop_finding.message.contains("loops back on itself"),
        "{}",
        loop_finding.message
    );
}

#[test]
fn a_broken_description_gets_positioned_findings() {
    let report = run("broken.yaml");
    assert!(report.errors.is_empty());
    let schema: Vec<String> = lines(&report)
        .into_iter()
        .filter(|l| l.starts_with("openapi/schema-valid"))
        .collect();
    assert_eq!(
        schema,
        vec![
            "openapi/schema-valid 4:12 /info/version",
            "openapi/schema-valid 6:3 /paths/pets",
            "openapi/schema-valid 14:11 /paths/~1pets~1{id}/get/parameters/0/required",
            "openapi/schema-valid 21:11 /paths/~1pets~1{id}/get/responses/200/contents",
            "openapi/schema-valid 26:17 /components/schemas/Pet/required",
        ]
    );
    let messages: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "openapi/schema-valid")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages[0],
        "`/info/version` is a number, but OpenAPI 3.0 expects string there"
    );
    assert_eq!(
        messages[2],
        "`/paths/~1pets~1{id}/get/parameters/0` has no `required`, which OpenAPI 3.0 requires"
    );
    assert!(messages[3].starts_with("`contents` is not a field OpenAPI 3.0 allows"));
    assert!(lines(&report).contains(
        &"openapi/ref-resolvable 17:19 /paths/~1pets~1{id}/get/parameters/0/schema/$ref".to_owned()
    ));
    assert_eq!(report.findings.len(), 25);
    assert!(report.has_errors());
}

#[test]
fn a_syntax_error_is_an_input_error_with_its_position() {
    let report = run("broken-syntax.yaml");
    assert!(report.findings.is_empty());
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        (report.errors[0].line, report.errors[0].column),
        (Some(3), Some(10))
    );
}

#[test]
fn swagger_2_gets_one_finding_and_nothing_else() {
    let report = run_text(
        "swagger.json",
        r#"{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {"/A/": {}}}"#,
    );
    assert_eq!(lines(&report), vec!["openapi/openapi-3 1:13 /swagger"]);
    assert!(report.findings[0].remediation.contains("swagger2openapi"));
}

#[test]
fn unknown_versions_are_reported() {
    let report = run_text(
        "x.yaml",
        "openapi: 3.2.0\ninfo: {title: x, version: 1.0.0}\npaths: {}\n",
    );
    assert_eq!(lines(&report), vec!["openapi/openapi-3 1:10 /openapi"]);
    let report = run_text(
        "x.yaml",
        "openapi: 3.0\ninfo: {title: x, version: 1.0.0}\npaths: {}\n",
    );
    assert_eq!(
        lines(&report),
        vec!["openapi/openapi-3 1:10 /openapi"],
        "a number is not a version string"
    );
}

/// The sibling file of `external/openapi.yaml`, keyed by its path, as the CLI would read it.
fn external_files() -> MapRefs {
    let name = "external/schemas/pet.yaml";
    MapRefs(BTreeMap::from([(
        name.to_owned(),
        std::fs::read(fixture(name)).unwrap(),
    )]))
}

#[test]
fn external_references_are_followed_through_the_loader() {
    let bytes = std::fs::read(fixture("external/openapi.yaml")).unwrap();
    let input = Input::new("external/openapi.yaml", bytes.clone());
    let report = check_with(&[input], &Policy::default(), &external_files());
    let refs: Vec<String> = lines(&report)
        .into_iter()
        .filter(|l| l.starts_with("openapi/ref-resolvable"))
        .collect();
    assert_eq!(
        refs,
        vec![
            "openapi/ref-resolvable 85:17 /paths/~1pets~1{petId}/get/responses/404/$ref",
            "openapi/ref-resolvable 87:17 /paths/~1pets~1{petId}/get/responses/410/$ref",
        ]
    );
    let messages = messages_of(&report, "openapi/ref-resolvable");
    assert!(
        messages[0].contains("the file `external/common.yaml` could not be read"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("nothing exists at `#/Gone` in `external/schemas/pet.yaml`"),
        "{}",
        messages[1]
    );

    // Without the loader, the reference to the file that exists is unresolvable too.
    let report = check(
        &[Input::new("external/openapi.yaml", bytes)],
        &Policy::default(),
    );
    let refs = report
        .findings
        .iter()
        .filter(|f| f.rule == "openapi/ref-resolvable")
        .count();
    assert_eq!(refs, 3);
}

#[test]
fn long_reference_chains_are_cut() {
    let mut text = String::from(
        "openapi: 3.1.0\ninfo: {title: x, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..=MAX_REF_CHAIN + 1 {
        text.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    text.push_str(&format!("    S{}: {{type: string}}\n", MAX_REF_CHAIN + 2));
    let report = run_text("chain.yaml", &text);
    let first = report
        .findings
        .iter()
        .find(|f| f.rule == "openapi/ref-resolvable")
        .unwrap();
    assert_eq!(first.location.pointer, "/components/schemas/S0/$ref");
    assert!(
        first.message.contains("longer than 32"),
        "{}",
        first.message
    );
}

#[test]
fn schema_findings_are_bounded() {
    let mut text = String::from("openapi: 3.0.3\ninfo:\n  title: x\n  version: 1.0.0\npaths: {}\n");
    for i in 0..MAX_SCHEMA_FINDINGS + 10 {
        text.push_str(&format!("bad{i}: 1\n"));
    }
    let report = run_text("many.yaml", &text);
    let schema: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "openapi/schema-valid")
        .collect();
    assert_eq!(schema.len(), MAX_SCHEMA_FINDINGS + 1);
    assert_eq!(
        (schema[0].location.line, schema[1].location.line),
        (1, 6),
        "the summary sits at the root"
    );
    assert!(schema
        .iter()
        .any(|f| f.message == "10 more violations of the OpenAPI 3.0 schema are not listed"));
}

mod never_panics {
    use cct_core::{check, Input, Policy};
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};

    const KEYS: &[&str] = &[
        "openapi",
        "paths",
        "/pets/{id}",
        "/health",
        "get",
        "post",
        "parameters",
        "name",
        "in",
        "path",
        "required",
        "schema",
        "$ref",
        "responses",
        "200",
        "404",
        "default",
        "content",
        "application/problem+json",
        "example",
        "examples",
        "value",
        "components",
        "schemas",
        "Pet",
        "type",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "enum",
        "security",
        "securitySchemes",
        "servers",
        "url",
        "tags",
        "operationId",
        "mapping",
        "nullable",
    ];
    const REFS: &[&str] = &[
        "#/components/schemas/Pet",
        "#/paths/~1pets~1{id}",
        "#",
        "#/x%",
        "#/%é",
        "other.yaml#/a",
        "https://x/y",
        "#Pet",
        "",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(|i| json!(i)),
            prop::sample::select(KEYS).prop_map(|s| json!(s)),
            prop::sample::select(REFS).prop_map(|s| json!(s)),
        ]
    }

    fn tree() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(6, 80, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                    Value::Object(
                        kv.into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect::<Map<_, _>>(),
                    )
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn arbitrary_descriptions_never_panic(body in tree(), version in prop::sample::select(&["3.0.3", "3.1.0"][..])) {
            let mut root = match body { Value::Object(m) => m, other => { let mut m = Map::new(); m.insert("paths".into(), other); m } };
            root.insert("openapi".into(), json!(version));
            let text = serde_json::to_string(&Value::Object(root)).unwrap();
            let report = check(&[Input::text("fuzz.json", &text)], &Policy::default());
            prop_assert!(report.errors.is_empty());
        }
    }
}

#[test]
fn raw_schema_errors_examined_are_bounded() {
    use cct_core::openapi::schema::MAX_SCHEMA_ERRORS_EXPLORED;
    let mut text = String::from("openapi: 3.0.3\ninfo:\n  title: x\n  version: 1.0.0\npaths:\n");
    for i in 0..MAX_SCHEMA_ERRORS_EXPLORED + 100 {
        text.push_str(&format!(
            "  /p{i}:\n    get: {{responses: {{'200': {{}}}}}}\n"
        ));
    }
    let report = run_text("huge.yaml", &text);
    let schema: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "openapi/schema-valid")
        .collect();
    assert_eq!(schema.len(), MAX_SCHEMA_FINDINGS + 1);
    let expected = format!(
        "at least {} more violations of the OpenAPI 3.0 schema are not listed",
        MAX_SCHEMA_ERRORS_EXPLORED - MAX_SCHEMA_FINDINGS
    );
    assert_eq!(schema[0].message, expected);
}

fn rules_of(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
}

/// The messages of `rule`'s findings, in report order.
fn messages_of<'r>(report: &'r Report, rule: &str) -> Vec<&'r str> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.message.as_str())
        .collect()
}

const COMPLETE_OPERATION: &str = "operationId: getPet
      summary: Get a pet
      tags: [pets]
      security: [{key: []}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}, example: {id: 1}}}}
        '400': {description: bad, content: {application/problem+json: {schema: {type: object}}}}
        '500': {description: bad, content: {application/problem+json: {schema: {type: object}}}}";

fn with_operation(get: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: Pets, version: 1.0.0, description: Pets., contact: {{email: a@example.com}}}}
servers: [{{url: 'https://api.example.com'}}]
tags: [{{name: pets}}]
paths:
  /health:
    get:
      operationId: health
      summary: Health
      tags: [pets]
      responses:
        '200': {{description: ok, content: {{application/problem+json: {{schema: {{type: object}}}}}}}}
        '500': {{description: bad, content: {{application/problem+json: {{schema: {{type: object}}}}}}}}
  /metrics:
    get:
      operationId: metrics
      summary: Metrics
      tags: [pets]
      responses:
        '200': {{description: ok, content: {{text/plain: {{schema: {{type: string}}}}}}}}
        '500': {{description: bad, content: {{application/problem+json: {{schema: {{type: object}}}}}}}}
  /pets:
    get:
{get}
x-operations:
  getPet:
    {op}
components:
  securitySchemes:
    key: {{type: apiKey, in: header, name: X-Key}}
",
        op = COMPLETE_OPERATION.replace("\n      ", "\n    ")
    )
}

#[test]
fn an_operation_given_as_a_ref_is_one_schema_finding_and_is_followed() {
    let text = with_operation("      $ref: '#/x-operations/getPet'");
    let report = run_text("op-ref.yaml", &text);
    assert_eq!(
        rules_of(&report),
        vec!["openapi/schema-valid"],
        "{:#?}",
        report.findings
    );
    let f = &report.findings[0];
    assert_eq!(f.location.pointer, "/paths/~1pets/get");
    assert!(f.message.contains("is a `$ref`"), "{}", f.message);

    // The operation it names is judged where it is defined.
    let text = text.replace("    operationId: getPet\n", "");
    let report = run_text("op-ref.yaml", &text);
    let ids: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "openapi/operation-id")
        .map(|f| f.location.pointer.as_str())
        .collect();
    assert_eq!(ids, vec!["/x-operations/getPet/operationId"]);
}

#[test]
fn the_same_operation_inline_is_clean() {
    let report = run_text(
        "op.yaml",
        &with_operation(&format!("      {COMPLETE_OPERATION}")),
    );
    assert_eq!(
        rules_of(&report),
        Vec::<&str>::new(),
        "{:#?}",
        report.findings
    );
}

#[test]
fn a_description_given_as_a_ref_is_one_schema_finding() {
    let op = COMPLETE_OPERATION.replace(
        "summary: Get a pet",
        "description: {$ref: ./docs/get-pet.md}",
    );
    let docs = MapRefs(BTreeMap::from([(
        "docs/get-pet.md".to_owned(),
        b"Gets one pet by its id.\n".to_vec(),
    )]));
    let text = with_operation(&format!("      {op}"));
    let report = check_with(
        &[Input::text("desc-ref.yaml", &text)],
        &Policy::default(),
        &docs,
    );
    assert_eq!(
        rules_of(&report),
        vec!["openapi/schema-valid"],
        "{:#?}",
        report.findings
    );
    assert_eq!(
        report.findings[0].location.pointer,
        "/paths/~1pets/get/description"
    );
}

#[test]
fn an_input_over_the_size_limit_names_the_limit() {
    let mut policy = Policy::default();
    policy.limits.max_input_bytes = 10;
    let report = check(&[Input::text("big.yaml", "openapi: 3.0.3\n")], &policy);
    assert_eq!(report.errors.len(), 1);
    let message = &report.errors[0].message;
    assert!(message.contains("limits.max_input_bytes"), "{message}");
}

#[test]
fn files_past_the_ref_file_limit_name_the_limit() {
    let text = "openapi: 3.0.3
info: {title: x, version: 1.0.0}
paths: {}
components:
  schemas:
    A: {$ref: a.yaml}
    B: {$ref: b.yaml}
";
    let files = MapRefs(BTreeMap::from([
        ("a.yaml".to_owned(), b"type: string\n".to_vec()),
        ("b.yaml".to_owned(), b"type: string\n".to_vec()),
    ]));
    let mut policy = Policy::default();
    policy.limits.max_ref_files = 1;
    let report = check_with(&[Input::text("api.yaml", text)], &policy, &files);
    let refs = messages_of(&report, "openapi/ref-resolvable");
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert!(
        refs[0].contains("more than 1 files") && refs[0].contains("limits.max_ref_files"),
        "{}",
        refs[0]
    );
    // The default holds both.
    let report = check_with(&[Input::text("api.yaml", text)], &Policy::default(), &files);
    assert!(!rules_of(&report).contains(&"openapi/ref-resolvable"));
}

#[test]
fn a_referenced_file_over_the_size_limit_names_the_limit() {
    let text = "openapi: 3.0.3
info: {title: x, version: 1.0.0}
paths: {}
components:
  schemas:
    A: {$ref: big.yaml}
";
    let big = format!("type: string\ndescription: {}\n", "long ".repeat(40));
    assert!(big.len() > text.len());
    let files = MapRefs(BTreeMap::from([(
        "big.yaml".to_owned(),
        big.as_bytes().to_vec(),
    )]));
    let mut policy = Policy::default();
    policy.limits.max_input_bytes = text.len();
    let report = check_with(&[Input::text("api.yaml", text)], &policy, &files);
    let refs = messages_of(&report, "openapi/ref-resolvable");
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert!(
        refs[0].contains(&format!(
            "`big.yaml` was not read: it is {} bytes",
            big.len()
        )) && refs[0].contains(&format!("limit of {} bytes", text.len()))
            && refs[0].contains("limits.max_input_bytes")
            && refs[0].contains("--max-input-bytes"),
        "{}",
        refs[0]
    );
    // Under the default limit the file is read and the reference resolves.
    let report = check_with(&[Input::text("api.yaml", text)], &Policy::default(), &files);
    assert!(!rules_of(&report).contains(&"openapi/ref-resolvable"));
}

#[test]
fn numbers_are_quoted_as_written() {
    let report = run_text(
        "v.yaml",
        "openapi: 3.0\ninfo: {title: x, version: 1.0}\npaths: {}\n",
    );
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("`openapi: 3.0`")),
        "{messages:?}"
    );
    let report = run_text(
        "v.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: 1.0}\npaths: {}\n",
    );
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("`1.0`")), "{messages:?}");
}

#[test]
fn a_repeated_key_is_a_finding_and_the_last_entry_is_judged() {
    let yaml =
        "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: latest\n  version: 1.0.0\npaths: {}\n";
    let json = "{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"Pets\", \"version\": \"latest\",\n  \"version\": \"1.0.0\"}, \"paths\": {}}";
    for (name, text, at) in [("api.yaml", yaml, "5:3"), ("api.json", json, "3:3")] {
        // Detected from the content, and forced.
        for kind in [None, Some(ArtefactKind::Openapi)] {
            let report = check(
                &[Input::text(name, text).with_kind(kind)],
                &Policy::default(),
            );
            assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
            let found = lines(&report);
            assert!(
                found.contains(&format!("openapi/duplicate-key {at} /info/version")),
                "{name}: {found:?}"
            );
            let finding = report
                .findings
                .iter()
                .find(|f| f.rule == "openapi/duplicate-key")
                .unwrap();
            assert_eq!(finding.severity, cct_core::Severity::Error);
            assert!(
                finding.message.contains("`version`")
                    && finding.message.contains(&format!(
                        "first at line {}",
                        if name.ends_with("json") { 2 } else { 4 }
                    )),
                "{}",
                finding.message
            );
            // `1.0.0`, the last entry, is the version judged: no semver finding for `latest`.
            assert!(
                !found
                    .iter()
                    .any(|l| l.starts_with("openapi/info-version-semver")),
                "{name}: {found:?}"
            );
        }
    }
}

#[test]
fn a_repeated_key_outside_openapi_stays_an_input_error() {
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nmetadata: {name: b}\n";
    let other = "name: chart\nname: again\n";
    for (text, kind) in [
        (manifest, None),
        (manifest, Some(ArtefactKind::Kube)),
        (other, None),
        (
            "{\"Id\": \"x\", \"Config\": {}, \"Config\": {}}",
            Some(ArtefactKind::Image),
        ),
    ] {
        let report = check(
            &[Input::text("x.yaml", text).with_kind(kind)],
            &Policy::default(),
        );
        assert_eq!(report.errors.len(), 1, "{text}");
        assert!(report.errors[0].message.contains("duplicate key"), "{text}");
        assert!(report.findings.is_empty(), "{text}");
    }
}

#[test]
fn a_referenced_file_with_a_repeated_key_is_read_last_key_wins() {
    let text = "openapi: 3.0.3
info: {title: x, version: 1.0.0}
paths: {}
components:
  schemas:
    A: {$ref: 'a.yaml#/Pet'}
";
    let files = MapRefs(BTreeMap::from([(
        "a.yaml".to_owned(),
        b"Pet: {type: string}\nPet: {type: object}\n".to_vec(),
    )]));
    let report = check_with(&[Input::text("api.yaml", text)], &Policy::default(), &files);
    assert!(
        !lines(&report)
            .iter()
            .any(|l| l.starts_with("openapi/ref-resolvable")),
        "{:?}",
        lines(&report)
    );
}

#[test]
fn an_empty_description_is_an_input_error() {
    let forced = |name: &str, text: &str| {
        check(
            &[Input::text(name, text).with_kind(Some(ArtefactKind::Openapi))],
            &Policy::default(),
        )
    };
    for text in [
        "",
        "  \n\n",
        "# only a comment\n\n# and another\n",
        "---\n",
        "\u{feff}",
    ] {
        for report in [forced("api.yaml", text), run_text("openapi.yaml", text)] {
            assert_eq!(report.errors.len(), 1, "{text:?}");
            assert!(
                report.errors[0].message.contains("the input is empty"),
                "{}",
                report.errors[0].message
            );
            assert_eq!(report.errors[0].line, None);
            assert_eq!(
                report.inputs[0].status,
                cct_core::report::InputStatus::Error
            );
        }
    }
    // Named like a description: any case, JSON, `*.openapi.yaml`.
    for name in ["api/OpenAPI.YML", "swagger.json", "pets.openapi.yaml"] {
        assert_eq!(run_text(name, "").errors.len(), 1, "{name}");
    }
    // A forced input whose top level is not a mapping says what it is, where.
    let report = forced("api.yaml", "# title\n- openapi: 3.0.3\n");
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0].message.contains("a sequence"),
        "{}",
        report.errors[0].message
    );
    assert_eq!(
        (report.errors[0].line, report.errors[0].column),
        (Some(2), Some(1))
    );
}

#[test]
fn near_misses_of_an_empty_description_stay_as_they_were() {
    // An empty file of another name is skipped, not an error.
    for name in ["values.yaml", "openapi-notes.txt.yaml", "my-openapi.yaml"] {
        let report = run_text(name, "");
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        assert_eq!(
            report.inputs[0].status,
            cct_core::report::InputStatus::Skipped
        );
    }
    // A non-empty `openapi.yaml` that is not a description (a fragment) is skipped too.
    let report = run_text("openapi.yaml", "Pet: {type: object}\n");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(
        report.inputs[0].status,
        cct_core::report::InputStatus::Skipped
    );
    // A description with an empty document after it is checked.
    let report = run_text(
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: 1.0.0}\npaths: {}\n---\n",
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(!report.findings.is_empty());
}

#[test]
fn floats_in_messages_are_quoted_as_written() {
    for (text, expected) in [
        ("openapi: 3.0.3\ninfo: {title: x, version: 1.10}\npaths: {}\n", "`info.version` is `1.10`"),
        ("{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"x\", \"version\": 2.50}, \"paths\": {}}", "`info.version` is `2.50`"),
        ("openapi: 3.10\ninfo: {title: x, version: 1.0.0}\npaths: {}\n", "`openapi: 3.10`"),
        ("openapi: 3.0\ninfo: {title: x, version: 1.0.0}\npaths: {}\n", "`openapi: 3.0`"),
        ("openapi: 3.0.3\ninfo: {title: x, version: 1.0}\npaths: {}\n", "`info.version` is `1.0`"),
    ] {
        let report = run_text("api.yaml", text);
        assert!(
            report.findings.iter().any(|f| f.message.contains(expected)),
            "{expected}: {:?}",
            report.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}
