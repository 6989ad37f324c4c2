//! The size class of a business (PP 7/2021 art. 35) from what a group declares.

use async_graphql::Enum;

/// The size class of a business under PP 7/2021 (Peraturan Pemerintah 7/2021 on the ease,
/// protection and empowerment of cooperatives and UMKM), article 35, from what the group
/// declares. By annual turnover (hasil penjualan tahunan) when declared: MICRO up to
/// Rp2,000,000,000 (2 miliar), SMALL above that up to Rp15,000,000,000, MEDIUM above that up to
/// Rp50,000,000,000, LARGE above. Otherwise by business capital (modal usaha, land and
/// buildings excluded): MICRO up to Rp1,000,000,000, SMALL up to Rp5,000,000,000, MEDIUM up to
/// Rp10,000,000,000, LARGE above. Each bound belongs to the smaller class. Computed by the
/// database from the declared amounts (one rule for every reader and filter).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum EnterpriseScale {
    /// Usaha mikro: turnover ≤ Rp2 miliar, or capital ≤ Rp1 miliar.
    Micro,
    /// Usaha kecil: turnover > Rp2 up to Rp15 miliar, or capital > Rp1 up to Rp5 miliar.
    Small,
    /// Usaha menengah: turnover > Rp15 up to Rp50 miliar, or capital > Rp5 up to Rp10 miliar.
    Medium,
    /// Usaha besar: turnover above Rp50 miliar, or capital above Rp10 miliar.
    Large,
}

crate::text_enum!(EnterpriseScale {
    Micro => "MICRO",
    Small => "SMALL",
    Medium => "MEDIUM",
    Large => "LARGE",
});
