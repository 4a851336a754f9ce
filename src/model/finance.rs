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
    /// What partners give besides money: staff, goods, services, accommodation.
    pub in_kind: Vec<InKind>,
    /// Who manages the pooled fund for the host, e.g. "Director of Finance, Hollinsmoor Metropolitan Borough Council".
    pub pool_manager: String,
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

/// A contribution in kind: what a partner provides other than money.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct InKind {
    pub partner: Option<PartnerId>,
    /// Staff, goods, services or accommodation; not yet chosen while new.
    pub kind: Option<InKindKind>,
    /// What exactly, e.g. "Two occupational therapists (2.0 WTE), employed by the trust".
    pub description: String,
    /// Its value in pounds a year, if the partners put one on it.
    #[serde(with = "optional_decimal_string")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    #[schemars(with = "Option<String>", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub value_gbp: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InKindKind {
    Staff,
    Goods,
    Services,
    Accommodation,
}

impl InKindKind {
    pub fn label(self) -> &'static str {
        match self {
            InKindKind::Staff => "Staff",
            InKindKind::Goods => "Goods",
            InKindKind::Services => "Services",
            InKindKind::Accommodation => "Accommodation",
        }
    }
}

/// An optional amount as decimal_string writes one, or null.
mod optional_decimal_string {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::decimal_string::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super::decimal_string")] Decimal);
        Ok(Option::<Wrapped>::deserialize(d)?.map(|Wrapped(d)| d))
    }
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
