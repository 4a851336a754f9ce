use super::PartnerId;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 8: money, pooled budget and financial risk share.
///
/// Amounts are exact decimals in pounds sterling, written as strings in the
/// exchange file ("1250000.00") so no value is ever rounded through a float.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Finance {
    /// Whether any money changes hands under the agreement.
    pub money_involved: bool,
    pub contributions: Vec<Contribution>,
    /// Whether contributions are pooled into one budget.
    pub pooled_budget: bool,
    /// The partner that hosts the pooled budget.
    pub pooled_budget_host: Option<PartnerId>,
    /// How overspends and underspends of the pooled budget are shared.
    pub risk_shares: Vec<RiskShare>,
    pub overspend_arrangements: String,
    pub underspend_arrangements: String,
    pub incentives: String,
}

impl Finance {
    /// Sum of all contributions, in pounds.
    pub fn total_contributions(&self) -> Decimal {
        self.contributions.iter().map(|c| c.amount_gbp).sum()
    }

    /// Sum of all risk-share percentages.
    pub fn total_risk_share(&self) -> Decimal {
        self.risk_shares.iter().map(|s| s.percent).sum()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Contribution {
    pub partner: Option<PartnerId>,
    /// Pounds sterling, at most two decimal places.
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub amount_gbp: Decimal,
    /// What the money is for, e.g. "Community equipment service, 2027/28".
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RiskShare {
    pub partner: Option<PartnerId>,
    /// Share of over- or underspend, 0 to 100.
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub percent: Decimal,
}
