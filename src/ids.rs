//! Newtype ids for every entity, and their Relay global ids (`base64url("Kind:123")`).
//!
//! Each id is a database column (BIGINT on both backends) and an opaque GraphQL `ID`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Decodes a global id into its kind and number, if it is well formed.
pub fn decode_global(id: &str) -> Option<(String, i64)> {
    let bytes = URL_SAFE_NO_PAD.decode(id.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (kind, number) = text.split_once(':')?;
    let number: i64 = number.parse().ok()?;
    (number > 0).then(|| (kind.to_string(), number))
}

/// Encodes a kind and number as an opaque global id.
pub fn encode_global(kind: &str, number: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{number}"))
}

/// The numbers of several ids, as the paging of many parents takes them.
pub fn numbers<T: Copy + Into<i64>>(ids: &[T]) -> Vec<i64> {
    ids.iter().map(|&id| id.into()).collect()
}

/// What every entity id offers code that takes ids of any kind (such as
/// [`id_argument`](crate::graphql::filter::id_argument)): its GraphQL type name and the
/// reading of its global id.
pub trait EntityId: Sized {
    /// The GraphQL type name this id belongs to.
    const KIND: &'static str;

    /// Reads a global id of this kind; `None` when malformed or of another kind.
    fn from_global(id: &str) -> Option<Self>;
}

macro_rules! entity_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        pub struct $name(pub i64);

        impl $name {
            /// The GraphQL type name this id belongs to.
            pub const KIND: &'static str = $kind;

            /// The Relay global id.
            pub fn to_global(self) -> async_graphql::ID {
                async_graphql::ID(encode_global(Self::KIND, self.0))
            }

            /// Reads a global id of this kind; `None` when malformed or of another kind.
            pub fn from_global(id: &str) -> Option<Self> {
                match decode_global(id) {
                    Some((kind, number)) if kind == Self::KIND => Some(Self(number)),
                    _ => None,
                }
            }
        }

        impl EntityId for $name {
            const KIND: &'static str = $name::KIND;

            fn from_global(id: &str) -> Option<Self> {
                $name::from_global(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::BigInt, DB> for $name
        where
            DB: diesel::backend::Backend,
            i64: diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB> for $name
        where
            DB: diesel::backend::Backend,
            i64: diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                i64::from_sql(bytes).map(Self)
            }
        }
    };
}

entity_id!(
    /// A kecamatan (district).
    KecamatanId, "Kecamatan"
);
entity_id!(
    /// A kelurahan (urban village).
    KelurahanId, "Kelurahan"
);
entity_id!(
    /// A business group (kelompok usaha bersama).
    GroupId, "BusinessGroup"
);
entity_id!(
    /// A member of a business group.
    MemberId, "Member"
);
entity_id!(
    /// A product of a business group.
    ProductId, "Product"
);
entity_id!(
    /// A feasibility assessment of a product by the Dinas.
    AssessmentId, "FeasibilityAssessment"
);
entity_id!(
    /// A product put forward to (or listed at) a retailer's outlet.
    ListingId, "RetailListing"
);
entity_id!(
    /// An aid programme (e.g. Dinas Sosial's equipment aid of a year).
    AidProgramId, "AidProgram"
);
entity_id!(
    /// An allocation of an aid programme's items to a group.
    AllocationId, "AidAllocation"
);
entity_id!(
    /// An event: socialisation, training, business matching, exhibition.
    EventId, "Event"
);
entity_id!(
    /// An API token.
    TokenId, "ApiToken"
);

// ---- Capital ----

entity_id!(
    /// A lender: a bank, BPR, koperasi, pawnshop, P2P platform or government programme.
    LenderId, "Lender"
);
entity_id!(
    /// A financing scheme of a lender (e.g. KUR Mikro).
    SchemeId, "FinancingScheme"
);
entity_id!(
    /// A financing application of a group or a member.
    ApplicationId, "FinancingApplication"
);
entity_id!(
    /// A mentoring session held for a group.
    MentoringSessionId, "MentoringSession"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip_and_keep_their_kind() {
        let id = GroupId(42).to_global();
        assert_eq!(GroupId::from_global(&id), Some(GroupId(42)));
        assert_eq!(MemberId::from_global(&id), None);
        assert_eq!(GroupId::from_global("not an id"), None);
        assert_eq!(GroupId::from_global(&encode_global("BusinessGroup", -1)), None);
    }
}
