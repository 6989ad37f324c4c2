//! Checks on the raw request, before any parsing: the query text (size, tokens, bracket
//! nesting) and the nesting of the variables.

use async_graphql::{ServerResult, Value, Variables};

use super::{MAX_NESTING, MAX_QUERY_BYTES, MAX_TOKENS, codes, refuse};

/// Checks a query text without parsing it: its size, its token count and how deeply its
/// brackets nest. Cheap and iterative, so it is safe on any input.
pub fn check_text(query: &str) -> ServerResult<()> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(refuse(
            codes::QUERY_TOO_LARGE,
            format!("the query is {} bytes long; at most {MAX_QUERY_BYTES} are accepted", query.len()),
            format!("panjang query {} byte; paling banyak {MAX_QUERY_BYTES} yang diterima", query.len()),
        ));
    }
    let scan = scan(query);
    if scan.tokens > MAX_TOKENS {
        return Err(refuse(
            codes::QUERY_TOO_LARGE,
            format!("the query has over {MAX_TOKENS} tokens"),
            format!("query berisi lebih dari {MAX_TOKENS} token"),
        ));
    }
    if scan.max_nesting > MAX_NESTING {
        return Err(refuse(
            codes::QUERY_TOO_DEEP,
            format!("brackets in the query nest {} deep; at most {MAX_NESTING} are accepted", scan.max_nesting),
            format!(
                "kurung dalam query bersarang {} tingkat; paling banyak {MAX_NESTING} yang diterima",
                scan.max_nesting
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
                format!("a variable nests lists or objects over {MAX_NESTING} deep"),
                format!("sebuah variabel berisi list atau objek bersarang lebih dari {MAX_NESTING} tingkat"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::Name;

    #[test]
    fn brackets_in_strings_and_comments_do_not_nest() {
        let query = "# [[[[\n{ a(s: \"[[[{\", t: \"\"\"{{{ \\\"\"\" [[\"\"\") { b } }";
        assert_eq!(scan(query).max_nesting, 2);
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
}
