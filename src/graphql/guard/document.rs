//! The parsed document: aliases, directives per field, and its size with fragments expanded.

use std::collections::HashMap;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, ServerError, ServerResult};

use super::{MAX_ALIASES, MAX_DIRECTIVES_PER_FIELD, MAX_FIELDS, check_text, coded, codes, refuse};

/// Checks a parsed document: aliases, directives per field, and the number of fields it
/// selects with every fragment expanded where it is spread.
pub fn check_document(document: &ExecutableDocument) -> ServerResult<()> {
    let mut shape = Shape::default();
    let mut definitions: Vec<&SelectionSet> = document.fragments.values().map(|f| &f.node.selection_set.node).collect();
    match &document.operations {
        DocumentOperations::Single(operation) => definitions.push(&operation.node.selection_set.node),
        DocumentOperations::Multiple(operations) => {
            definitions.extend(operations.values().map(|operation| &operation.node.selection_set.node))
        }
    }
    for set in definitions {
        shape.survey(set)?;
    }
    if shape.aliases > MAX_ALIASES {
        return Err(refuse(
            codes::QUERY_TOO_LARGE,
            format!("the query has over {MAX_ALIASES} aliases"),
            format!("query berisi lebih dari {MAX_ALIASES} alias"),
        ));
    }
    let mut expanded = Expansion { document, sizes: HashMap::new(), visiting: Vec::new() };
    let fields = match &document.operations {
        DocumentOperations::Single(operation) => expanded.size(&operation.node.selection_set.node),
        DocumentOperations::Multiple(operations) => {
            operations.values().map(|op| expanded.size(&op.node.selection_set.node)).max().unwrap_or(0)
        }
    };
    if fields > MAX_FIELDS {
        return Err(refuse(
            codes::QUERY_TOO_LARGE,
            format!("the query selects over {MAX_FIELDS} fields once its fragments are expanded"),
            format!("query memilih lebih dari {MAX_FIELDS} field setelah fragmennya diuraikan"),
        ));
    }
    Ok(())
}

#[derive(Default)]
struct Shape {
    aliases: usize,
}

impl Shape {
    /// Counts aliases and checks directives over one definition, without following spreads.
    fn survey(&mut self, set: &SelectionSet) -> ServerResult<()> {
        let mut stack = vec![set];
        while let Some(set) = stack.pop() {
            for selection in &set.items {
                if selection.node.directives().len() > MAX_DIRECTIVES_PER_FIELD {
                    return Err(refuse(
                        codes::QUERY_TOO_LARGE,
                        format!("a selection carries over {MAX_DIRECTIVES_PER_FIELD} directives"),
                        format!("sebuah seleksi membawa lebih dari {MAX_DIRECTIVES_PER_FIELD} direktif"),
                    ));
                }
                match &selection.node {
                    Selection::Field(field) => {
                        self.aliases += usize::from(field.node.alias.is_some());
                        stack.push(&field.node.selection_set.node);
                    }
                    Selection::InlineFragment(fragment) => stack.push(&fragment.node.selection_set.node),
                    Selection::FragmentSpread(_) => {}
                }
            }
        }
        Ok(())
    }
}

/// Field counts of selection sets with spreads expanded, each fragment counted once and
/// remembered; a cycle counts nothing here (validation refuses it).
struct Expansion<'a> {
    document: &'a ExecutableDocument,
    sizes: HashMap<&'a Name, usize>,
    visiting: Vec<&'a Name>,
}

impl<'a> Expansion<'a> {
    fn size(&mut self, set: &'a SelectionSet) -> usize {
        let mut total = 0usize;
        for selection in &set.items {
            let size = match &selection.node {
                Selection::Field(field) => 1 + self.size(&field.node.selection_set.node),
                Selection::InlineFragment(fragment) => self.size(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            };
            total = total.saturating_add(size);
        }
        total
    }

    fn fragment(&mut self, name: &'a Name) -> usize {
        if let Some(size) = self.sizes.get(name) {
            return *size;
        }
        let Some(fragment) = self.document.fragments.get(name) else { return 0 };
        if self.visiting.contains(&name) {
            return 0;
        }
        self.visiting.push(name);
        let size = self.size(&fragment.node.selection_set.node);
        self.visiting.pop();
        self.sizes.insert(name, size);
        size
    }
}

/// Parses `query` after the text checks, then checks the document.
pub fn parse_guarded(query: &str) -> ServerResult<ExecutableDocument> {
    check_text(query)?;
    let document = async_graphql::parser::parse_query(query).map_err(|error| {
        let error: ServerError = error.into();
        coded(error, codes::PARSE_FAILED)
    })?;
    check_document(&document)?;
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::Value;

    #[test]
    fn deep_argument_values_are_refused_before_parsing() {
        let deep = format!("{{ a(x: {}1{}) }}", "[".repeat(1_700), "]".repeat(1_700));
        let error = parse_guarded(&deep).unwrap_err();
        assert_eq!(error.extensions.unwrap().get("code"), Some(&Value::from(codes::QUERY_TOO_DEEP)));
        let shallow = format!("{{ a(x: {}1{}) }}", "[".repeat(60), "]".repeat(60));
        assert!(parse_guarded(&shallow).is_ok());
    }

    #[test]
    fn fragment_fan_out_is_counted_expanded() {
        // Each fragment spreads the next twice: 2^12 leaves from a text of a few hundred bytes.
        let mut query = String::from("{ ...F0 }\n");
        for level in 0..12 {
            query.push_str(&format!(
                "fragment F{level} on Query {{ a: x ...F{} b: x ...F{} }}\n",
                level + 1,
                level + 1
            ));
        }
        query.push_str("fragment F12 on Query { x }\n");
        let error = parse_guarded(&query).unwrap_err();
        assert!(error.message.contains("fields once its fragments are expanded"), "{}", error.message);
    }
}
