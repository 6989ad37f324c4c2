//! Business sectors: the trade of a group, the skills of a member, the sector of a product.

use async_graphql::Enum;

/// The trade a group works in, a member is skilled in, or a product belongs to.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum BusinessSector {
    /// Food and drink (makanan dan minuman).
    FoodBeverage,
    /// Handicrafts (kerajinan).
    Craft,
    /// Fashion and textiles, including tenun Donggala.
    FashionTextile,
    /// Farming.
    Agriculture,
    /// Fishing and fish processing.
    Fishery,
    /// Livestock.
    Livestock,
    /// Trade and retail.
    Trade,
    /// Services.
    Services,
    /// Anything else.
    Other,
}

crate::text_enum!(BusinessSector {
    FoodBeverage => "FOOD_BEVERAGE",
    Craft => "CRAFT",
    FashionTextile => "FASHION_TEXTILE",
    Agriculture => "AGRICULTURE",
    Fishery => "FISHERY",
    Livestock => "LIVESTOCK",
    Trade => "TRADE",
    Services => "SERVICES",
    Other => "OTHER",
});
