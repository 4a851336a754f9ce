//! What a workspace shows beside its forms, worked out here so that the desktop
//! app and the CLI agree: every finding, each step's status for the task list,
//! the risk bands to colour scores with, and the finance totals (exact decimals,
//! which a web page's floating point cannot add up safely).

use crate::model::{Agreement, PartnerId, RiskBands, Step};
use crate::validation::{self, Finding, Severity, StepStatus};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Overview {
    /// Every finding, in step order.
    pub findings: Vec<Finding>,
    /// The twelve steps in order, as the task list shows them.
    pub steps: Vec<StepOverview>,
    /// The bands risk scores fall into, lowest first.
    pub bands: Vec<BandInfo>,
    pub finance: FinanceTotals,
    pub errors: u32,
    pub warnings: u32,
    /// Once versions have been issued, the version label the draft's documents show
    /// ("0.4", "0.4 + changes"), which replaces the typed one; none before.
    pub version_from_review: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepOverview {
    pub step: Step,
    pub number: u32,
    pub title: String,
    pub status: StepStatus,
    /// "Not started", "In progress", "Complete" or "Has problems".
    pub status_label: String,
    pub errors: u32,
    pub warnings: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BandInfo {
    pub name: String,
    pub min_score: u8,
    pub max_score: u8,
    /// The colour the PDF uses, as `#rrggbb`.
    pub colour: String,
    /// 0 for the lowest band; the app colours by level.
    pub level: u32,
    /// At or above the band from which a mitigation is required.
    pub high: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FinanceTotals {
    /// Sum of all contributions in pounds, e.g. "31680000.00"; none if it overflows.
    pub total_gbp: Option<String>,
    /// One per contribution, in order: its share of the total as a percentage to
    /// one decimal place ("12.5"); none when the total is zero.
    pub contribution_shares: Vec<Option<String>>,
    /// Each partner's contributions added up, in partner order (partners with none left out).
    pub by_partner: Vec<PartnerTotal>,
    /// Sum of the risk-share percentages, e.g. "100".
    pub risk_share_total: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PartnerTotal {
    pub partner: PartnerId,
    pub amount_gbp: String,
    pub percent_of_total: Option<String>,
}

/// The overview of `agreement`, checked with `config` (the template's risk bands).
pub fn overview(agreement: &Agreement, config: &validation::Config) -> Overview {
    let findings = validation::validate(agreement, config);
    let steps = validation::step_statuses(agreement, &findings)
        .into_iter()
        .map(|(step, status)| step_overview(step, status, &findings))
        .collect();
    let (errors, warnings) = validation::counts(&findings);
    Overview {
        steps,
        bands: bands(config.bands()),
        finance: finance(agreement),
        errors: count(errors),
        warnings: count(warnings),
        findings,
        version_from_review: None,
    }
}

fn step_overview(step: Step, status: StepStatus, findings: &[Finding]) -> StepOverview {
    let of = |severity| {
        count(
            findings
                .iter()
                .filter(|f| f.step == step && f.severity == severity)
                .count(),
        )
    };
    StepOverview {
        step,
        number: count(step.number()),
        title: step.title().to_string(),
        status,
        status_label: status.label().to_string(),
        errors: of(Severity::Error),
        warnings: of(Severity::Warning),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn bands(bands: &RiskBands) -> Vec<BandInfo> {
    let mut sorted: Vec<_> = bands.bands.iter().collect();
    sorted.sort_by_key(|b| b.min_score);
    sorted
        .into_iter()
        .enumerate()
        .map(|(level, b)| BandInfo {
            name: b.name.clone(),
            min_score: b.min_score,
            max_score: b.max_score,
            colour: b.colour.clone(),
            level: count(level),
            high: bands.is_high(b.min_score),
        })
        .collect()
}

fn finance(a: &Agreement) -> FinanceTotals {
    let total = a.finance.total_contributions();
    let share = |amount: Decimal| -> Option<String> {
        let total = total.filter(|t| !t.is_zero())?;
        let percent = amount
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(total)?;
        Some(percent.round_dp(1).normalize().to_string())
    };
    let by_partner = a
        .partners
        .iter()
        .filter_map(|p| {
            let mine = a
                .finance
                .contributions
                .iter()
                .filter(|c| c.partner.as_ref() == Some(&p.id))
                .map(|c| c.amount_gbp);
            let mut sum = Decimal::ZERO;
            let mut any = false;
            for amount in mine {
                sum = sum.checked_add(amount)?;
                any = true;
            }
            any.then(|| PartnerTotal {
                partner: p.id.clone(),
                amount_gbp: sum.round_dp(2).to_string(),
                percent_of_total: share(sum),
            })
        })
        .collect();
    FinanceTotals {
        total_gbp: total.map(|t| t.round_dp(2).to_string()),
        contribution_shares: a
            .finance
            .contributions
            .iter()
            .map(|c| share(c.amount_gbp))
            .collect(),
        by_partner,
        risk_share_total: a
            .finance
            .total_risk_share()
            .map(|t| t.normalize().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contribution, Partner, RiskShare};
    use std::str::FromStr;

    fn money(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn finance_totals_are_exact_and_shares_add_up() {
        let mut a = Agreement::new("Money");
        for id in ["a", "b"] {
            a.partners.push(Partner {
                id: PartnerId::from(id),
                name: id.to_uppercase(),
                ..Partner::default()
            });
        }
        // 0.1 + 0.2 is not 0.3 in floating point; here it must be.
        for (p, amount) in [("a", "0.1"), ("b", "0.2"), ("a", "0.3")] {
            a.finance.contributions.push(Contribution {
                partner: Some(PartnerId::from(p)),
                amount_gbp: money(amount),
                description: String::new(),
            });
        }
        a.finance.risk_shares = vec![
            RiskShare {
                partner: Some(PartnerId::from("a")),
                percent: money("66.67"),
            },
            RiskShare {
                partner: Some(PartnerId::from("b")),
                percent: money("33.33"),
            },
        ];
        let f = finance(&a);
        assert_eq!(f.total_gbp.as_deref(), Some("0.6"));
        assert_eq!(
            f.contribution_shares,
            vec![Some("16.7".into()), Some("33.3".into()), Some("50".into())]
        );
        assert_eq!(f.by_partner.len(), 2);
        assert_eq!(f.by_partner[0].amount_gbp, "0.4");
        assert_eq!(f.by_partner[0].percent_of_total.as_deref(), Some("66.7"));
        assert_eq!(f.by_partner[1].percent_of_total.as_deref(), Some("33.3"));
        assert_eq!(f.risk_share_total.as_deref(), Some("100"));
    }

    #[test]
    fn no_shares_when_nothing_is_contributed() {
        let mut a = Agreement::new("Nothing");
        a.finance.contributions.push(Contribution::default());
        let f = finance(&a);
        assert_eq!(f.total_gbp.as_deref(), Some("0"));
        assert_eq!(f.contribution_shares, vec![None]);
    }

    #[test]
    fn steps_and_bands_follow_the_core() {
        let mut a = Agreement::new("New");
        let o = overview(&a, &validation::Config::default());
        assert_eq!(o.steps.len(), 12);
        assert_eq!(o.steps[0].title, "Agreement details");
        assert_eq!(o.steps[11].step, Step::SignOff);
        // A new agreement has a title and version; its missing dates are only warnings.
        assert_eq!(o.steps[0].status, StepStatus::InProgress);
        assert_eq!(o.steps[0].errors, 0);
        assert!(o.steps[0].warnings >= 1);
        assert_eq!(o.steps[1].status, StepStatus::NotStarted);
        // With something entered but no title it has a problem, counted against the step.
        a.details.title.clear();
        a.details.reference = "REF-1".into();
        let o = overview(&a, &validation::Config::default());
        assert_eq!(o.steps[0].status, StepStatus::HasProblems);
        assert_eq!(o.steps[0].errors, 1);
        let names: Vec<_> = o.bands.iter().map(|b| (b.name.as_str(), b.high)).collect();
        assert_eq!(
            names,
            [
                ("Low", false),
                ("Moderate", false),
                ("High", true),
                ("Extreme", true)
            ]
        );
        assert_eq!(o.errors as usize, validation::counts(&o.findings).0);
    }
}
