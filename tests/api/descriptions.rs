//! Every type, field, argument, input field and enum value of the running schema has a
//! description, as GraphiQL's documentation explorer shows it.

use serde_json::{Value, json};

use crate::common::TestApp;

/// The built-in scalars, described by the GraphQL specification rather than by us.
const BUILT_IN_SCALARS: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];

/// True when `value` holds a description with some text in it.
fn described(value: &Value) -> bool {
    value["description"].as_str().is_some_and(|text| !text.trim().is_empty())
}

/// "Type", "Type.field", "Type.field(argument)", "Type.inputField" and "Type.VALUE" for every
/// item of one introspected type that has no description.
fn undescribed_in(kind: &Value) -> Vec<String> {
    let name = kind["name"].as_str().unwrap_or_default();
    let mut missing = Vec::new();
    if !described(kind) {
        missing.push(name.to_string());
    }
    let list = |key: &str| kind[key].as_array().cloned().unwrap_or_default();
    for field in list("fields") {
        let field_name = field["name"].as_str().unwrap_or_default();
        if !described(&field) {
            missing.push(format!("{name}.{field_name}"));
        }
        for argument in field["args"].as_array().into_iter().flatten() {
            if !described(argument) {
                missing.push(format!("{name}.{field_name}({})", argument["name"].as_str().unwrap_or_default()));
            }
        }
    }
    for item in list("inputFields").iter().chain(list("enumValues").iter()) {
        if !described(item) {
            missing.push(format!("{name}.{}", item["name"].as_str().unwrap_or_default()));
        }
    }
    missing
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_type_field_argument_and_value_has_a_description() {
    let app = TestApp::new().await;
    let body = app.gql(None, include_str!("introspection.graphql"), json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    let types = body["data"]["__schema"]["types"].as_array().expect("introspected types");
    let ours: Vec<&Value> = types
        .iter()
        .filter(|kind| {
            let name = kind["name"].as_str().unwrap_or_default();
            !name.starts_with("__") && !BUILT_IN_SCALARS.contains(&name)
        })
        .collect();
    assert!(ours.len() > 50, "too few types introspected: {}", ours.len());
    let missing: Vec<String> = ours.into_iter().flat_map(undescribed_in).collect();
    assert!(missing.is_empty(), "{} items have no description:\n{}", missing.len(), missing.join("\n"));
}
