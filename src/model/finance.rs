use super::PartnerId;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Step 8: money, pooled budget and financial risk share.
///
/// Amounts are exact decimals in pounds sterling, written as strings in the
/// exchange file ("1250000.00") so no value is ever rounded through a float;
/// a bare JSON number is refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    /// Sum of all contributions, in pounds; `None` if it is too large to hold.
    pub fn total_contributions(&self) -> Option<Decimal> {
        checked_sum(self.contributions.iter().map(|c| c.amount_gbp))
    }

    /// Sum of all risk-share percentages; `None` if it is too large to hold.
    pub fn total_risk_share(&self) -> Option<Decimal> {
        checked_sum(self.risk_shares.iter().map(|s| s.percent))
    }
}

fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |total, v| total.checked_add(v))
}

/// Decimals as strings of plain digits ("1250000.00", "-3", "42.5"): no number,
/// exponent, underscore or thousands separator, so what is read is exactly what was written.
mod decimal_string {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};
    use std::str::FromStr;

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let text = String::deserialize(d)?;
        let digits = text.strip_prefix('-').unwrap_or(&text);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
        let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !(plain(whole) && plain(fraction)) {
            return Err(D::Error::custom(format!(
                "\"{text}\" is not a plain decimal number: write digits with an optional minus sign and decimal point, such as \"1250000.00\""
            )));
        }
        Decimal::from_str(&text)
            .map_err(|e| D::Error::custom(format!("\"{text}\" cannot be held exactly: {e}")))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Contribution {
    pub partner: Option<PartnerId>,
    /// Pounds sterling, at most two decimal places.
    #[serde(with = "decimal_string")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub amount_gbp: Decimal,
    /// What the money is for, e.g. "Community equipment service, 2027/28".
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct RiskShare {
    pub partner: Option<PartnerId>,
    /// Share of over- or underspend, 0 to 100.
    #[serde(with = "decimal_string")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub percent: Decimal,
}
