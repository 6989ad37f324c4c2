// Runs the graphql-http server audits (GraphQL over HTTP spec conformance) against a
// running server and prints one line per audit.
//
//   node .ci/audit/audit.mjs http://127.0.0.1:18080/graphql
//
// Exit status: 0 when every MUST and SHOULD audit passes, 1 when any fails, 2 on bad usage.
// MAY (notice) failures are printed and counted but do not fail the run.

import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

const REQUEST_TIMEOUT_MS = 10_000;

/** fetch with a timeout, so that a hanging server fails the audit instead of the CI job. */
function fetchWithTimeout(input, init = {}) {
  return fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

/** The level of an audit, from the start of its name: MUST, SHOULD or MAY. */
function levelOf(name) {
  return name.split(' ', 1)[0];
}

/** The server's answer behind a failed audit, for the log: status, content type, body. */
async function describeResponse(response) {
  if (!response) return '(no response)';
  const type = response.headers?.get('content-type') ?? '(no content-type)';
  let body;
  if (response.bodyUsed) {
    body = '(body already read by the audit)';
  } else {
    try {
      body = (await response.text()).replace(/\s+/g, ' ').trim();
      if (body.length > 400) body = `${body.slice(0, 400)}...`;
      if (body === '') body = '(empty body)';
    } catch (err) {
      body = `(body unreadable: ${err?.message ?? err})`;
    }
  }
  return `HTTP ${response.status} ${type} ${body}`;
}

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const requiredFailures = [];

for (const audit of serverAudits({ url, fetchFn: fetchWithTimeout })) {
  let result;
  try {
    result = await audit.fn();
  } catch (err) {
    // graphql-http throws (instead of returning a result) only on fatal problems, such as
    // the server being unreachable: count it as a failure at the audit's own level.
    const level = levelOf(audit.name);
    result = {
      id: audit.id,
      name: audit.name,
      status: level === 'MUST' ? 'error' : level === 'SHOULD' ? 'warn' : 'notice',
      reason: `audit could not run: ${err?.message ?? err}`,
      response: undefined,
    };
  }
  counts[result.status] += 1;
  console.log(`${result.status.padEnd(6)} ${result.id} ${result.name}`);
  if (result.status !== 'ok') {
    console.log(`         reason:   ${result.reason}`);
    console.log(`         response: ${await describeResponse(result.response)}`);
    if (levelOf(result.name) !== 'MAY') requiredFailures.push(result);
  }
}

const total = counts.ok + counts.notice + counts.warn + counts.error;
console.log('');
console.log(
  `graphql-http audit of ${url}: ${total} audits, ${counts.ok} ok, ` +
    `${counts.error} MUST failed (error), ${counts.warn} SHOULD failed (warn), ${counts.notice} MAY failed (notice)`,
);

if (requiredFailures.length > 0) {
  console.log(`MUST or SHOULD failures: ${requiredFailures.map((r) => r.id).join(', ')}`);
  process.exit(1);
}
process.exit(0);
