//! The names enums are stored under (their `text_enum!` declarations) are the database's format:
//! they are what the API's names were when the database took them, and stay so. No database.

use async_graphql::resolver_utils::EnumType;
use umkm_graph::db::TextEnum;

/// Every value of `T` is stored under its GraphQL name, and every stored name reads back.
fn stored_as_named_in_the_api<T: TextEnum + EnumType + std::fmt::Debug>() {
    let items = T::items();
    assert_eq!(T::STORED.len(), items.len(), "{}: every value has one stored name", std::any::type_name::<T>());
    for item in items {
        assert_eq!(item.value.stored_name(), item.name, "{:?}", item.value);
        assert_eq!(T::from_stored(item.name), Some(item.value));
    }
    assert_eq!(T::from_stored("NO_SUCH_VALUE"), None);
}

#[test]
fn every_stored_enum_keeps_its_names() {
    use umkm_graph::{access, aid, audit, events, financing, groups, members, mentoring, products, sector};
    stored_as_named_in_the_api::<access::Role>();
    stored_as_named_in_the_api::<audit::model::PersonalDataAction>();
    stored_as_named_in_the_api::<aid::model::AidKind>();
    stored_as_named_in_the_api::<aid::model::AllocationStatus>();
    stored_as_named_in_the_api::<aid::model::EquipmentState>();
    stored_as_named_in_the_api::<events::model::EventKind>();
    stored_as_named_in_the_api::<mentoring::model::MentoringTopic>();
    stored_as_named_in_the_api::<mentoring::model::MentoringProviderKind>();
    stored_as_named_in_the_api::<sector::BusinessSector>();
    stored_as_named_in_the_api::<members::model::Gender>();
    stored_as_named_in_the_api::<members::model::GroupRole>();
    stored_as_named_in_the_api::<products::listings::ListingStatus>();
    stored_as_named_in_the_api::<products::permits::PermitKind>();
    stored_as_named_in_the_api::<products::assessments::AssessmentOutcome>();
    stored_as_named_in_the_api::<financing::lenders::model::LenderKind>();
    stored_as_named_in_the_api::<financing::applications::model::ApplicationStatus>();
    stored_as_named_in_the_api::<groups::model::GroupStatus>();
    stored_as_named_in_the_api::<groups::model::EnterpriseScale>();
}

#[test]
fn sql_names_values_by_their_stored_names() {
    use umkm_graph::products::permits::PermitKind;
    assert_eq!(PermitKind::Halal.sql(), "'HALAL'");
    assert_eq!(PermitKind::sql_list(&[PermitKind::Pirt, PermitKind::BpomMd]), "('PIRT', 'BPOM_MD')");
}
