//! The guard in front of the executor: what a request may ask for before any work is done,
//! what it costs, and a stable `extensions.code` on every error it gets back.
//!
//! async-graphql's parser recurses into nested values and its depth and directive checks
//! expand fragments without memory, so a small text can exhaust the stack or the CPU before
//! its own limits apply. [`QueryGuard`] therefore checks the text first (size, tokens,
//! bracket nesting), then the variables, then parses once and measures the document with
//! fragments expanded (memoised), and only then hands it on.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest, NextRequest, NextValidation,
};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Request, Response, ServerError, ServerResult, ValidationResult, Value, Variables};

use super::language::Text;
use super::{AppSchema, persisted};

/// Longest query text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 32 * 1024;
/// Most lexical tokens (names, punctuation, strings, numbers) in a query text.
pub const MAX_TOKENS: usize = 5_000;
/// Deepest nesting of `{`, `[` and `(` in a query text, and of lists and objects in variables.
pub const MAX_NESTING: usize = 64;
/// Most fields a document selects once its fragments are expanded where they are spread.
pub const MAX_FIELDS: usize = 2_000;
/// Most aliases in a document.
pub const MAX_ALIASES: usize = 100;
/// Most directives on one field.
pub const MAX_DIRECTIVES_PER_FIELD: usize = 5;
/// Most errors returned in one response; the rest are summarised in one last error.
pub const MAX_ERRORS: usize = 20;
/// Largest query cost accepted (see [`crate::graphql::cost`]).
pub const MAX_COST: usize = 50_000;

/// Codes of the errors the guard and the executor give before and around resolvers.
pub mod codes {
    pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const QUERY_TOO_LARGE: &str = "QUERY_TOO_LARGE";
    pub const QUERY_TOO_DEEP: &str = "QUERY_TOO_DEEP";
    pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
    pub const TOO_MANY_ERRORS: &str = "TOO_MANY_ERRORS";
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
    pub const PERSISTED_QUERY_INVALID: &str = "PERSISTED_QUERY_INVALID";
}

/// An error with `code` in its extensions (kept when it already has one).
pub fn coded(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

fn refuse(code: &str, message: Text) -> ServerError {
    coded(message.into_server_error(), code)
}

/// Checks a query text without parsing it: its size, its token count and how deeply its
/// brackets nest. Cheap and iterative, so it is safe on any input.
pub fn check_text(query: &str) -> ServerResult<()> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(refuse(
            codes::QUERY_TOO_LARGE,
            Text::new(
                format!("the query is {} bytes long; at most {MAX_QUERY_BYTES} are accepted", query.len()),
                format!("panjang query {} byte; paling banyak {MAX_QUERY_BYTES} yang diterima", query.len()),
            ),
        ));
    }
    let scan = scan(query);
    if scan.tokens > MAX_TOKENS {
        return Err(refuse(
            codes::QUERY_TOO_LARGE,
            Text::new(
                format!("the query has over {MAX_TOKENS} tokens"),
                format!("query berisi lebih dari {MAX_TOKENS} token"),
            ),
        ));
    }
    if scan.max_nesting > MAX_NESTING {
        return Err(refuse(
            codes::QUERY_TOO_DEEP,
            Text::new(
                format!("brackets in the query nest {} deep; at most {MAX_NESTING} are accepted", scan.max_nesting),
                format!(
                    "kurung dalam query bersarang {} tingkat; paling banyak {MAX_NESTING} yang diterima",
                    scan.max_nesting
                ),
            ),
        ));
    }
    Ok(())
}

#[derive(Debug, Default, PartialEq)]
struct Scan {
    tokens: usize,
    max_nesting: usize,
}

