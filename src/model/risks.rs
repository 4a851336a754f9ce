use super::PartnerId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A likelihood or consequence rating on the 1–5 scale of the NPSA 5×5 matrix.
pub type Rating = u8;

/// Step 9: one entry of the risk register. Score and band are derived, never stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Risk {
    /// The register's own reference, e.g. "R07".
    pub id: String,
    pub description: String,
    pub category: Option<RiskCategory>,
    /// 1 (rare) to 5 (almost certain).
    #[schemars(range(min = 1, max = 5))]
    pub likelihood: Option<Rating>,
    /// 1 (negligible) to 5 (catastrophic).
    #[schemars(range(min = 1, max = 5))]
    pub consequence: Option<Rating>,
    /// The partner that owns the risk.
    pub owner: Option<PartnerId>,
    /// What the partners will do to reduce the risk.
    pub mitigation: String,
    /// Likelihood once the mitigation is in place.
    #[schemars(range(min = 1, max = 5))]
    pub residual_likelihood: Option<Rating>,
    /// Consequence once the mitigation is in place.
    #[schemars(range(min = 1, max = 5))]
    pub residual_consequence: Option<Rating>,
    pub review_date: Option<NaiveDate>,
}

impl Risk {
    /// Likelihood × consequence, when both are rated.
    pub fn score(&self) -> Option<u8> {
        product(self.likelihood, self.consequence)
    }

    /// Residual likelihood × residual consequence, when both are rated.
    pub fn residual_score(&self) -> Option<u8> {
        product(self.residual_likelihood, self.residual_consequence)
    }
}

fn product(a: Option<Rating>, b: Option<Rating>) -> Option<u8> {
    a?.checked_mul(b?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RiskCategory {
    ClinicalQualitySafety,
    Financial,
    Operational,
    Workforce,
    InformationGovernance,
    LegalRegulatory,
    Reputational,
    Strategic,
    Partnership,
    Other,
}

impl RiskCategory {
    pub fn label(self) -> &'static str {
        match self {
            RiskCategory::ClinicalQualitySafety => "Clinical, quality and safety",
            RiskCategory::Financial => "Financial",
            RiskCategory::Operational => "Operational",
            RiskCategory::Workforce => "Workforce",
            RiskCategory::InformationGovernance => "Information governance",
            RiskCategory::LegalRegulatory => "Legal and regulatory",
            RiskCategory::Reputational => "Reputational",
            RiskCategory::Strategic => "Strategic",
            RiskCategory::Partnership => "Partnership",
            RiskCategory::Other => "Other",
        }
    }
}

/// How risk scores (1–25) map to rating bands. Local policies differ, so a
/// template may bring its own; the default is the NHS (NPSA) 5×5 convention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RiskBands {
    /// Lowest band first.
    pub bands: Vec<RiskBand>,
    /// Bands at or above this one count as high: they need a mitigation and a review date.
    pub high_from: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RiskBand {
    pub name: String,
    pub min_score: u8,
    pub max_score: u8,
    /// Fill colour for rating cells, "#rrggbb".
    pub colour: String,
}

/// A band configuration that cannot be used, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "The risk bands are not usable: {0}. Give bands that run from score 1 to 25 without gaps or overlaps."
)]
pub struct RiskBandsError(pub String);

impl Default for RiskBands {
    fn default() -> Self {
        let band = |name: &str, min_score, max_score, colour: &str| RiskBand {
            name: name.to_string(),
            min_score,
            max_score,
            colour: colour.to_string(),
        };
        RiskBands {
            bands: vec![
                band("Low", 1, 3, "#00a499"),
                band("Moderate", 4, 6, "#ffeb3b"),
                band("High", 8, 12, "#ed8b00"),
                band("Extreme", 15, 25, "#d5281b"),
            ],
            high_from: "High".to_string(),
        }
    }
}

impl RiskBands {
    /// Checks that every score a 5×5 matrix can produce falls in exactly one band.
    pub fn check(&self) -> Result<(), RiskBandsError> {
        if self.bands.is_empty() {
            return Err(RiskBandsError("no bands are given".into()));
        }
        for b in &self.bands {
            if b.name.trim().is_empty() {
                return Err(RiskBandsError("a band has no name".into()));
            }
            if b.min_score > b.max_score {
                return Err(RiskBandsError(format!(
                    "band \"{}\" starts at {} but ends at {}",
                    b.name, b.min_score, b.max_score
                )));
            }
        }
        for score in possible_scores() {
            let n = self
                .bands
                .iter()
                .filter(|b| (b.min_score..=b.max_score).contains(&score))
                .count();
            if n != 1 {
                return Err(RiskBandsError(format!(
                    "score {score} falls in {n} bands instead of one"
                )));
            }
        }
        if self.position(&self.high_from).is_none() {
            return Err(RiskBandsError(format!(
                "high_from names \"{}\", which is not one of the bands",
                self.high_from
            )));
        }
        Ok(())
    }

    /// The band a score falls in.
    pub fn band(&self, score: u8) -> Option<&RiskBand> {
        self.bands
            .iter()
            .find(|b| (b.min_score..=b.max_score).contains(&score))
    }

    /// Whether a score falls in the high band or above.
    pub fn is_high(&self, score: u8) -> bool {
        match (self.band(score), self.position(&self.high_from)) {
            (Some(band), Some(high)) => self.position(&band.name).is_some_and(|p| p >= high),
            _ => false,
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.bands.iter().position(|b| b.name == name)
    }
}

/// Every product of two ratings from 1 to 5.
fn possible_scores() -> impl Iterator<Item = u8> {
    (1..=25u8).filter(|s| (1..=5u8).any(|l| s % l == 0 && (1..=5).contains(&(s / l))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_default_bands_follow_the_npsa_matrix() {
        let bands = RiskBands::default();
        bands.check().expect("default bands are valid");
        let name = |s| bands.band(s).map(|b| b.name.as_str());
        assert_eq!(name(3), Some("Low"));
        assert_eq!(name(4), Some("Moderate"));
        assert_eq!(name(6), Some("Moderate"));
        assert_eq!(name(8), Some("High"));
        assert_eq!(name(12), Some("High"));
        assert_eq!(name(15), Some("Extreme"));
        assert_eq!(name(25), Some("Extreme"));
        assert!(!bands.is_high(6));
        assert!(bands.is_high(8));
        assert!(bands.is_high(20));
    }

    #[test]
    fn bands_with_a_gap_or_overlap_are_refused() {
        let mut gap = RiskBands::default();
        gap.bands[1].max_score = 5; // score 6 now has no band
        let err = gap.check().unwrap_err();
        assert!(err.0.contains("score 6 falls in 0 bands"), "{err}");

        let mut overlap = RiskBands::default();
        overlap.bands[2].min_score = 6;
        assert!(
            overlap
                .check()
                .unwrap_err()
                .0
                .contains("score 6 falls in 2")
        );

        let unknown_high = RiskBands {
            high_from: "Severe".into(),
            ..RiskBands::default()
        };
        assert!(unknown_high.check().is_err());
    }

    #[test]
    fn score_needs_both_ratings() {
        let mut r = Risk {
            likelihood: Some(4),
            ..Risk::default()
        };
        assert_eq!(r.score(), None);
        r.consequence = Some(5);
        assert_eq!(r.score(), Some(20));
    }
}
