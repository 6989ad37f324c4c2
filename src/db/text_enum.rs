//! Stores an enum in a TEXT column under the name its declaration gives each value (e.g.
//! `FoodBeverage => "FOOD_BEVERAGE"`), on both backends. The stored names are the database's
//! format, independent of how the API names the values; SQL that names a value takes it from
//! here ([`TextEnum::sql`]), never from a literal.

/// An enum stored as text.
pub trait TextEnum: Copy + PartialEq + 'static {
    /// Every value with its stored name.
    const STORED: &'static [(Self, &'static str)];

    /// The stored name of a value.
    fn stored_name(self) -> &'static str {
        Self::STORED.iter().find(|(value, _)| *value == self).map_or("", |(_, name)| name)
    }

    /// The value a stored name stands for.
    fn from_stored(name: &str) -> Option<Self> {
        Self::STORED.iter().find(|(_, stored)| *stored == name).map(|(value, _)| *value)
    }

    /// The value as an SQL string literal: `'FOOD_BEVERAGE'`.
    fn sql(self) -> String {
        format!("'{}'", self.stored_name())
    }

    /// Values as an SQL list: `('PIRT', 'BPOM_MD')`.
    fn sql_list(values: &[Self]) -> String {
        let names: Vec<String> = values.iter().map(|value| value.sql()).collect();
        format!("({})", names.join(", "))
    }
}

/// Implements [`TextEnum`] and diesel's `ToSql<Text>`/`FromSql<Text>` for an enum that derives
/// `diesel::AsExpression` and `diesel::FromSqlRow` with `sql_type = Text`, from its stored
/// names: `text_enum!(GroupStatus { Active => "ACTIVE", Inactive => "INACTIVE" })`.
#[macro_export]
macro_rules! text_enum {
    ($name:ident { $($value:ident => $stored:literal),+ $(,)? }) => {
        impl $crate::db::TextEnum for $name {
            const STORED: &'static [(Self, &'static str)] = &[$(($name::$value, $stored)),+];
        }

        impl $name {
            /// The name stored in the database.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$value => $stored,)+
                }
            }

            /// Reads a stored name.
            pub fn from_name(name: &str) -> Option<Self> {
                <$name as $crate::db::TextEnum>::from_stored(name)
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