/// A lexical pass over GraphQL source: strings, block strings and comments are skipped, so
/// brackets inside them do not count.
fn scan(query: &str) -> Scan {
    let bytes = query.as_bytes();
    let (mut i, mut depth, mut result) = (0, 0usize, Scan::default());
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                result.tokens += 1;
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                i += 3;
                continue;
            }
            b'"' => {
                result.tokens += 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                result.max_nesting = result.max_nesting.max(depth);
                result.tokens += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                result.tokens += 1;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => {
                result.tokens += 1;
                while i + 1 < bytes.len()
                    && matches!(bytes[i + 1], b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.')
                {
                    i += 1;
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {}
            _ => result.tokens += 1,
        }
        i += 1;
    }
    result
}

/// Checks that no variable nests lists and objects deeper than [`MAX_NESTING`].
pub fn check_variables(variables: &Variables) -> ServerResult<()> {
    let mut stack: Vec<(&Value, usize)> = variables.values().map(|value| (value, 1)).collect();
    while let Some((value, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            return Err(refuse(
                codes::QUERY_TOO_DEEP,
                Text::new(
                    format!("a variable nests lists or objects over {MAX_NESTING} deep"),
                    format!("sebuah variabel berisi list atau objek bersarang lebih dari {MAX_NESTING} tingkat"),
                ),
            ));
        }
        match value {
            Value::List(items) => stack.extend(items.iter().map(|item| (item, depth + 1))),
            Value::Object(fields) => stack.extend(fields.values().map(|field| (field, depth + 1))),
            _ => {}
        }
    }
    Ok(())
}

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
            Text::new(
                format!("the query has over {MAX_ALIASES} aliases"),
                format!("query berisi lebih dari {MAX_ALIASES} alias"),
            ),
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
            Text::new(
                format!("the query selects over {MAX_FIELDS} fields once its fragments are expanded"),
                format!("query memilih lebih dari {MAX_FIELDS} field setelah fragmennya diuraikan"),
            ),
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
                        Text::new(
                            format!("a selection carries over {MAX_DIRECTIVES_PER_FIELD} directives"),
                            format!("sebuah seleksi membawa lebih dari {MAX_DIRECTIVES_PER_FIELD} direktif"),
                        ),
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

/// Runs a request under the guard. The guard checks it on `checker`, the schema with
/// [`QueryGuard`] installed, which parses, validates and costs it but executes nothing; then
/// `schema`, which has no extension, executes the parsed document. async-graphql runs every
/// field through the extension chain when a schema has any extension (a registry lookup and
/// boxed futures per field), so keeping the executing schema bare saves that on every field
/// of every answer.
pub async fn execute(checker: &AppSchema, schema: &AppSchema, mut request: Request) -> Checked {
    let verdict = Arc::new(Verdict::default());
    let mut check = Request::new(request.query.clone()).variables(request.variables.clone()).data(verdict.clone());
    check.operation_name = request.operation_name.clone();
    check.extensions = request.extensions.clone();
    let checked = checker.execute(check).await;
    let document = verdict.document.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    let operation = verdict.operation.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    let passed = verdict.passed.load(Ordering::Relaxed) && checked.errors.is_empty();
    let Some(document) = document.filter(|_| passed) else {
        return Checked { response: checked, operation };
    };
    request.set_parsed_query(document);
    let mut response = schema.execute(request).await;
    // Every error of our resolvers carries a code; the ones without come from the executor's
    // coercion of argument and variable values.
    finish_errors(&mut response.errors, codes::BAD_USER_INPUT);
    response.extensions.insert("cost".into(), cost_value(verdict.cost.load(Ordering::Relaxed)));
    Checked { response, operation }
}

/// A request's response and the name of the operation it ran (or would have run).
pub struct Checked {
    pub response: Response,
    pub operation: Option<String>,
}

/// What the guard found in a request: the parsed document, its cost, and whether it passed
/// every check.
#[derive(Default)]
struct Verdict {
    document: Mutex<Option<ExecutableDocument>>,
    operation: Mutex<Option<String>>,
    cost: AtomicUsize,
    passed: AtomicBool,
}

/// Installs [`RequestGuardExtension`] for every request on the checking schema.
pub struct QueryGuard;

impl ExtensionFactory for QueryGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestGuardExtension::default())
    }
}

/// One request's guard: it remembers the request's cost for `extensions.cost`.
#[derive(Default)]
pub struct RequestGuardExtension {
    cost: AtomicUsize,
    validated: AtomicBool,
}

#[async_graphql::async_trait::async_trait]
impl Extension for RequestGuardExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        finish_errors(&mut response.errors, codes::VALIDATION_FAILED);
        if self.validated.load(Ordering::Relaxed) {
            let cost = self.cost.load(Ordering::Relaxed);
            response.extensions.insert("cost".into(), cost_value(cost));
        }
        response
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        check_variables(&request.variables)?;
        let persisted = persisted::is_persisted(&request);
        // A text is checked before anything parses it, the persisted-query extension too.
        if !persisted || !request.query.is_empty() {
            request.set_parsed_query(parse_guarded(&request.query)?);
        }
        let mut request = next.run(ctx, request).await.map_err(persisted::coded_error)?;
        let document = request.parsed_query()?.clone();
        if persisted {
            check_document(&document)?;
        }
        let verdict =
            request.data.get(&TypeId::of::<Arc<Verdict>>()).and_then(|data| data.downcast_ref::<Arc<Verdict>>());
        if let Some(verdict) = verdict {
            let operation = operation_name(&document, request.operation_name.as_deref());
            *verdict.operation.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = operation;
            *verdict.document.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(document);
        }
        Ok(request)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result =
            next.run(ctx).await.map_err(|errors| errors.into_iter().map(validation_coded).collect::<Vec<_>>())?;
        self.cost.store(result.complexity, Ordering::Relaxed);

        self.validated.store(true, Ordering::Relaxed);
        if result.complexity > MAX_COST {
            let mut error = refuse(
                codes::QUERY_TOO_COMPLEX,
                Text::new(
                    format!(
                        "the query costs {} and at most {MAX_COST} is accepted: ask for smaller pages \
                         (first/last) or fewer nested lists",
                        result.complexity
                    ),
                    format!(
                        "biaya query {} dan paling banyak {MAX_COST} yang diterima: minta halaman yang lebih \
                         kecil (first/last) atau lebih sedikit list bersarang",
                        result.complexity
                    ),
                ),
            );
            error.extensions.get_or_insert_with(Default::default).set("cost", cost_value(result.complexity));
            return Err(vec![error]);
        }
        Ok(result)
    }

    /// Passes the request to [`execute`] instead of executing it here.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        _operation_name: Option<&str>,
        _next: NextExecute<'_>,
    ) -> Response {
        if let Some(verdict) = ctx.data_opt::<Arc<Verdict>>() {
            verdict.cost.store(self.cost.load(Ordering::Relaxed), Ordering::Relaxed);
            verdict.passed.store(true, Ordering::Relaxed);
        }
        Response::new(Value::Null)
    }
}

