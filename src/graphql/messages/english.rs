//! The English messages of the catalogue.

use super::{Problem, Thing};

fn thing(thing: Thing) -> &'static str {
    match thing {
        Thing::Group => "business group",
        Thing::Member => "member",
        Thing::Product => "product",
        Thing::Listing => "listing",
        Thing::AidProgram => "aid programme",
        Thing::Allocation => "allocation",
        Thing::Event => "event",
        Thing::Lender => "lender",
        Thing::Scheme => "financing scheme",
        Thing::Application => "financing application",
    }
}

pub(super) fn message(problem: &Problem) -> String {
    use Problem::*;
    let text = match problem {
        Invalid(invalid) => return invalid.to_string(),
        NotFound { thing: what, id } => return format!("no {} has the id {id:?}", thing(*what)),
        NoKelurahan { code } => return format!("no kelurahan of Palu has the code {code:?}"),
        GroupFoundedInFuture => "a group cannot be founded in the future",
        NikGenderMismatch => "the NIK's date part says the other gender (women have 40 added to the day of birth)",
        DuplicateNik => "this NIK is already registered for a member",
        NikNeedsReview => "this NIK cannot be registered here; the Dinas Koperasi dan UMKM (ADMIN) must review it",
        RoleTaken { role } => {
            return format!("the group already has a {role}; a group has one CHAIR, one SECRETARY and one TREASURER");
        }
        OfficeTaken => "the group already has a member in this office",
        GroupDissolved => "the group is dissolved and takes no new members",
        GroupFull { max } => return format!("a group has at most {max} members (KUBE)"),
        OpenFinancing => "the member has a financing application that can still move on; withdraw or close it first",
        NegativeCapacity => "the monthly capacity cannot be negative",
        TooManyRegions { max } => return format!("at most {max} market regions"),
        InvalidCertificateNumber => "a certificate number has 4 to 40 letters, digits, spaces, '-', '/' or '.'",
        NotRetailReady { gaps } => {
            let list: Vec<String> = gaps.iter().map(|gap| format!("{}: {}", gap.code, gap.english)).collect();
            return format!("the product is not ready for a retail listing; {}", list.join("; "));
        }
        PermitExpiresBeforeIssued => "a permit cannot expire before it is issued",
        PermitIssuedInFuture => "a permit cannot be issued in the future",
        DuplicatePermit => "the product already holds this permit",
        NoSuchPermit => "the product holds no such permit",
        AssessmentInFuture => "an assessment cannot be dated in the future",
        AssessmentExpiresBeforeMade => "an assessment cannot expire before it is made",
        AlreadyProposed => "the product is already proposed to or listed at this outlet",
        ListingStep { from, to } => {
            return format!(
                "a {from} listing cannot become {to}; the steps are PROPOSED → LISTED → DELISTED, or PROPOSED → DELISTED"
            );
        }
        ListingMoveInFuture => "a listing cannot move on a future day",
        ListingMoveBeforeProposed => "a listing cannot move before it was proposed",
        InvalidYear { first, last } => return format!("the year must be between {first} and {last}"),
        InvalidItems { max } => return format!("an allocation has 1 to {max} items"),
        InvalidQuantity { name } => return format!("the quantity of {name:?} must be at least 1"),
        ValueTooLarge => "the items' value is too large",
        BudgetBelowAllocated => "the budget cannot go below what is already allocated",
        OverrideNotAllowed => "only Dinas staff (ADMIN) may override the sector guard",
        SectorMismatch { sector, group_sector, members, skills } => {
            let skills: Vec<String> = skills.iter().map(|(skill, n)| format!("{skill} ({n})")).collect();
            let skills = if skills.is_empty() { "none recorded".to_string() } else { skills.join(", ") };
            return format!(
                "{sector} fits neither the group's sector ({group_sector}) nor the skills of at least half of its \
                 {members} members (skills: {skills})"
            );
        }
        BudgetExceeded { value, left, budget } => {
            return format!("the items are worth Rp{value}, but only Rp{left} of the budget of Rp{budget} is left");
        }
        DeliveryInFuture => "a delivery cannot be recorded for a future day",
        AllocationNotPlanned { status } => return format!("the allocation is {status} already"),
        MentorRequired => "assign a mentor before delivery: aid without accompaniment ends up unused or sold",
        NotDelivered => "the allocation has not been delivered yet",
        VisitInFuture => "a visit cannot be recorded for a future day",
        VisitBeforeDelivery => "a visit cannot come before the delivery",
        EventEndsBeforeStart => "an event cannot end before it starts",
        NoSeats => "an event has at least one seat",
        EventOver => "the event is over",
        AlreadyRegistered => "the member is registered already",
        EventFull { capacity } => return format!("all {capacity} seats are taken"),
        DayOutsideEvent => "the day is not a day of the event",
        AttendanceInFuture => "attendance cannot be recorded ahead",
        NotRegistered => "the member is not registered for the event",
        AlreadyRecorded => "the member's presence that day is recorded already",
        LenderRecordsOwnSessions => "a lender's token records the lender's own sessions (providerKind LENDER)",
        LenderRequired => "name the lender that gave a LENDER session",
        LenderOnlyForLenderSession => "a lender is named only for a session a lender gave (providerKind LENDER)",
        SessionInFuture => "a session is recorded once it was held",
        InvalidEmail => "not a well-formed e-mail address",
        InvalidRate => "the yearly rate is a percentage from 0 to 100 with at most two decimals",
        InvalidTenor { max } => return format!("the longest term is 1 to {max} months"),
        MinAmountTooSmall => "the smallest amount must be at least Rp1",
        MaxBelowMin => "the largest amount must not be below the smallest",
        DuplicateLenderName => "a lender of this name exists already",
        DuplicateSchemeName => "a scheme of this lender of this name exists already",
        ApplicantRequired => "give the applicant: a groupId or a memberId",
        TooManyApplicants => "an application has one applicant: give a groupId or a memberId, not both",
        SchemeInactive => "the scheme takes no new applications",
        GroupsNotAccepted => "the scheme lends to members only; a member may apply on their own",
        GroupNotActive => "only an ACTIVE group may apply",
        AmountOutOfRange { min, max } => return format!("the scheme lends from Rp{min} to Rp{max}"),
        TenorOutOfRange { max } => return format!("the scheme lends for 1 to {max} months"),
        NoChair => "the group has no CHAIR (ketua), who applies on its behalf",
        ClosedApplication { from } => return format!("an application that is {from} is closed and moves no more"),
        ApplicationStep { from, next, to } => {
            return format!("an application that is {from} can move to {} only, not to {to}", next.join(" or "));
        }
        AmountApprovedRequired => "give the amount approved to approve an application",
        AmountApprovedOutOfRange { requested, min, max } => {
            return format!(
                "the amount approved must be at most the Rp{requested} requested and inside the scheme's range, \
                 Rp{min} to Rp{max}"
            );
        }
        AmountApprovedNotAllowed => "an amount approved is given only to approve",
        DuplicateInFile { first_row } => return format!("the same as row {first_row} of the file"),
        TooFewMembers { min, count } => {
            return format!("a group (KUBE) has at least {min} members; this one would have {count}");
        }
        InconsistentGroup { first_row } => {
            return format!("this group's columns differ from row {first_row}, where the group first appears");
        }
        ConflictingRow => {
            "the registry holds this record with other data; an import only adds, so correct it with the \
             update mutations"
        }
        OutsideKelurahan => "the row belongs to a kelurahan outside the token's own",
        InvalidValue { expected } => return format!("expected {expected}"),
        NoGroup => "no business group matches the row's registration number, or kelurahan code and group name",
        MissingColumn { column } => return format!("the header has no column {column:?}"),
        InvalidFile { detail } => return format!("the file is not a readable CSV file: {detail}"),
    };
    text.to_string()
}
