//! A template's manifest (`manifest.toml`): what it is called, its fonts, its risk
//! bands and the clause wording it suggests for new agreements.

use crate::layout::fonts::FontRequest;
use crate::model::{Clause, RiskBands};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Must match the template's folder name; agreements refer to it in `details.template`.
    pub name: String,
    /// Shown in lists, e.g. "Health and social care partnership".
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The Tera file that produces the document, relative to the template folder.
    #[serde(default = "default_entry")]
    pub entry: String,
    #[serde(default)]
    pub fonts: Fonts,
    /// Justified body text; left-aligned when not given (`layout::Options`).
    #[serde(default)]
    pub justify: bool,
    /// Set each glossary term's first use in each section in bold, linked to
    /// its definition (`defined_terms`).
    #[serde(default = "default_true")]
    pub mark_defined_terms: bool,
    #[serde(default)]
    pub risk_bands: RiskBands,
    /// Clause wording offered to new agreements made from this template.
    #[serde(default)]
    pub clauses: Vec<Clause>,
    /// Guidance for the drafter, shown in the app beside the form, never printed.
    #[serde(default)]
    pub guidance: Guidance,
}

/// What a template tells the drafter, as NHS England's templates mark options
/// "for local agreement": per step, and per clause (by key).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct Guidance {
    pub steps: std::collections::BTreeMap<crate::model::Step, String>,
    pub clauses: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    pub family: String,
    /// Families tried, in order, for characters the main one lacks.
    #[serde(default = "default_fallbacks")]
    pub fallbacks: Vec<String>,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            family: "Liberation Sans".into(),
            fallbacks: default_fallbacks(),
        }
    }
}

impl Fonts {
    pub fn request(&self) -> FontRequest {
        FontRequest {
            family: self.family.clone(),
            fallbacks: self.fallbacks.clone(),
        }
    }
}

fn default_fallbacks() -> Vec<String> {
    vec!["DejaVu Sans".into()]
}

fn default_entry() -> String {
    "document.xml".into()
}

fn default_true() -> bool {
    true
}
