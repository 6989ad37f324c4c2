//! API tokens: created on the command line, sent as `Authorization: Bearer <secret>`.
//! Only a SHA-256 hash of the secret is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::{Grant, Role, Viewer};
use crate::db::DbConn;
use crate::db::schema::{api_token_kelurahans, api_tokens, kelurahans, lenders};
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::graphql::language::Text;
use crate::graphql::messages::Problem;
use crate::ids::{KelurahanId, LenderId, TokenId};

/// A stored token, without its secret.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct TokenRow {
    pub id: TokenId,
    pub name: String,
    pub role: Role,
    pub lender_id: Option<LenderId>,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    /// Comma-separated grant keys (see [`Grant::key`]).
    pub grants: String,
}

impl TokenRow {
    pub fn grants(&self) -> Vec<Grant> {
        self.grants.split(',').filter_map(Grant::from_key).collect()
    }
}

/// What a new token grants.
#[derive(Debug, Clone)]
pub struct TokenSpec {
    pub role: Role,
    pub name: String,
    pub kelurahan_codes: Vec<String>,
    pub grants: Vec<Grant>,
    pub lender_id: Option<LenderId>,
}

#[derive(Insertable)]
#[diesel(table_name = api_tokens)]
struct NewToken<'a> {
    name: &'a str,
    role: Role,
    secret_hash: String,
    lender_id: Option<LenderId>,
    created_at: NaiveDateTime,
    grants: String,
}

const SECRET_PREFIX: &str = "umkm_";

