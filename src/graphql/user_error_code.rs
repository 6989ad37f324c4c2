//! `UserErrorCode`: every code a mutation's `userErrors` can carry. The wire values are the
//! variant names in SCREAMING_SNAKE_CASE and never change: clients compare them.

use async_graphql::Enum;

/// Why a mutation refused its input. Stable: a client may switch on it; the message beside
/// it is for a person and follows `Accept-Language`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserErrorCode {
    /// A required text is empty, blank, or only invisible characters.
    Required,
    /// A text is longer than allowed (names 150, addresses 300 characters).
    TooLong,
    /// A text contains control characters, bidirectional controls, or (in a one-line text)
    /// line or paragraph separators.
    InvalidText,
    /// The kelurahan code, or the id of a group, member, product, permit, listing, programme,
    /// allocation, event, lender, scheme or application in the input does not exist (or is
    /// not one the caller may see).
    NotFound,
    /// The NIB is not 13 digits.
    InvalidNib,
    /// A date (a group's founding, a permit's issue, an assessment, a listing's move, a
    /// delivery, a visit, attendance, a mentoring session) is after today.
    DateInFuture,
    /// The NIK is not 16 digits, or its region or serial part cannot exist.
    InvalidNik,
    /// The NIK's birth-date part (day + 40 for women) is not a real date.
    InvalidNikDate,
    /// The NIK's birth-date part says the other gender.
    NikGenderMismatch,
    /// The NIK is already registered for a member the caller may manage.
    DuplicateNik,
    /// The NIK cannot be registered here and the Dinas (ADMIN) must review it; an OFFICER gets
    /// this for a NIK held outside its kelurahan, so the answer tells neither whether nor where.
    NikNeedsReview,
    /// The group already has its CHAIR, SECRETARY or TREASURER.
    RoleTaken,
    /// The group has its maximum of 20 members.
    GroupFull,
    /// The group is dissolved and takes no new members.
    GroupDissolved,
    /// The phone number is not a well-formed Indonesian number.
    InvalidPhone,
    /// The barcode is not an EAN-13 with a valid check digit.
    InvalidBarcode,
    /// A product's monthly capacity is negative, or an event has fewer than one seat.
    InvalidCapacity,
    /// A product lists more than 40 market regions.
    TooMany,
    /// A PIRT number is not 15 digits.
    InvalidPirt,
    /// A BPOM number is not MD/ML and 12 or 15 digits, or its prefix does not match the kind.
    InvalidBpom,
    /// A halal or SNI certificate number is not 4 to 40 letters, digits, spaces, `-`, `/`, `.`.
    InvalidPermitNumber,
    /// The product already holds this permit.
    DuplicatePermit,
    /// An end comes before its start: a permit or assessment expiring before it is made, an
    /// event ending before it starts, a listing moving before it was proposed, a visit before
    /// the delivery.
    InvalidDateRange,
    /// The product is not ready for a retail listing; the message lists its gaps.
    NotRetailReady,
    /// The product is already proposed to or listed at that outlet.
    AlreadyProposed,
    /// A step outside a workflow: a listing's, an allocation delivered twice, a financing
    /// application's move.
    InvalidTransition,
    /// The aid's sector is neither the group's nor a skill of at least half of its members.
    SectorMismatch,
    /// Only an ADMIN may give an `overrideReason`.
    OverrideNotAllowed,
    /// An allocation would take its programme over budget, or a budget would fall below what
    /// is allocated.
    BudgetExceeded,
    /// An allocation does not have 1 to 50 items.
    InvalidItems,
    /// An item's quantity is below 1.
    InvalidQuantity,
    /// The items are worth 2^63 rupiah or more together.
    ValueTooLarge,
    /// A programme's year is outside 2000 to five years from now.
    InvalidYear,
    /// An allocation cannot be delivered without a mentor.
    MentorRequired,
    /// A monitoring visit to an allocation that has not been delivered.
    NotDelivered,
    /// The event's seats are all taken.
    EventFull,
    /// The member is registered for the event already.
    AlreadyRegistered,
    /// The event is over.
    EventOver,
    /// Attendance of a member who did not register for the event.
    NotRegistered,
    /// Attendance on a day that is not one of the event's.
    DayOutsideEvent,
    /// The member's attendance that day is recorded already.
    AlreadyRecorded,
    /// A lender's e-mail address is not well formed.
    InvalidEmail,
    /// Another lender, or another scheme of the same lender, has this name.
    DuplicateName,
    /// A scheme's smallest amount is below Rp1, or its largest below its smallest.
    InvalidRange,
    /// A yearly rate is not a percentage from 0 to 100 with at most two decimals.
    InvalidRate,
    /// A scheme's longest term is not 1 to 360 months.
    InvalidTenor,
    /// An application names neither a `groupId` nor a `memberId`.
    ApplicantRequired,
    /// An application names both a `groupId` and a `memberId`.
    TooManyApplicants,
    /// The scheme takes no new applications.
    SchemeInactive,
    /// A group applies to a scheme for members only.
    GroupsNotAccepted,
    /// An INACTIVE or DISSOLVED group applies.
    GroupNotActive,
    /// The applying group has no CHAIR (ketua), who applies on its behalf.
    NoChair,
    /// An amount requested or approved is outside the scheme's range (or an approval above the
    /// amount requested).
    AmountOutOfRange,
    /// The term asked for is longer than the scheme's.
    TenorOutOfRange,
    /// Approving without `amountApproved`.
    AmountApprovedRequired,
    /// `amountApproved` given to a move other than approval.
    AmountApprovedNotAllowed,
    /// A member to remove has an application of their own that can still move on.
    OpenFinancing,
    /// A LENDER mentoring session without its lender.
    LenderRequired,
    /// A mentoring session's provider kind and lender disagree.
    InvalidProvider,
    /// Import: the row repeats an earlier row of the same file (a NIK, a product, a barcode).
    DuplicateInFile,
    /// Import: a group (KUBE) would have fewer than 5 members.
    TooFewMembers,
    /// Import: a group's columns differ between its rows.
    InconsistentGroup,
    /// Import: the registry holds the row's record with other data (an import only adds).
    ConflictingRow,
    /// Import: an OFFICER's row for a kelurahan outside its own.
    OutsideKelurahan,
    /// Import: a cell is not one of the values its column takes (a sector, gender, role,
    /// date or number).
    InvalidValue,
    /// Import: the header lacks a required column.
    MissingColumn,
    /// Import: the file is not a readable CSV file.
    InvalidFile,
}
