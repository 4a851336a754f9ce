//! Validation: a pure function from an agreement to a list of findings.
//!
//! Each finding names its step, the field (as a path such as
//! `partners[2].signatory.name`), a stable code, and a plain-English message that
//! says how to fix it. Rules live in one file per group of steps.

mod clauses;
mod codes;
mod details;
mod finance;
mod glossary;
mod governance;
pub mod limits;
mod partners;
mod plan;
mod risks;
mod roles;
mod section75;
mod sign_off;
mod status;
mod wording;

pub use codes::FindingCode;
pub use status::{StepStatus, step_statuses};

use crate::model::{Agreement, PartnerId, RiskBands, RiskBandsError, Step};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Must be fixed before a final document can be produced.
    Error,
    /// Worth a look; does not block anything.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    pub severity: Severity,
    pub step: Step,
    /// The field concerned, e.g. `risks[4].owner`; empty when the step as a whole is concerned.
    pub path: String,
    pub code: FindingCode,
    pub message: String,
}

/// What validation needs besides the agreement. Built only from checked parts,
/// so a rule never meets bands with gaps (default: the NHS 5×5 bands).
#[derive(Debug, Clone, Default)]
pub struct Config {
    bands: RiskBands,
}

impl Config {
    /// A configuration with the template's risk bands, refused if they leave gaps or overlap.
    pub fn new(bands: RiskBands) -> Result<Config, RiskBandsError> {
        bands.check()?;
        Ok(Config { bands })
    }

    pub fn bands(&self) -> &RiskBands {
        &self.bands
    }
}

/// Checks an agreement and returns every finding, in step order.
pub fn validate(agreement: &Agreement, config: &Config) -> Vec<Finding> {
    let mut ctx = Ctx {
        agreement,
        config,
        findings: Vec::new(),
    };
    details::check(&mut ctx);
    partners::check(&mut ctx);
    plan::check(&mut ctx);
    roles::check(&mut ctx);
    governance::check(&mut ctx);
    finance::check(&mut ctx);
    risks::check(&mut ctx);
    clauses::check(&mut ctx);
    glossary::check(&mut ctx);
    sign_off::check(&mut ctx);
    section75::check(&mut ctx);
    ctx.findings.extend(limits::check(agreement));
    // Stable sort: step order first, rule order within a step.
    ctx.findings.sort_by_key(|f| f.step);
    ctx.findings
}

/// Findings that stop a final (non-draft) document: every error from [`validate`],
/// plus one for each partner that has not approved the current version.
pub fn final_blockers(agreement: &Agreement, config: &Config) -> Vec<Finding> {
    let mut blockers: Vec<Finding> = validate(agreement, config)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    blockers.extend(sign_off::approvals_missing(agreement));
    blockers
}

/// Counts of errors and warnings.
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}

/// Shared state of one validation run, with helpers the rule files use.
struct Ctx<'a> {
    agreement: &'a Agreement,
    config: &'a Config,
    findings: Vec<Finding>,
}

impl Ctx<'_> {
    fn error(&mut self, step: Step, path: impl Into<String>, code: FindingCode, message: String) {
        self.push(Severity::Error, step, path.into(), code, message);
    }

    fn warning(&mut self, step: Step, path: impl Into<String>, code: FindingCode, message: String) {
        self.push(Severity::Warning, step, path.into(), code, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        step: Step,
        path: String,
        code: FindingCode,
        message: String,
    ) {
        self.findings.push(Finding {
            severity,
            step,
            path,
            code,
            message,
        });
    }

    /// Reports a reference to a partner that does not exist. Returns whether the reference is good.
    fn check_partner_ref(&mut self, step: Step, path: &str, id: &PartnerId, what: &str) -> bool {
        if self.agreement.partner(id).is_some() {
            return true;
        }
        self.error(
            step,
            path,
            FindingCode::UnknownPartner,
            format!(
                "{what} refers to a partner (id \"{id}\") that is not in the partner list, perhaps because it was removed. Choose one of the current partners."
            ),
        );
        false
    }

    /// A partner's name for messages, falling back to its position.
    fn partner_name(&self, id: &PartnerId) -> String {
        match self.agreement.partner(id) {
            Some(p) if !p.name.trim().is_empty() => p.name.trim().to_string(),
            _ => format!("partner \"{id}\""),
        }
    }
}

/// Whether a text field is effectively empty.
fn blank(s: &str) -> bool {
    s.trim().is_empty()
}
