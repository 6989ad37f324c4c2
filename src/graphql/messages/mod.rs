//! The catalogue of the problems a mutation reports in `userErrors`: each [`Problem`] has its
//! code ([`Problem::code`]) and its message in English ([`english`]) and Indonesian
//! ([`indonesian`]), each an exhaustive match, so a problem without a code or a translation
//! does not compile. Parameters are values the caller already knows or the rules' bounds;
//! no message repeats personal data.

mod english;
mod indonesian;

use crate::graphql::language::Text;
use crate::graphql::user_error_code::UserErrorCode;
use crate::validate::Invalid;

/// What a thing that an input names by id is, for NOT_FOUND.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    Group,
    Member,
    Product,
    Listing,
    AidProgram,
    Allocation,
    Event,
    Lender,
    Scheme,
    Application,
}

/// A problem with a mutation's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A validator's refusal.
    Invalid(Invalid),
    NotFound {
        thing: Thing,
        id: String,
    },
    NoKelurahan {
        code: String,
    },
    GroupFoundedInFuture,
    // Members.
    NikGenderMismatch,
    DuplicateNik,
    NikNeedsReview,
    RoleTaken {
        role: &'static str,
    },
    OfficeTaken,
    GroupDissolved,
    GroupFull {
        max: i64,
    },
    OpenFinancing,
    // Products.
    NegativeCapacity,
    TooManyRegions {
        max: usize,
    },
    InvalidCertificateNumber,
    NotRetailReady {
        gaps: Vec<GapAdvice>,
    },
    PermitExpiresBeforeIssued,
    PermitIssuedInFuture,
    DuplicatePermit,
    NoSuchPermit,
    AssessmentInFuture,
    AssessmentExpiresBeforeMade,
    AlreadyProposed,
    ListingStep {
        from: &'static str,
        to: &'static str,
    },
    ListingMoveInFuture,
    ListingMoveBeforeProposed,
    // Aid.
    InvalidYear {
        first: i32,
        last: i32,
    },
    InvalidItems {
        max: usize,
    },
    InvalidQuantity {
        name: String,
    },
    ValueTooLarge,
    BudgetBelowAllocated,
    OverrideNotAllowed,
    SectorMismatch {
        sector: &'static str,
        group_sector: &'static str,
        members: i64,
        skills: Vec<(&'static str, i64)>,
    },
    BudgetExceeded {
        value: i64,
        left: i128,
        budget: i64,
    },
    DeliveryInFuture,
    AllocationNotPlanned {
        status: &'static str,
    },
    MentorRequired,
    NotDelivered,
    VisitInFuture,
    VisitBeforeDelivery,
    // Events.
    EventEndsBeforeStart,
    NoSeats,
    EventOver,
    AlreadyRegistered,
    EventFull {
        capacity: i32,
    },
    DayOutsideEvent,
    AttendanceInFuture,
    NotRegistered,
    AlreadyRecorded,
    // Mentoring.
    LenderRecordsOwnSessions,
    LenderRequired,
    LenderOnlyForLenderSession,
    SessionInFuture,
    // Lenders and schemes.
    InvalidEmail,
    InvalidRate,
    InvalidTenor {
        max: i32,
    },
    MinAmountTooSmall,
    MaxBelowMin,
    DuplicateLenderName,
    DuplicateSchemeName,
    // Financing applications.
    ApplicantRequired,
    TooManyApplicants,
    SchemeInactive,
    GroupsNotAccepted,
    GroupNotActive,
    AmountOutOfRange {
        min: i64,
        max: i64,
    },
    TenorOutOfRange {
        max: i32,
    },
    NoChair,
    ClosedApplication {
        from: &'static str,
    },
    ApplicationStep {
        from: &'static str,
        next: Vec<&'static str>,
        to: &'static str,
    },
    AmountApprovedRequired,
    AmountApprovedOutOfRange {
        requested: i64,
        min: i64,
        max: i64,
    },
    AmountApprovedNotAllowed,
    // Imports of spreadsheets.
    DuplicateInFile {
        first_row: usize,
    },
    TooFewMembers {
        min: i64,
        count: usize,
    },
    InconsistentGroup {
        first_row: usize,
    },
    ConflictingRow,
    OutsideKelurahan,
    InvalidValue {
        expected: &'static str,
    },
    NoGroup,
    MissingColumn {
        column: &'static str,
    },
    InvalidFile {
        detail: String,
    },
}