fn hash_secret(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

impl TokenSpec {
    /// The rules a token must meet before it is stored.
    fn check(&self) -> AppResult<()> {
        if self.name.trim().is_empty() {
            return Err(AppError::bad_input(Text::new(
                "a token needs a name (the person or office that uses it)",
                "token memerlukan nama (orang atau kantor yang memakainya)",
            )));
        }
        if !self.grants.is_empty() && self.role != Role::Agency {
            return Err(AppError::bad_input(Text::new(
                "only AGENCY tokens take grants (--grant aid)",
                "hanya token AGENCY yang dapat diberi hak (--grant aid)",
            )));
        }
        match self.role {
            Role::Public => {
                Err(AppError::bad_input(Text::new("PUBLIC needs no token", "PUBLIC tidak memerlukan token")))
            }
            Role::Officer if self.kelurahan_codes.is_empty() => Err(AppError::bad_input(Text::new(
                "an OFFICER token needs at least one --kelurahan CODE",
                "token OFFICER memerlukan paling sedikit satu --kelurahan KODE",
            ))),
            Role::Lender if self.lender_id.is_none() => Err(AppError::bad_input(Text::new(
                "a LENDER token needs --lender ID",
                "token LENDER memerlukan --lender ID",
            ))),
            Role::Lender if !self.kelurahan_codes.is_empty() => Err(AppError::bad_input(Text::new(
                "only OFFICER tokens are scoped to kelurahan",
                "hanya token OFFICER yang dibatasi pada kelurahan",
            ))),
            _ if self.role != Role::Lender && self.lender_id.is_some() => Err(AppError::bad_input(Text::new(
                "only LENDER tokens act for a lender",
                "hanya token LENDER yang bertindak atas nama lembaga pembiayaan",
            ))),
            Role::Officer | Role::Lender => Ok(()),
            Role::Admin | Role::Agency if !self.kelurahan_codes.is_empty() => Err(AppError::bad_input(Text::new(
                "only OFFICER tokens are scoped to kelurahan",
                "hanya token OFFICER yang dibatasi pada kelurahan",
            ))),
            Role::Admin | Role::Agency => Ok(()),
        }
    }
}

/// Stores a new token and returns it with its secret, which is shown once and never again.
pub async fn create(conn: &mut DbConn, spec: &TokenSpec) -> AppResult<(TokenRow, String)> {
    spec.check()?;
    let secret = new_secret();
    let now = chrono::Utc::now().naive_utc();
    let new = NewToken {
        name: spec.name.trim(),
        role: spec.role,
        secret_hash: hash_secret(&secret),
        lender_id: spec.lender_id,
        created_at: now,
        grants: spec.grants.iter().map(|g| g.key()).collect::<Vec<_>>().join(","),
    };
    let row = conn
        .transaction(async |conn| {
            let codes = &spec.kelurahan_codes;
            let found: Vec<(KelurahanId, String)> = db_run!(conn: {
                kelurahans::table
                    .filter(kelurahans::code.eq_any(codes))
                    .select((kelurahans::id, kelurahans::code))
                    .load(conn)
                    .await
            })?;
            if let Some(missing) = codes.iter().find(|code| !found.iter().any(|(_, c)| c == *code)) {
                return Err(AppError::not_found(Problem::NoKelurahan { code: missing.clone() }.text()));
            }
            if let Some(lender) = spec.lender_id {
                let exists: i64 = db_run!(conn: {
                    lenders::table.filter(lenders::id.eq(lender)).count().get_result(conn).await
                })?;
                if exists == 0 {
                    return Err(AppError::not_found(Text::new(
                        format!("no lender has the number {}; `umkm-graph lender list` shows them", lender.0),
                        format!(
                            "tidak ada lembaga pembiayaan bernomor {}; lihat daftarnya dengan `umkm-graph lender list`",
                            lender.0
                        ),
                    )));
                }
            }
            let row: TokenRow = db_run!(conn: {
                diesel::insert_into(api_tokens::table)
                    .values(&new)
                    .returning(TokenRow::as_returning())
                    .get_result(conn)
                    .await
            })?;
            for (kelurahan_id, _) in &found {
                db_run!(conn: {
                    diesel::insert_into(api_token_kelurahans::table)
                        .values((
                            api_token_kelurahans::token_id.eq(row.id),
                            api_token_kelurahans::kelurahan_id.eq(kelurahan_id),
                        ))
                        .execute(conn)
                        .await
                })?;
            }
            Ok(row)
        })
        .await?;
    Ok((row, secret))
}

/// The caller behind a secret, or `None` when it is unknown or revoked.
pub async fn viewer_for_secret(conn: &mut DbConn, secret: &str) -> AppResult<Option<Viewer>> {
    let hash = hash_secret(secret.trim());
    let token: Option<TokenRow> = db_run!(conn: {
        api_tokens::table
            .filter(api_tokens::secret_hash.eq(&hash))
            .filter(api_tokens::revoked_at.is_null())
            .select(TokenRow::as_select())
            .first(conn)
            .await
            .optional()
    })?;
    let Some(token) = token else { return Ok(None) };
    let kelurahans = kelurahans_of(conn, token.id).await?;
    let grants = token.grants();
    Ok(Some(Viewer {
        token_id: Some(token.id),
        role: token.role,
        name: Some(token.name),
        kelurahans,
        lender_id: token.lender_id,
        grants,
    }))
}

async fn kelurahans_of(conn: &mut DbConn, token: TokenId) -> AppResult<Vec<(KelurahanId, String)>> {
    Ok(db_run!(conn: {
        api_token_kelurahans::table
            .inner_join(kelurahans::table)
            .filter(api_token_kelurahans::token_id.eq(token))
            .select((kelurahans::id, kelurahans::code))
            .order(kelurahans::code)
            .load(conn)
            .await
    })?)
}

/// Every token with the kelurahan codes it is scoped to, oldest first.
pub async fn list(conn: &mut DbConn) -> AppResult<Vec<(TokenRow, Vec<String>)>> {
    let tokens: Vec<TokenRow> = db_run!(conn: {
        api_tokens::table.select(TokenRow::as_select()).order(api_tokens::id).load(conn).await
    })?;
    let scopes: Vec<(TokenId, String)> = db_run!(conn: {
        api_token_kelurahans::table
            .inner_join(kelurahans::table)
            .select((api_token_kelurahans::token_id, kelurahans::code))
            .order((api_token_kelurahans::token_id, kelurahans::code))
            .load(conn)
            .await
    })?;
    Ok(tokens
        .into_iter()
        .map(|token| {
            let codes = scopes.iter().filter(|(id, _)| *id == token.id).map(|(_, code)| code.clone()).collect();
            (token, codes)
        })
        .collect())
}

/// Revokes a token; `false` when there is no such token or it was revoked already.
pub async fn revoke(conn: &mut DbConn, id: TokenId) -> AppResult<bool> {
    let now = chrono::Utc::now().naive_utc();
    let changed = db_run!(conn: {
        diesel::update(api_tokens::table)
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null())
            .set(api_tokens::revoked_at.eq(now))
            .execute(conn)
            .await
    })?;
    Ok(changed == 1)
}

/// The secret in an `Authorization` header value, if it is a bearer token.
pub fn bearer_secret(header: &str) -> Option<&str> {
    let (scheme, secret) = header.trim().split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !secret.trim().is_empty()).then(|| secret.trim())
}
