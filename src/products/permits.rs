//! Permits of a product: PIRT (SPP-IRT), BPOM MD/ML registrations, halal certificates, SNI.

use async_graphql::Enum;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::readiness::{self, Changed};
use crate::db::DbConn;
use crate::db::schema::product_permits;
use crate::db_run;
use crate::ids::ProductId;
use crate::validate::{self, BpomKind, Invalid};

/// What a permit is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum PermitKind {
    /// SPP-IRT home-industry food permit: 15 digits, the last two the year it expires.
    Pirt,
    /// BPOM registration of a domestic product: "MD" and 12 or 15 digits.
    BpomMd,
    /// BPOM registration of an imported product: "ML" and 12 or 15 digits.
    BpomMl,
    /// Halal certificate (BPJPH).
    Halal,
    /// Indonesian National Standard (SNI) certificate.
    Sni,
}

crate::text_enum!(PermitKind {
    Pirt => "PIRT",
    BpomMd => "BPOM_MD",
    BpomMl => "BPOM_ML",
    Halal => "HALAL",
    Sni => "SNI",
});

/// A permit held by a product.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = product_permits)]
pub struct ProductPermit {
    pub product_id: ProductId,
    pub kind: PermitKind,
    pub number: String,
    pub issued_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

/// Checks a permit number against its kind and returns it normalised (trimmed, upper case),
/// with the expiry that the number itself encodes, if any (PIRT: 31 December of 20YY).
pub fn check_number(kind: PermitKind, number: &str) -> Result<(String, Option<NaiveDate>), Invalid> {
    let number = number.trim().to_uppercase();
    match kind {
        PermitKind::Pirt => {
            let year = validate::parse_pirt(&number)?;
            Ok((number, NaiveDate::from_ymd_opt(year, 12, 31)))
        }
        PermitKind::BpomMd | PermitKind::BpomMl => {
            let prefix = validate::parse_bpom(&number)?;
            let expected = if kind == PermitKind::BpomMd { BpomKind::Md } else { BpomKind::Ml };
            if prefix == expected { Ok((number, None)) } else { Err(Invalid::Bpom) }
        }
        PermitKind::Halal | PermitKind::Sni => {
            let valid = (4..=40).contains(&number.len())
                && number.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '));
            if valid { Ok((number, None)) } else { Err(Invalid::InvalidText) }
        }
    }
}

/// The permits of several products, by kind and number.
pub async fn of_products(conn: &mut DbConn, ids: &[ProductId]) -> QueryResult<Vec<ProductPermit>> {
    crate::load_where_in!(
        conn,
        product_permits::product_id,
        ids,
        ProductPermit,
        (product_permits::product_id, product_permits::kind, product_permits::number)
    )
}

pub async fn exists(conn: &mut DbConn, product: ProductId, kind: PermitKind, number: &str) -> QueryResult<bool> {
    crate::row_exists!(
        conn,
        product_permits,
        product_permits::product_id.eq(product),
        product_permits::kind.eq(kind),
        product_permits::number.eq(number)
    )
}

pub async fn insert(conn: &mut DbConn, permit: &ProductPermit, now: NaiveDateTime) -> QueryResult<()> {
    db_run!(conn: {
        diesel::insert_into(product_permits::table)
            .values((
                product_permits::product_id.eq(permit.product_id),
                product_permits::kind.eq(permit.kind),
                product_permits::number.eq(&permit.number),
                product_permits::issued_on.eq(permit.issued_on),
                product_permits::valid_until.eq(permit.valid_until),
                product_permits::created_at.eq(now),
            ))
            .execute(conn)
            .await
    })?;
    readiness::refresh(conn, Changed::Product(permit.product_id)).await?;
    Ok(())
}

/// Deletes a permit; the number of rows deleted (0 or 1).
pub async fn delete(conn: &mut DbConn, product: ProductId, kind: PermitKind, number: &str) -> QueryResult<usize> {
    let deleted = db_run!(conn: {
        diesel::delete(
            product_permits::table
                .filter(product_permits::product_id.eq(product))
                .filter(product_permits::kind.eq(kind))
                .filter(product_permits::number.eq(number)),
        )
        .execute(conn)
        .await
    })?;
    readiness::refresh(conn, Changed::Product(product)).await?;
    Ok(deleted)
}
