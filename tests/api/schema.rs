//! schema.graphql is the SDL of the built schema, and it keeps the contract's names.

use std::collections::BTreeMap;

use async_graphql_parser::parse_schema;
use async_graphql_parser::types::{TypeKind, TypeSystemDefinition};

/// What a schema says of each type: its members (fields with their arguments, input
/// fields, enum values, implemented interfaces) as "name: type" strings.
fn members(sdl: &str) -> BTreeMap<String, Vec<String>> {
    let document = parse_schema(sdl).expect("valid SDL");
    let mut types = BTreeMap::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(definition) = definition else { continue };
        let definition = definition.node;
        let mut list = Vec::new();
        match &definition.kind {
            TypeKind::Object(object) => {
                list.extend(object.implements.iter().map(|i| format!("implements {}", i.node)));
                for field in &object.fields {
                    let field = &field.node;
                    list.push(format!("{}: {}", field.name.node, field.ty.node));
                    for arg in &field.arguments {
                        list.push(format!("{}({}: {})", field.name.node, arg.node.name.node, arg.node.ty.node));
                    }
                }
            }
            TypeKind::Interface(interface) => {
                list.extend(interface.fields.iter().map(|f| format!("{}: {}", f.node.name.node, f.node.ty.node)));
            }
            TypeKind::InputObject(input) => {
                list.extend(input.fields.iter().map(|f| format!("{}: {}", f.node.name.node, f.node.ty.node)));
            }
            TypeKind::Enum(enumeration) => {
                list.extend(enumeration.values.iter().map(|v| v.node.value.node.to_string()))
            }
            TypeKind::Scalar | TypeKind::Union(_) => {}
        }
        types.insert(definition.name.node.to_string(), list);
    }
    types
}

#[test]
fn schema_graphql_is_the_sdl_of_the_built_schema() {
    let built = umkm_graph::graphql::build_schema().sdl();
    let committed = include_str!("../../schema.graphql");
    assert!(
        built == committed,
        "schema.graphql is out of date: run `cargo run -- schema > schema.graphql` and commit it"
    );
}

/// The contract names (of one part of the contract) that schema.graphql lacks.
fn missing_from_schema(contract: &str) -> Vec<String> {
    let ours = members(include_str!("../../schema.graphql"));
    let mut missing = Vec::new();
    for (name, wanted) in &members(contract) {
        let Some(have) = ours.get(name) else {
            missing.push(format!("type {name}"));
            continue;
        };
        missing.extend(wanted.iter().filter(|m| !have.contains(m)).map(|m| format!("{name}.{m}")));
    }
    missing
}

#[test]
fn the_schema_keeps_every_contract_name_of_the_foundation() {
    let missing = missing_from_schema(include_str!("../contract/foundation.graphql"));
    assert!(missing.is_empty(), "the schema lacks contract names: {missing:#?}");
}

#[test]
fn the_schema_keeps_every_contract_name_of_the_product_catalogue() {
    let missing = missing_from_schema(include_str!("../contract/products.graphql"));
    assert!(missing.is_empty(), "the schema lacks contract names: {missing:#?}");
}

#[test]
fn the_schema_keeps_every_contract_name_of_aid_and_events() {
    let missing = missing_from_schema(include_str!("../contract/aid-events.graphql"));
    assert!(missing.is_empty(), "the schema lacks contract names: {missing:#?}");
}

#[test]
fn every_type_and_field_is_documented() {
    let sdl = include_str!("../../schema.graphql");
    for name in ["BusinessGroup", "Member", "Kelurahan", "Viewer", "UserError", "GroupFilter"] {
        let at = sdl.find(&format!("type {name} ")).or_else(|| sdl.find(&format!("input {name} "))).unwrap();
        assert!(sdl[..at].trim_end().ends_with("\"\"\""), "{name} has no description");
    }
}
