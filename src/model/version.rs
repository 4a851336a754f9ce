use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The number of a version issued to the partners: 0.1, 0.2, … while in review,
/// 1.0 when final, 1.1 for a later variation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionNumber {
    pub major: u32,
    pub minor: u32,
}

impl VersionNumber {
    pub const FIRST: VersionNumber = VersionNumber { major: 0, minor: 1 };

    /// The next version for review: 0.3 after 0.2, 1.1 after 1.0.
    pub fn next_minor(self) -> VersionNumber {
        VersionNumber {
            major: self.major,
            minor: self.minor.saturating_add(1),
        }
    }

    /// A final version (1.0, 2.0, …) rather than one for review (0.3, 1.1).
    pub fn is_final(self) -> bool {
        self.major > 0 && self.minor == 0
    }

    /// The next whole version: 1.0 after any 0.x, 2.0 after any 1.x.
    pub fn next_major(self) -> VersionNumber {
        VersionNumber {
            major: self.major.saturating_add(1),
            minor: 0,
        }
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Why a text is not a version number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a version number. Write it as two whole numbers with a dot between them, such as 0.3 or 1.0."
)]
pub struct BadVersionNumber(pub String);

impl FromStr for VersionNumber {
    type Err = BadVersionNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadVersionNumber(s.to_string());
        let t = s.trim();
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let (major, minor) = t.split_once('.').ok_or_else(bad)?;
        let part = |p: &str| {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse::<u32>().map_err(|_| bad())
        };
        Ok(VersionNumber {
            major: part(major)?,
            minor: part(minor)?,
        })
    }
}

impl Serialize for VersionNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for VersionNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for VersionNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "VersionNumber".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+\\.[0-9]+$",
            "description": "A version issued for review, such as \"0.3\", or \"1.0\" when final."
        })
    }
}

/// The UI sees a version number as the string it is written as.
#[cfg(feature = "specta")]
impl specta::Type for VersionNumber {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        <String as specta::Type>::definition(types)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_numbers_parse_order_and_count_on() {
        let v: VersionNumber = "0.9".parse().expect("parses");
        assert_eq!(v.next_minor().to_string(), "0.10");
        assert!(v < v.next_minor(), "0.10 comes after 0.9, not before");
        assert_eq!(v.next_major().to_string(), "1.0");
        assert_eq!("v1.2".parse::<VersionNumber>().map(|v| v.minor), Ok(2));
        for bad in [
            "",
            "1",
            "1.",
            ".1",
            "1.2.3",
            "one.two",
            "-1.0",
            "1.+2",
            "99999999999.0",
        ] {
            assert!(bad.parse::<VersionNumber>().is_err(), "{bad:?}");
        }
    }
}
