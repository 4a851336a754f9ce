//! Step 7: the board, its membership and how decisions are made.

use super::wording::numbered;
use super::{Ctx, FindingCode as C, blank};
use crate::model::Step;

pub(super) fn check(ctx: &mut Ctx) {
    let s = Step::Governance;
    let a = ctx.agreement;
    let g = &a.governance;
    let required = [
        (
            &g.board_name,
            "governance.board_name",
            C::BoardNameMissing,
            "The partnership board has no name. Name the group that oversees the agreement.",
        ),
        (
            &g.chair,
            "governance.chair",
            C::ChairMissing,
            "No chair is named. Say who chairs the board (a role is enough, e.g. \"ICB Director of Place\").",
        ),
        (
            &g.meeting_frequency,
            "governance.meeting_frequency",
            C::MeetingFrequencyMissing,
            "The meeting frequency is not set. Say how often the board meets, e.g. \"Monthly\".",
        ),
        (
            &g.quorum,
            "governance.quorum",
            C::QuorumMissing,
            "No quorum is set. Say how many members, and from which partners, must attend for decisions to count.",
        ),
        (
            &g.decision_making,
            "governance.decision_making",
            C::DecisionMakingMissing,
            "The decision-making process is not described. Say how decisions are made (by consensus, by vote, under delegated authority).",
        ),
    ];
    for (value, path, code, message) in required {
        if blank(value) {
            ctx.warning(s, path, code, message.into());
        }
    }
    if g.escalation_levels.is_empty() {
        ctx.warning(s, "governance.escalation_levels", C::EscalationMissing,
            "There is no escalation route. List who deals with a disagreement first, and who next if it is not resolved.".into());
    }
    for (i, level) in g.escalation_levels.iter().enumerate() {
        if blank(&level.who) {
            ctx.error(s, format!("governance.escalation_levels[{i}].who"), C::EscalationWhoMissing, format!(
                "Escalation level {} does not say who deals with the matter. Fill it in or remove the level.", i + 1));
        }
    }
    for (i, m) in g.membership.iter().enumerate() {
        let path = format!("governance.membership[{i}]");
        if blank(&m.role) {
            ctx.error(s, format!("{path}.role"), C::MemberRoleMissing, format!(
                "Board member {} has no role. Enter the member's role, e.g. \"Director of Finance\".", i + 1));
        }
        if let Some(id) = &m.partner {
            ctx.check_partner_ref(
                s,
                &format!("{path}.partner"),
                id,
                &format!("Board member {}", i + 1),
            );
        }
    }
    if !g.membership.is_empty() {
        for (i, p) in a.partners.iter().enumerate() {
            if !g
                .membership
                .iter()
                .any(|m| m.partner.as_ref() == Some(&p.id))
            {
                ctx.warning(s, "governance.membership", C::PartnerNotOnBoard, format!(
                    "{} has no member on the board. Every partner usually has a seat; add one or say in the purpose why not.", numbered("Partner", i, &p.name)));
            }
        }
    }
}