impl Problem {
    /// The stable code of the problem.
    pub fn code(&self) -> UserErrorCode {
        use Problem::*;
        use UserErrorCode as C;
        match self {
            Invalid(invalid) => invalid.code(),
            NotFound { .. } | NoKelurahan { .. } | NoSuchPermit => C::NotFound,
            GroupFoundedInFuture | PermitIssuedInFuture | AssessmentInFuture | ListingMoveInFuture
            | DeliveryInFuture | VisitInFuture | AttendanceInFuture | SessionInFuture => C::DateInFuture,
            NikGenderMismatch => C::NikGenderMismatch,
            DuplicateNik => C::DuplicateNik,
            NikNeedsReview => C::NikNeedsReview,
            RoleTaken { .. } | OfficeTaken => C::RoleTaken,
            GroupDissolved => C::GroupDissolved,
            GroupFull { .. } => C::GroupFull,
            OpenFinancing => C::OpenFinancing,
            NegativeCapacity | NoSeats => C::InvalidCapacity,
            TooManyRegions { .. } => C::TooMany,
            InvalidCertificateNumber => C::InvalidPermitNumber,
            NotRetailReady { .. } => C::NotRetailReady,
            PermitExpiresBeforeIssued
            | AssessmentExpiresBeforeMade
            | ListingMoveBeforeProposed
            | VisitBeforeDelivery
            | EventEndsBeforeStart => C::InvalidDateRange,
            DuplicatePermit => C::DuplicatePermit,
            AlreadyProposed => C::AlreadyProposed,
            ListingStep { .. } | AllocationNotPlanned { .. } | ClosedApplication { .. } | ApplicationStep { .. } => {
                C::InvalidTransition
            }
            InvalidYear { .. } => C::InvalidYear,
            InvalidItems { .. } => C::InvalidItems,
            InvalidQuantity { .. } => C::InvalidQuantity,
            ValueTooLarge => C::ValueTooLarge,
            BudgetBelowAllocated | BudgetExceeded { .. } => C::BudgetExceeded,
            OverrideNotAllowed => C::OverrideNotAllowed,
            SectorMismatch { .. } => C::SectorMismatch,
            MentorRequired => C::MentorRequired,
            NotDelivered => C::NotDelivered,
            EventOver => C::EventOver,
            AlreadyRegistered => C::AlreadyRegistered,
            EventFull { .. } => C::EventFull,
            DayOutsideEvent => C::DayOutsideEvent,
            NotRegistered => C::NotRegistered,
            AlreadyRecorded => C::AlreadyRecorded,
            LenderRecordsOwnSessions | LenderOnlyForLenderSession => C::InvalidProvider,
            LenderRequired => C::LenderRequired,
            InvalidEmail => C::InvalidEmail,
            InvalidRate => C::InvalidRate,
            InvalidTenor { .. } => C::InvalidTenor,
            MinAmountTooSmall | MaxBelowMin => C::InvalidRange,
            DuplicateLenderName | DuplicateSchemeName => C::DuplicateName,
            ApplicantRequired => C::ApplicantRequired,
            TooManyApplicants => C::TooManyApplicants,
            SchemeInactive => C::SchemeInactive,
            GroupsNotAccepted => C::GroupsNotAccepted,
            GroupNotActive => C::GroupNotActive,
            AmountOutOfRange { .. } | AmountApprovedOutOfRange { .. } => C::AmountOutOfRange,
            TenorOutOfRange { .. } => C::TenorOutOfRange,
            NoChair => C::NoChair,
            AmountApprovedRequired => C::AmountApprovedRequired,
            AmountApprovedNotAllowed => C::AmountApprovedNotAllowed,
            DuplicateInFile { .. } => C::DuplicateInFile,
            TooFewMembers { .. } => C::TooFewMembers,
            InconsistentGroup { .. } => C::InconsistentGroup,
            ConflictingRow => C::ConflictingRow,
            OutsideKelurahan => C::OutsideKelurahan,
            InvalidValue { .. } => C::InvalidValue,
            NoGroup => C::NotFound,
            MissingColumn { .. } => C::MissingColumn,
            InvalidFile { .. } => C::InvalidFile,
        }
    }

    /// The message, in both languages.
    pub fn text(&self) -> Text {
        Text::new(english::message(self), indonesian::message(self))
    }
}

/// A readiness gap as a message names it: its code (the GraphQL value) and what to do about
/// it in each language (made by the products domain, which defines the gaps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapAdvice {
    pub code: &'static str,
    pub english: &'static str,
    pub indonesian: &'static str,
}
