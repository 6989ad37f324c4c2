//! Descriptions of the connection types, which async-graphql generates without one (their
//! edges and `PageInfo` come described by async-graphql itself).

use async_graphql::{ObjectType, SchemaBuilder, SubscriptionType};

use crate::aid::model::AidProgram;
use crate::audit::model::LogEntry;
use crate::events::model::Event;
use crate::financing::applications::model::Application;
use crate::financing::lenders::model::Lender;
use crate::geography::model::Kelurahan;
use crate::graphql::relay::ListConnection;
use crate::groups::model::Group;
use crate::members::model::Member;
use crate::mentoring::model::MentoringSession;
use crate::products::listings::Listing;
use crate::products::model::Product;

/// One description per connection type: "One page of <what>: …".
macro_rules! describe_connections {
    ($builder:expr, $($node:ty => $what:literal),+ $(,)?) => {
        $builder$(.override_output_type_description::<ListConnection<$node>>(concat!(
            "One page of ",
            $what,
            ": `nodes` (or `edges`, each with its cursor), `pageInfo` to ask for the next or previous page \
             with `after`/`before`, and `totalCount`, how many match across all pages."
        )))+
    };
}

/// Gives every connection type of the schema its description.
pub fn describe<Q: ObjectType, M: ObjectType, S: SubscriptionType>(
    builder: SchemaBuilder<Q, M, S>,
) -> SchemaBuilder<Q, M, S> {
    describe_connections!(builder,
        AidProgram => "aid programmes",
        Group => "business groups",
        Event => "events",
        Application => "financing applications",
        Kelurahan => "kelurahan",
        Lender => "lenders",
        Member => "members",
        MentoringSession => "mentoring sessions",
        LogEntry => "personal-data log entries",
        Product => "products",
        Listing => "retail listings",
    )
}
