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
    let built = umkm_graph::schema::build_schema().sdl();
    let committed = include_str!("../../schema.graphql");
    assert!(
        built == committed,
        "schema.graphql is out of date: run `cargo run -- schema > schema.graphql` and commit it"
    );
}

/// The parts of the contract the schema implements, one file each.
const CONTRACT_PARTS: [(&str, &str); 4] = [
    ("foundation", include_str!("../contract/foundation.graphql")),
    ("products", include_str!("../contract/products.graphql")),
    ("financing", include_str!("../contract/financing.graphql")),
    ("aid and events", include_str!("../contract/aid-events.graphql")),
];

#[test]
fn the_schema_keeps_every_contract_name_of_the_issues_done() {
    let ours = members(include_str!("../../schema.graphql"));
    let mut missing = Vec::new();
    for (part, sdl) in CONTRACT_PARTS {
        for (name, wanted) in &members(sdl) {
            let Some(have) = ours.get(name) else {
                missing.push(format!("{part}: type {name}"));
                continue;
            };
            missing.extend(wanted.iter().filter(|m| !have.contains(m)).map(|m| format!("{part}: {name}.{m}")));
        }
    }
    assert!(missing.is_empty(), "the schema lacks contract names: {missing:#?}");
}

/// Every type of the capital issue, and each of its fields, input fields and enum values, has a
/// description in schema.graphql.
#[test]
fn every_capital_type_and_field_is_documented() {
    let document = parse_schema(include_str!("../../schema.graphql")).expect("valid SDL");
    let capital = [
        "Lender",
        "LenderKind",
        "FinancingScheme",
        "FinancingApplication",
        "ApplicationEvent",
        "ApplicationStatus",
        "FinancingApplicationFilter",
        "MentoringSession",
        "MentoringTopic",
        "MentoringProviderKind",
        "FinancingDashboard",
        "FinancingDashboardFilter",
        "FinancingFigures",
        "KelurahanFinancingFigures",
        "SectorFinancingFigures",
        "LenderFinancingFigures",
        "SchemeFinancingFigures",
        "MonthFinancingFigures",
        "RegisterLenderInput",
        "RegisterLenderPayload",
        "UpdateLenderInput",
        "UpdateLenderPayload",
        "AddFinancingSchemeInput",
        "AddFinancingSchemePayload",
        "UpdateFinancingSchemeInput",
        "UpdateFinancingSchemePayload",
        "SubmitFinancingApplicationInput",
        "SubmitFinancingApplicationPayload",
        "MoveFinancingApplicationInput",
        "MoveFinancingApplicationPayload",
        "RecordMentoringSessionInput",
        "RecordMentoringSessionPayload",
        "Rupiah",
        "DateTime",
    ];
    let mut undocumented = Vec::new();
    let mut seen = Vec::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(definition) = definition else { continue };
        let definition = definition.node;
        let name = definition.name.node.to_string();
        if !capital.contains(&name.as_str()) {
            continue;
        }
        seen.push(name.clone());
        if definition.description.is_none() {
            undocumented.push(name.clone());
        }
        let members: Vec<(String, bool)> = match &definition.kind {
            TypeKind::Object(object) => {
                object.fields.iter().map(|f| (f.node.name.node.to_string(), f.node.description.is_some())).collect()
            }
            TypeKind::InputObject(input) => {
                input.fields.iter().map(|f| (f.node.name.node.to_string(), f.node.description.is_some())).collect()
            }
            TypeKind::Enum(enumeration) => enumeration
                .values
                .iter()
                .map(|v| (v.node.value.node.to_string(), v.node.description.is_some()))
                .collect(),
            _ => Vec::new(),
        };
        undocumented
            .extend(members.into_iter().filter(|(_, documented)| !documented).map(|(m, _)| format!("{name}.{m}")));
    }
    assert_eq!(seen.len(), capital.len(), "capital types missing from the schema: {seen:?}");
    assert!(undocumented.is_empty(), "undocumented: {undocumented:#?}");
}

#[test]
fn every_type_and_field_is_documented() {
    let sdl = include_str!("../../schema.graphql");
    for name in ["BusinessGroup", "Member", "Kelurahan", "Viewer", "UserError", "GroupFilter"] {
        let at = sdl.find(&format!("type {name} ")).or_else(|| sdl.find(&format!("input {name} "))).unwrap();
        assert!(sdl[..at].trim_end().ends_with("\"\"\""), "{name} has no description");
    }
}
