//! Each step's status, as the task list shows it (the NHS and GOV.UK pattern):
//! not started, in progress, complete, or has problems.

use super::{Finding, Severity};
use crate::model::{Agreement, Step};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Nothing has been entered for the step yet.
    NotStarted,
    /// Something is entered and nothing is wrong, but something recommended is missing.
    InProgress,
    /// Everything the checks look for is there.
    Complete,
    /// At least one error in the step.
    HasProblems,
}

impl StepStatus {
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::NotStarted => "Not started",
            StepStatus::InProgress => "In progress",
            StepStatus::Complete => "Complete",
            StepStatus::HasProblems => "Has problems",
        }
    }
}

/// The status of every step, in order, from the agreement and its findings.
pub fn step_statuses(agreement: &Agreement, findings: &[Finding]) -> Vec<(Step, StepStatus)> {
    Step::ALL
        .iter()
        .map(|&step| {
            let mine = findings.iter().filter(|f| f.step == step);
            let status =
                if mine.clone().any(|f| f.severity == Severity::Error) && !empty(agreement, step) {
                    StepStatus::HasProblems
                } else if empty(agreement, step) {
                    StepStatus::NotStarted
                } else if mine.count() > 0 || (step == Step::SignOff && !all_approved(agreement)) {
                    // Sign-off is finished only when every partner approved this version.
                    StepStatus::InProgress
                } else {
                    StepStatus::Complete
                };
            (step, status)
        })
        .collect()
}

fn all_approved(a: &Agreement) -> bool {
    super::sign_off::approvals_missing(a).is_empty()
}

/// Whether the user has entered anything for a step. Defaults a new agreement
/// starts with (its version label, template and clause library) do not count.
fn empty(a: &Agreement, step: Step) -> bool {
    let blank = |s: &str| s.trim().is_empty();
    match step {
        Step::Details => {
            let d = &a.details;
            blank(&d.title)
                && blank(&d.reference)
                && blank(&d.partnership_name)
                && d.start_date.is_none()
        }
        Step::Partners => a.partners.is_empty(),
        Step::Vision => {
            let v = &a.vision;
            blank(&v.background) && blank(&v.vision_statement) && blank(&v.population)
        }
        Step::Objectives => a.objectives.is_empty(),
        Step::Principles => {
            let p = &a.principles;
            p.values.is_empty()
                && p.behaviours_expected.is_empty()
                && p.behaviours_avoided.is_empty()
        }
        Step::Roles => a.roles.responsibilities.is_empty() && a.roles.raci.is_empty(),
        Step::Governance => {
            let g = &a.governance;
            blank(&g.board_name)
                && blank(&g.chair)
                && blank(&g.purpose)
                && g.membership.is_empty()
                && g.escalation_levels.is_empty()
        }
        Step::Finance => {
            let f = &a.finance;
            !f.money_involved
                && !f.pooled_budget
                && f.contributions.is_empty()
                && f.risk_shares.is_empty()
        }
        Step::Risks => a.risks.is_empty(),
        Step::Clauses => a.clauses.is_empty(),
        Step::Glossary => a.glossary.is_empty(),
        Step::SignOff => a.sign_off.reviews.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::{Config, validate};

    fn statuses(a: &Agreement) -> Vec<StepStatus> {
        step_statuses(a, &validate(a, &Config::default()))
            .into_iter()
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn a_new_agreement_is_not_started_except_its_title_and_clause_library() {
        let s = statuses(&Agreement::new("Frailty pathway MoU"));
        assert_eq!(s[0], StepStatus::InProgress, "a title but no dates yet");
        assert_eq!(
            s[1],
            StepStatus::NotStarted,
            "no partners: not started, not 'has problems'"
        );
        assert_eq!(s[8], StepStatus::NotStarted);
        assert_eq!(s[9], StepStatus::Complete, "the standard clauses are on");
    }

    #[test]
    fn sign_off_is_complete_only_when_every_partner_approved_this_version() {
        let mut a = Agreement::new("x");
        a.partners.push(crate::model::Partner {
            id: "icb".into(),
            name: "ICB".into(),
            ..Default::default()
        });
        a.sign_off.reviews.push(crate::model::PartnerReview {
            partner: "icb".into(),
            reviewed_version: a.details.version.clone(),
            status: crate::model::ReviewStatus::Pending,
            ..Default::default()
        });
        assert_eq!(statuses(&a)[11], StepStatus::InProgress);
        a.sign_off.reviews[0].status = crate::model::ReviewStatus::Approved;
        assert_eq!(statuses(&a)[11], StepStatus::Complete);
    }

    #[test]
    fn an_error_shows_as_problems_and_fixing_it_completes_the_step() {
        let mut a = Agreement::new("x");
        a.glossary.push(crate::model::GlossaryTerm {
            term: "ICB".into(),
            meaning: String::new(),
        });
        assert_eq!(statuses(&a)[10], StepStatus::HasProblems);
        a.glossary[0].meaning = "Integrated Care Board".into();
        assert_eq!(statuses(&a)[10], StepStatus::Complete);
    }
}
