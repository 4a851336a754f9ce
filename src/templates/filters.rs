//! Filters the program adds to Tera, for wording that must be consistent across
//! templates: money, dates, partner names and risk bands.

use crate::model::RiskBands;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use tera::{Result, Value, to_value};

/// "£1,250,000" for whole pounds, "£1,250,000.50" otherwise; accepts a decimal string or a number.
pub fn money(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => {
            return Err(
                format!("money expects an amount such as \"1250000.00\", not {other}").into(),
            );
        }
    };
    let amount = Decimal::from_str(text.trim())
        .map_err(|_| format!("money cannot read \"{text}\" as an amount"))?;
    Ok(to_value(format_money(amount))?)
}

pub fn format_money(amount: Decimal) -> String {
    let negative = amount.is_sign_negative() && !amount.is_zero();
    let amount = amount.abs().round_dp(2);
    let whole = amount.trunc();
    let pence = ((amount - whole) * Decimal::ONE_HUNDRED).trunc();
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if negative { "−" } else { "" };
    if pence.is_zero() {
        format!("{sign}£{grouped}")
    } else {
        format!("{sign}£{grouped}.{pence:0>2}")
    }
}

/// "2027-04-01" → "1 April 2027"; an empty value gives "not set".
pub fn long_date(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value {
        Value::Null => Ok(to_value("not set")?),
        Value::String(s) if s.trim().is_empty() => Ok(to_value("not set")?),
        Value::String(s) => {
            let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                format!("long_date expects a date such as \"2027-04-01\", not \"{s}\"")
            })?;
            Ok(to_value(d.format("%-d %B %Y").to_string())?)
        }
        other => {
            Err(format!("long_date expects a date such as \"2027-04-01\", not {other}").into())
        }
    }
}

/// "2027-09-30" → "30 Sep 2027", for narrow table columns.
pub fn short_date(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value {
        Value::String(s) if !s.trim().is_empty() => {
            let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                format!("short_date expects a date such as \"2027-04-01\", not \"{s}\"")
            })?;
            Ok(to_value(d.format("%-d %b %Y").to_string())?)
        }
        Value::String(_) | Value::Null => Ok(to_value("")?),
        other => {
            Err(format!("short_date expects a date such as \"2027-04-01\", not {other}").into())
        }
    }
}

/// Partner id → name ("unknown partner" for an id that is not in the agreement).
pub struct PartnerName(pub HashMap<String, String>);

impl tera::Filter for PartnerName {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
        let short = args.get("short").and_then(Value::as_bool).unwrap_or(false);
        let name = match value {
            Value::Null => "not assigned".to_string(),
            Value::String(id) => {
                let key = if short {
                    format!("short:{id}")
                } else {
                    id.clone()
                };
                self.0
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| format!("unknown partner ({id})"))
            }
            other => return Err(format!("partner expects a partner id, not {other}").into()),
        };
        Ok(to_value(name)?)
    }
}

/// Score → band name, or band colour ("#rrggbb"), from the template's bands.
pub struct Band {
    pub bands: RiskBands,
    pub colour: bool,
}

impl tera::Filter for Band {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
        let Some(score) = value.as_u64() else {
            return Ok(to_value("")?);
        };
        let band = u8::try_from(score).ok().and_then(|s| self.bands.band(s));
        Ok(to_value(band.map_or(String::new(), |b| {
            if self.colour {
                b.colour.clone()
            } else {
                b.name.clone()
            }
        }))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_like_a_finance_paper() {
        let f = |s: &str| format_money(Decimal::from_str(s).expect("decimal"));
        assert_eq!(f("1250000.00"), "£1,250,000");
        assert_eq!(f("1250000.5"), "£1,250,000.50");
        assert_eq!(f("999"), "£999");
        assert_eq!(f("1000"), "£1,000");
        assert_eq!(f("0.07"), "£0.07");
        assert_eq!(f("-2500"), "−£2,500");
    }

    #[test]
    fn dates_are_written_out() {
        let v = long_date(&to_value("2027-04-01").expect("v"), &HashMap::new()).expect("ok");
        assert_eq!(v, "1 April 2027");
        assert!(long_date(&to_value("01/04/2027").expect("v"), &HashMap::new()).is_err());
    }
}