/// The name of the operation a request runs: the one it names, if the document has it, or
/// the document's only named operation (none for an anonymous one).
fn operation_name(document: &ExecutableDocument, requested: Option<&str>) -> Option<String> {
    let DocumentOperations::Multiple(operations) = &document.operations else { return None };
    match requested {
        Some(name) => operations.contains_key(name).then(|| name.to_string()),
        None if operations.len() == 1 => operations.keys().next().map(|name| name.to_string()),
        None => None,
    }
}

/// `extensions.cost` of a response: what the query cost and what the server accepts.
fn cost_value(cost: usize) -> Value {
    let mut fields = async_graphql::indexmap::IndexMap::new();
    fields.insert(Name::new("requested"), Value::from(cost as u64));
    fields.insert(Name::new("limit"), Value::from(MAX_COST as u64));
    Value::Object(fields)
}

/// A validation error's code: depth, or values of the wrong type (BAD_USER_INPUT), or a
/// document that does not fit the schema.
fn validation_coded(error: ServerError) -> ServerError {
    let code = if error.message.starts_with("Query is nested too deep") {
        let indonesian = format!("query bersarang terlalu dalam: paling banyak {} tingkat", super::MAX_DEPTH);
        let text = Text::new(error.message.clone(), indonesian);
        let error = ServerError { source: Some(Arc::new(text)), ..error };
        return coded(error, codes::QUERY_TOO_DEEP);
    } else if error.message.starts_with("Invalid value for argument") || error.message.contains("Failed to parse") {
        codes::BAD_USER_INPUT
    } else {
        codes::VALIDATION_FAILED
    };
    coded(error, code)
}

/// Gives every error a code and real locations (never line 0), and keeps at most
/// [`MAX_ERRORS`], replacing the rest by one error that says how many were left out.
fn finish_errors(errors: &mut Vec<ServerError>, fallback: &str) {
    if errors.len() > MAX_ERRORS {
        let left_out = errors.len() - (MAX_ERRORS - 1);
        errors.truncate(MAX_ERRORS - 1);
        errors.push(refuse(
            codes::TOO_MANY_ERRORS,
            Text::new(
                format!("{left_out} more errors were left out"),
                format!("{left_out} kesalahan lainnya tidak ditampilkan"),
            ),
        ));
    }
    for error in errors.iter_mut() {
        error.locations.retain(|pos| pos.line > 0);
        *error = coded(std::mem::replace(error, ServerError::new("", None)), fallback);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_and_comments_do_not_nest() {
        let query = "# [[[[\n{ a(s: \"[[[{\", t: \"\"\"{{{ \\\"\"\" [[\"\"\") { b } }";
        assert_eq!(scan(query).max_nesting, 2);
    }

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

    #[test]
    fn deep_variables_are_refused() {
        let mut value = Value::from(1);
        for _ in 0..=MAX_NESTING {
            value = Value::List(vec![value]);
        }
        let variables = Variables::from_value(Value::Object([(Name::new("v"), value)].into_iter().collect()));
        assert!(check_variables(&variables).is_err());
    }

    #[test]
    fn errors_are_capped_and_coded() {
        let mut errors: Vec<ServerError> = (0..100).map(|n| ServerError::new(format!("e{n}"), None)).collect();
        finish_errors(&mut errors, codes::VALIDATION_FAILED);
        assert_eq!(errors.len(), MAX_ERRORS);
        assert!(errors.last().unwrap().message.starts_with("81 more errors"));
        assert!(errors.iter().all(|e| e.extensions.as_ref().unwrap().get("code").is_some()));
    }
}
