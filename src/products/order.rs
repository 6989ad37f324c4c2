//! The orders of lists of products and of retail listings.

crate::order_fields! {
    /// What a list of products can be sorted by.
    ProductOrderField on "products" {
        /// The product's name (ASCII letters case-insensitive).
        Name => "name" as Text,
        /// The price per unit in rupiah; products without a price come last in either
        /// direction.
        Price => "price_rupiah" as NullableNumber,
        /// The order of registration (the default order when no `orderBy` is given).
        Registration => "id" as Plain,
    }
}

crate::order_fields! {
    /// What a list of retail listings can be sorted by.
    RetailListingOrderField on "retail_listings" {
        /// The date the listing was proposed to the retailer.
        ProposedOn => "proposed_on" as Plain,
        /// The retailer's name (ASCII letters case-insensitive).
        Retailer => "retailer" as Text,
    }
}

// The `orderBy` argument of a list sorted by [`ProductOrderField`].
crate::list_order!(ProductOrder of ProductOrderField);

// The `orderBy` argument of a list sorted by [`RetailListingOrderField`].
crate::list_order!(RetailListingOrder of RetailListingOrderField);
