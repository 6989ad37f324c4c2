//! The guard inside async-graphql's pipeline: a checking schema parses, validates and costs
//! a request; the bare executing schema then runs the document that passed.

use std::any::TypeId;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest, NextRequest, NextValidation,
};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument};
use async_graphql::{Name, Request, Response, ServerError, ServerResult, ValidationResult, Value};

use super::{MAX_COST, MAX_ERRORS, check_document, check_variables, coded, codes, parse_guarded, refuse};
use crate::graphql::language::Text;
use crate::graphql::persisted;
use crate::schema::AppSchema;

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
        let indonesian = format!("query bersarang terlalu dalam: paling banyak {} tingkat", crate::graphql::MAX_DEPTH);
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
            format!("{left_out} more errors were left out"),
            format!("{left_out} kesalahan lainnya tidak ditampilkan"),
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
    fn errors_are_capped_and_coded() {
        let mut errors: Vec<ServerError> = (0..100).map(|n| ServerError::new(format!("e{n}"), None)).collect();
        finish_errors(&mut errors, codes::VALIDATION_FAILED);
        assert_eq!(errors.len(), MAX_ERRORS);
        assert!(errors.last().unwrap().message.starts_with("81 more errors"));
        assert!(errors.iter().all(|e| e.extensions.as_ref().unwrap().get("code").is_some()));
    }
}
