//! Stores a GraphQL enum in a TEXT column under its GraphQL name (e.g. `FOOD_BEVERAGE`), so
//! the database reads the same as the API on both backends.

/// Implements diesel's `ToSql<Text>`/`FromSql<Text>` for an `async_graphql::Enum` that also
/// derives `diesel::AsExpression` and `diesel::FromSqlRow` with `sql_type = Text`.
#[macro_export]
macro_rules! text_enum {
    ($name:ty) => {
        impl $name {
            /// The name stored in the database and shown in the API.
            pub fn as_str(self) -> &'static str {
                <$name as async_graphql::resolver_utils::EnumType>::items()
                    .iter()
                    .find(|item| item.value == self)
                    .map(|item| item.name)
                    .expect("every variant has a GraphQL name")
            }

            /// Reads a stored name.
            pub fn from_name(name: &str) -> Option<Self> {
                <$name as async_graphql::resolver_utils::EnumType>::items()
                    .iter()
                    .find(|item| item.name == name)
                    .map(|item| item.value)
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let name = String::from_sql(bytes)?;
                Self::from_name(&name)
                    .ok_or_else(|| format!(concat!("unknown ", stringify!($name), " {:?}"), name).into())
            }
        }
    };
}
