//! Step 1: agreement details and the term of the agreement.

use super::wording::date;
use super::{Ctx, FindingCode as C, blank};
use crate::model::Step;

pub(super) fn check(ctx: &mut Ctx) {
    let d = &ctx.agreement.details;
    let s = Step::Details;
    if blank(&d.title) {
        ctx.error(s, "details.title", C::TitleMissing,
            "The agreement has no title. Give it a title such as \"Memorandum of Understanding: Riverside Integrated Care Partnership\"; it appears on the cover and on every page.".into());
    }
    if blank(&d.partnership_name) {
        ctx.warning(s, "details.partnership_name", C::PartnershipNameMissing,
            "The partnership has no name. Add the name the partners use for it, so the document can refer to it.".into());
    }
    if blank(&d.version) {
        ctx.warning(s, "details.version", C::VersionMissing,
            "The agreement has no version label. Add one (for example \"0.1\") so partners know which version they are reading.".into());
    }
    if d.start_date.is_none() {
        ctx.warning(
            s,
            "details.start_date",
            C::StartDateMissing,
            "The start date is not set. Add the date the agreement takes effect.".into(),
        );
    }
    if d.review_date.is_none() {
        ctx.warning(s, "details.review_date", C::ReviewDateMissing,
            "The review date is not set. Add the date by which the partners will review the agreement (usually within a year of the start).".into());
    }
    if let (Some(start), Some(end)) = (d.start_date, d.end_date)
        && end <= start
    {
        ctx.error(
            s,
            "details.end_date",
            C::EndBeforeStart,
            format!(
                "The end date ({}) is not after the start date ({}). Correct one of the two dates.",
                date(end),
                date(start)
            ),
        );
    }
    extension(ctx);
    let Some(review) = d.review_date else { return };
    if let Some(start) = d.start_date.filter(|start| review <= *start) {
        ctx.error(s, "details.review_date", C::ReviewBeforeStart, format!(
            "The review date ({}) is not after the start date ({}). Set a review date after the agreement starts.", date(review), date(start)));
    } else if let Some(end) = d
        .end_date
        .filter(|end| review > *end && d.start_date.is_none_or(|st| *end > st))
    {
        ctx.warning(s, "details.review_date", C::ReviewAfterEnd, format!(
            "The review date ({}) is after the end date ({}), so the review would never happen. Bring the review date forward or extend the end date.", date(review), date(end)));
    }
}

/// Options to extend the term: they extend an end date, by a length.
fn extension(ctx: &mut Ctx) {
    let d = &ctx.agreement.details;
    let s = Step::Details;
    let x = &d.extension;
    if x.times == 0 {
        return;
    }
    if d.end_date.is_none() {
        ctx.error(s, "details.extension.times", C::ExtensionWithoutEnd,
            "The agreement may be extended, but it has no end date to extend. Give the end date, or set the number of extensions to none.".into());
    }
    if x.months == 0 {
        ctx.error(s, "details.extension.months", C::ExtensionLengthMissing, format!(
            "The agreement may be extended {}, but not by how long. Say by how many months each extension runs.",
            if x.times == 1 { "once".to_string() } else { format!("{} times", x.times) }));
    }
}
