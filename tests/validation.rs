//! Validation rules, each shown to fire on a realistic agreement with one thing
//! broken, and to stay quiet on the complete example.

mod common;

use chrono::NaiveDate;
use mou_core::model::{
    Agreement, PartnerId, RaciRole, ReviewStatus, RiskBand, RiskBands, clause_keys,
};
use mou_core::model::{InKindKind, Step};
use mou_core::validation::{self, Config, FindingCode as C, Severity, final_blockers, validate};
use rust_decimal::Decimal;
use std::collections::HashSet;

fn in_kind(
    partner: Option<&str>,
    kind: Option<InKindKind>,
    description: &str,
    value_gbp: Option<Decimal>,
) -> mou_core::model::InKind {
    mou_core::model::InKind {
        partner: partner.map(mou_core::model::PartnerId::from),
        kind,
        description: description.into(),
        value_gbp,
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    Some(s.parse().expect("date"))
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

type Mutation = fn(&mut Agreement);

/// (what is broken, the change, the finding code, its path, its severity)
const CASES: &[(&str, Mutation, C, &str, Severity)] = &[
    (
        "no title",
        |a| a.details.title = "  ".into(),
        C::TitleMissing,
        "details.title",
        Severity::Error,
    ),
    (
        "end before start",
        |a| a.details.end_date = date("2027-01-01"),
        C::EndBeforeStart,
        "details.end_date",
        Severity::Error,
    ),
    (
        "extension without an end date",
        |a| {
            a.details.end_date = None;
            a.details.extension.times = 1;
            a.details.extension.months = 12;
        },
        C::ExtensionWithoutEnd,
        "details.extension.times",
        Severity::Error,
    ),
    (
        "extension without a length",
        |a| {
            a.details.extension.times = 2;
            a.details.extension.months = 0;
        },
        C::ExtensionLengthMissing,
        "details.extension.months",
        Severity::Error,
    ),
    (
        "measure without an indicator",
        |a| {
            a.performance.measures.push(mou_core::model::Measure {
                target: "Half by 2029".into(),
                ..Default::default()
            })
        },
        C::MeasureIndicatorMissing,
        "performance.measures[",
        Severity::Error,
    ),
    (
        "measure tied to a removed objective",
        |a| {
            a.performance.measures.push(mou_core::model::Measure {
                objective: "gone".into(),
                indicator: "Delayed days".into(),
                target: "Half by 2029".into(),
                ..Default::default()
            })
        },
        C::MeasureObjectiveUnknown,
        "performance.measures[",
        Severity::Error,
    ),
    (
        "measure without a target",
        |a| {
            a.performance.measures.push(mou_core::model::Measure {
                indicator: "Delayed days".into(),
                ..Default::default()
            })
        },
        C::MeasureTargetMissing,
        "performance.measures[",
        Severity::Warning,
    ),
    (
        "contribution in kind from nobody",
        |a| {
            a.finance
                .in_kind
                .push(in_kind(None, Some(InKindKind::Staff), "Two OTs", None))
        },
        C::InKindPartnerMissing,
        "finance.in_kind[",
        Severity::Error,
    ),
    (
        "contribution in kind of no kind",
        |a| {
            a.finance
                .in_kind
                .push(in_kind(Some("icb"), None, "Two OTs", None))
        },
        C::InKindKindMissing,
        "finance.in_kind[",
        Severity::Error,
    ),
    (
        "contribution in kind of nothing",
        |a| {
            a.finance
                .in_kind
                .push(in_kind(Some("icb"), Some(InKindKind::Goods), " ", None))
        },
        C::InKindDescriptionMissing,
        "finance.in_kind[",
        Severity::Error,
    ),
    (
        "contribution in kind worth less than nothing",
        |a| {
            a.finance.in_kind.push(in_kind(
                Some("icb"),
                Some(InKindKind::Accommodation),
                "Office space",
                Some(Decimal::new(-100, 0)),
            ))
        },
        C::InKindValueNegative,
        "finance.in_kind[",
        Severity::Error,
    ),
    (
        "section 75: no aims",
        |a| a.objectives.clear(),
        C::Section75Aims,
        "objectives",
        Severity::Warning,
    ),
    (
        "section 75: no contributions",
        |a| a.finance.contributions.clear(),
        C::Section75Contributions,
        "finance.contributions",
        Severity::Warning,
    ),
    (
        "section 75: the council's functions not listed",
        |a| a.partners[3].functions.clear(),
        C::Section75Functions,
        "partners[3].functions",
        Severity::Warning,
    ),
    (
        "section 75: nobody said to be eligible",
        |a| a.vision.eligibility.clear(),
        C::Section75Eligibility,
        "vision.eligibility",
        Severity::Warning,
    ),
    (
        "section 75: no staff, goods, services or accommodation",
        |a| a.finance.in_kind.clear(),
        C::Section75InKind,
        "finance.in_kind",
        Severity::Warning,
    ),
    (
        "section 75: no end date",
        |a| {
            a.details.end_date = None;
            a.details.extension = Default::default();
        },
        C::Section75Term,
        "details.end_date",
        Severity::Warning,
    ),
    (
        "section 75: no termination clause",
        |a| a.clauses.retain(|c| c.key != clause_keys::TERMINATION),
        C::Section75ReviewVariationTermination,
        "clauses",
        Severity::Warning,
    ),
    (
        "section 75: no pool manager",
        |a| a.finance.pool_manager.clear(),
        C::Section75PoolManagement,
        "finance.pool_manager",
        Severity::Warning,
    ),
    (
        "a title too long to set on a page",
        |a| a.details.title = "A very long title. ".repeat(20),
        C::TooLong,
        "details.title",
        Severity::Error,
    ),
    (
        "review before start",
        |a| a.details.review_date = date("2026-04-01"),
        C::ReviewBeforeStart,
        "details.review_date",
        Severity::Error,
    ),
    (
        "review after end",
        |a| a.details.review_date = date("2031-01-01"),
        C::ReviewAfterEnd,
        "details.review_date",
        Severity::Warning,
    ),
    (
        "one partner",
        |a| a.partners.truncate(1),
        C::TooFewPartners,
        "partners",
        Severity::Error,
    ),
    (
        "unnamed partner",
        |a| a.partners[2].name = String::new(),
        C::PartnerNameMissing,
        "partners[2].name",
        Severity::Error,
    ),
    (
        "same name twice",
        |a| a.partners[3].name = format!(" {} ", a.partners[1].name.to_uppercase()),
        C::PartnerNameDuplicate,
        "partners[3].name",
        Severity::Error,
    ),
    (
        "same id twice",
        |a| a.partners[4].id = a.partners[0].id.clone(),
        C::PartnerIdDuplicate,
        "partners[4].id",
        Severity::Error,
    ),
    (
        "no type",
        |a| a.partners[1].kind = None,
        C::PartnerTypeMissing,
        "partners[1].type",
        Severity::Error,
    ),
    (
        "no signatory",
        |a| a.partners[0].signatory.name = String::new(),
        C::SignatoryNameMissing,
        "partners[0].signatory.name",
        Severity::Error,
    ),
    (
        "no signatory job title",
        |a| a.partners[0].signatory.job_title = String::new(),
        C::SignatoryJobTitleMissing,
        "partners[0].signatory.job_title",
        Severity::Error,
    ),
    (
        "bad e-mail",
        |a| a.partners[0].lead_contact.email = "jo.bloggs.nhs.net".into(),
        C::EmailInvalid,
        "partners[0].lead_contact.email",
        Severity::Warning,
    ),
    (
        "unknown host",
        |a| a.host_partner = Some("gone".into()),
        C::UnknownPartner,
        "host_partner",
        Severity::Error,
    ),
    (
        "objective after the end",
        |a| a.objectives[0].target_date = date("2031-06-30"),
        C::ObjectiveTargetOutsideTerm,
        "objectives[0].target_date",
        Severity::Error,
    ),
    (
        "objective before the start",
        |a| a.objectives[1].target_date = date("2026-06-30"),
        C::ObjectiveTargetOutsideTerm,
        "objectives[1].target_date",
        Severity::Error,
    ),
    (
        "objective without a measure",
        |a| a.objectives[2].measure = String::new(),
        C::ObjectiveMeasureMissing,
        "objectives[2].measure",
        Severity::Warning,
    ),
    (
        "objective led by a removed partner",
        |a| a.objectives[0].lead_partner = Some("gone".into()),
        C::UnknownPartner,
        "objectives[0].lead_partner",
        Severity::Error,
    ),
    (
        "RACI without A",
        |a| {
            for r in a.roles.raci[0].roles.values_mut() {
                r.retain(|l| *l != RaciRole::A)
            }
        },
        C::RaciNoAccountable,
        "roles.raci[0].roles",
        Severity::Error,
    ),
    (
        "RACI with two A",
        |a| {
            for r in a.roles.raci[1].roles.values_mut() {
                if !r.contains(&RaciRole::A) {
                    r.push(RaciRole::A)
                }
            }
        },
        C::RaciSeveralAccountable,
        "roles.raci[1].roles",
        Severity::Error,
    ),
    (
        "RACI without R",
        |a| {
            for r in a.roles.raci[2].roles.values_mut() {
                r.retain(|l| *l != RaciRole::R)
            }
        },
        C::RaciNoResponsible,
        "roles.raci[2].roles",
        Severity::Error,
    ),
    (
        "RACI names a removed partner",
        |a| {
            a.roles.raci[3]
                .roles
                .insert(PartnerId::from("gone"), vec![RaciRole::I]);
        },
        C::UnknownPartner,
        "roles.raci[3].roles.gone",
        Severity::Error,
    ),
    (
        "partner without responsibilities",
        |a| {
            a.roles
                .responsibilities
                .retain(|r| r.partner != a.partners[0].id)
        },
        C::ResponsibilitiesMissing,
        "roles.responsibilities",
        Severity::Warning,
    ),
    (
        "escalation level without who",
        |a| a.governance.escalation_levels[0].who = String::new(),
        C::EscalationWhoMissing,
        "governance.escalation_levels[0].who",
        Severity::Error,
    ),
    (
        "no quorum",
        |a| a.governance.quorum = String::new(),
        C::QuorumMissing,
        "governance.quorum",
        Severity::Warning,
    ),
    (
        "negative contribution",
        |a| a.finance.contributions[0].amount_gbp = dec("-5000.00"),
        C::ContributionNegative,
        "finance.contributions[0].amount_gbp",
        Severity::Error,
    ),
    (
        "fraction of a penny",
        |a| a.finance.contributions[1].amount_gbp = dec("1000.005"),
        C::ContributionFractionOfPenny,
        "finance.contributions[1].amount_gbp",
        Severity::Error,
    ),
    (
        "risk shares total 99.5%",
        |a| a.finance.risk_shares[0].percent -= dec("0.5"),
        C::RiskShareTotal,
        "finance.risk_shares",
        Severity::Error,
    ),
    (
        "risk share over 100%",
        |a| a.finance.risk_shares[0].percent = dec("120"),
        C::RiskShareOutOfRange,
        "finance.risk_shares[0].percent",
        Severity::Error,
    ),
    (
        "pooled budget without host",
        |a| a.finance.pooled_budget_host = None,
        C::PooledHostMissing,
        "finance.pooled_budget_host",
        Severity::Error,
    ),
    (
        "pooled budget but no money",
        |a| a.finance.money_involved = false,
        C::PooledWithoutMoney,
        "finance.pooled_budget",
        Severity::Error,
    ),
    (
        "risk without owner",
        |a| a.risks[0].owner = None,
        C::RiskOwnerMissing,
        "risks[0].owner",
        Severity::Error,
    ),
    (
        "risk owned by a removed partner",
        |a| a.risks[1].owner = Some("gone".into()),
        C::UnknownPartner,
        "risks[1].owner",
        Severity::Error,
    ),
    (
        "likelihood 6",
        |a| a.risks[2].likelihood = Some(6),
        C::RatingOutOfRange,
        "risks[2].likelihood",
        Severity::Error,
    ),
    (
        "unrated risk",
        |a| a.risks[3].consequence = None,
        C::RiskNotRated,
        "risks[3].consequence",
        Severity::Error,
    ),
    (
        "extreme risk without mitigation",
        |a| {
            a.risks[4].likelihood = Some(5);
            a.risks[4].consequence = Some(5);
            a.risks[4].mitigation = " ".into()
        },
        C::MitigationMissing,
        "risks[4].mitigation",
        Severity::Error,
    ),
    (
        "residual worse than initial",
        |a| {
            a.risks[5].likelihood = Some(2);
            a.risks[5].consequence = Some(2);
            a.risks[5].residual_likelihood = Some(3);
            a.risks[5].residual_consequence = Some(3)
        },
        C::ResidualHigher,
        "risks[5].residual_likelihood",
        Severity::Error,
    ),
    (
        "two risks R01",
        |a| a.risks[6].id = a.risks[0].id.clone(),
        C::RiskIdDuplicate,
        "risks[6].id",
        Severity::Error,
    ),
    (
        "clause switched on but empty",
        |a| a.clauses[1].text = String::new(),
        C::ClauseTextMissing,
        "clauses[1].text",
        Severity::Error,
    ),
    (
        "non-binding clause off",
        |a| {
            for c in &mut a.clauses {
                if c.key == clause_keys::NON_BINDING {
                    c.enabled = false
                }
            }
        },
        C::NonBindingClauseOff,
        "clauses",
        Severity::Warning,
    ),
    (
        "binding boilerplate in a non-binding memorandum",
        |a| {
            let governing_law = mou_core::model::clause_library()
                .into_iter()
                .find(|c| c.key == "governing_law")
                .expect("in the library");
            a.clauses.insert(0, governing_law.to_clause())
        },
        C::BindingOnlyClauseInMemorandum,
        "clauses[0].enabled",
        Severity::Warning,
    ),
    (
        "glossary term twice",
        |a| {
            let t = a.glossary[0].clone();
            a.glossary.push(t)
        },
        C::GlossaryTermDuplicate,
        "glossary[",
        Severity::Error,
    ),
    (
        "glossary term without meaning",
        |a| a.glossary[1].meaning = String::new(),
        C::GlossaryMeaningMissing,
        "glossary[1].meaning",
        Severity::Error,
    ),
    (
        "approval without version",
        |a| {
            a.sign_off.reviews[0].status = ReviewStatus::Approved;
            a.sign_off.reviews[0].reviewed_version = String::new()
        },
        C::ApprovedWithoutVersion,
        "sign_off.reviews[0].reviewed_version",
        Severity::Error,
    ),
    (
        "approved an older version",
        |a| {
            a.sign_off.reviews[0].status = ReviewStatus::Approved;
            a.sign_off.reviews[0].reviewed_version = "0.1".into()
        },
        C::ApprovedOlderVersion,
        "sign_off.reviews[0].reviewed_version",
        Severity::Warning,
    ),
    (
        "two reviews for one partner",
        |a| {
            let r = a.sign_off.reviews[0].clone();
            a.sign_off.reviews.push(r)
        },
        C::ReviewRepeated,
        "sign_off.reviews[",
        Severity::Error,
    ),
    (
        "no partnership name",
        |a| a.details.partnership_name = " ".into(),
        C::PartnershipNameMissing,
        "details.partnership_name",
        Severity::Warning,
    ),
    (
        "no version label",
        |a| a.details.version = String::new(),
        C::VersionMissing,
        "details.version",
        Severity::Warning,
    ),
    (
        "no start date",
        |a| a.details.start_date = None,
        C::StartDateMissing,
        "details.start_date",
        Severity::Warning,
    ),
    (
        "no review date",
        |a| a.details.review_date = None,
        C::ReviewDateMissing,
        "details.review_date",
        Severity::Warning,
    ),
    (
        "partner without id",
        |a| a.partners[5].id = " ".into(),
        C::PartnerIdMissing,
        "partners[5].id",
        Severity::Error,
    ),
    (
        "partner without lead contact",
        |a| a.partners[6].lead_contact.name = String::new(),
        C::LeadContactMissing,
        "partners[6].lead_contact.name",
        Severity::Warning,
    ),
    (
        "no background",
        |a| a.vision.background = "\n".into(),
        C::BackgroundMissing,
        "vision.background",
        Severity::Warning,
    ),
    (
        "no vision statement",
        |a| a.vision.vision_statement = String::new(),
        C::VisionStatementMissing,
        "vision.vision_statement",
        Severity::Warning,
    ),
    (
        "no population",
        |a| a.vision.population = String::new(),
        C::PopulationMissing,
        "vision.population",
        Severity::Warning,
    ),
    (
        "no objectives",
        |a| a.objectives.clear(),
        C::NoObjectives,
        "objectives",
        Severity::Warning,
    ),
    (
        "objective without a title",
        |a| a.objectives[1].title = String::new(),
        C::ObjectiveTitleMissing,
        "objectives[1].title",
        Severity::Error,
    ),
    (
        "objective without a target date",
        |a| a.objectives[2].target_date = None,
        C::ObjectiveTargetDateMissing,
        "objectives[2].target_date",
        Severity::Warning,
    ),
    (
        "objective without a lead",
        |a| a.objectives[3].lead_partner = None,
        C::ObjectiveLeadMissing,
        "objectives[3].lead_partner",
        Severity::Warning,
    ),
    (
        "no principles",
        |a| a.principles.values.clear(),
        C::NoPrinciples,
        "principles.values",
        Severity::Warning,
    ),
    (
        "principle without a title",
        |a| a.principles.values[0].title = String::new(),
        C::PrincipleTitleMissing,
        "principles.values[0].title",
        Severity::Error,
    ),
    (
        "two lists of responsibilities for one partner",
        |a| {
            let extra = a.roles.responsibilities[0].clone();
            a.roles.responsibilities.push(extra)
        },
        C::ResponsibilitiesRepeated,
        "roles.responsibilities[",
        Severity::Warning,
    ),
    (
        "empty RACI matrix",
        |a| a.roles.raci.clear(),
        C::NoRaci,
        "roles.raci",
        Severity::Warning,
    ),
    (
        "RACI activity without a name",
        |a| a.roles.raci[4].activity = String::new(),
        C::RaciActivityMissing,
        "roles.raci[4].activity",
        Severity::Error,
    ),
    (
        "RACI activity twice",
        |a| a.roles.raci[6].activity = a.roles.raci[5].activity.to_uppercase(),
        C::RaciActivityDuplicate,
        "roles.raci[6].activity",
        Severity::Warning,
    ),
    (
        "RACI letter twice",
        |a| {
            if let Some(letters) = a.roles.raci[7].roles.values_mut().next() {
                let first = letters[0];
                letters.push(first)
            }
        },
        C::RaciLetterRepeated,
        "roles.raci[7].roles.",
        Severity::Warning,
    ),
    (
        "no board name",
        |a| a.governance.board_name = String::new(),
        C::BoardNameMissing,
        "governance.board_name",
        Severity::Warning,
    ),
    (
        "no chair",
        |a| a.governance.chair = String::new(),
        C::ChairMissing,
        "governance.chair",
        Severity::Warning,
    ),
    (
        "no meeting frequency",
        |a| a.governance.meeting_frequency = String::new(),
        C::MeetingFrequencyMissing,
        "governance.meeting_frequency",
        Severity::Warning,
    ),
    (
        "no decision making",
        |a| a.governance.decision_making = String::new(),
        C::DecisionMakingMissing,
        "governance.decision_making",
        Severity::Warning,
    ),
    (
        "no escalation route",
        |a| a.governance.escalation_levels.clear(),
        C::EscalationMissing,
        "governance.escalation_levels",
        Severity::Warning,
    ),
    (
        "board member without a role",
        |a| a.governance.membership[2].role = String::new(),
        C::MemberRoleMissing,
        "governance.membership[2].role",
        Severity::Error,
    ),
    (
        "partner without a seat on the board",
        |a| {
            let housing = PartnerId::from("housing");
            a.governance
                .membership
                .retain(|m| m.partner.as_ref() != Some(&housing))
        },
        C::PartnerNotOnBoard,
        "governance.membership",
        Severity::Warning,
    ),
    (
        "money involved but no contributions",
        |a| {
            a.finance.contributions.clear();
            a.finance.pooled_budget = false
        },
        C::NoContributions,
        "finance.contributions",
        Severity::Warning,
    ),
    (
        "contributions but no money",
        |a| {
            a.finance.money_involved = false;
            a.finance.pooled_budget = false
        },
        C::ContributionsWithoutMoney,
        "finance.money_involved",
        Severity::Warning,
    ),
    (
        "contribution from nobody",
        |a| a.finance.contributions[2].partner = None,
        C::ContributionPartnerMissing,
        "finance.contributions[2].partner",
        Severity::Error,
    ),
    (
        "host makes no contribution",
        |a| {
            let host = a.finance.pooled_budget_host.clone();
            a.finance.contributions.retain(|c| c.partner != host)
        },
        C::PooledHostNotContributing,
        "finance.pooled_budget_host",
        Severity::Warning,
    ),
    (
        "pooled budget without risk share",
        |a| a.finance.risk_shares.clear(),
        C::RiskShareMissing,
        "finance.risk_shares",
        Severity::Error,
    ),
    (
        "risk share of nobody",
        |a| a.finance.risk_shares[3].partner = None,
        C::RiskSharePartnerMissing,
        "finance.risk_shares[3].partner",
        Severity::Error,
    ),
    (
        "two risk shares for one partner",
        |a| a.finance.risk_shares[3].partner = a.finance.risk_shares[2].partner.clone(),
        C::RiskShareRepeated,
        "finance.risk_shares[3].partner",
        Severity::Error,
    ),
    (
        "no overspend arrangement",
        |a| a.finance.overspend_arrangements = String::new(),
        C::OverspendMissing,
        "finance.overspend_arrangements",
        Severity::Warning,
    ),
    (
        "no underspend arrangement",
        |a| a.finance.underspend_arrangements = String::new(),
        C::UnderspendMissing,
        "finance.underspend_arrangements",
        Severity::Warning,
    ),
    (
        "empty risk register",
        |a| a.risks.clear(),
        C::NoRisks,
        "risks",
        Severity::Warning,
    ),
    (
        "risk without reference",
        |a| a.risks[7].id = String::new(),
        C::RiskIdMissing,
        "risks[7].id",
        Severity::Warning,
    ),
    (
        "risk without description",
        |a| a.risks[8].description = String::new(),
        C::RiskDescriptionMissing,
        "risks[8].description",
        Severity::Error,
    ),
    (
        "risk without category",
        |a| a.risks[9].category = None,
        C::RiskCategoryMissing,
        "risks[9].category",
        Severity::Warning,
    ),
    (
        "mitigated risk without residual rating",
        |a| {
            a.risks[10].residual_likelihood = None;
            a.risks[10].residual_consequence = None
        },
        C::ResidualNotRated,
        "risks[10].residual_likelihood",
        Severity::Warning,
    ),
    (
        "extreme risk without review date",
        |a| {
            a.risks[0].likelihood = Some(5);
            a.risks[0].consequence = Some(5);
            a.risks[0].review_date = None
        },
        C::RiskReviewDateMissing,
        "risks[0].review_date",
        Severity::Warning,
    ),
    (
        "risk reviewed after the agreement ends",
        |a| a.risks[11].review_date = date("2031-01-01"),
        C::RiskReviewOutsideTerm,
        "risks[11].review_date",
        Severity::Warning,
    ),
    (
        "risk reviewed before the agreement starts",
        |a| a.risks[12].review_date = date("2026-01-01"),
        C::RiskReviewOutsideTerm,
        "risks[12].review_date",
        Severity::Warning,
    ),
    (
        "clause switched on without a heading",
        |a| a.clauses[2].title = String::new(),
        C::ClauseTitleMissing,
        "clauses[2].title",
        Severity::Error,
    ),
    (
        "two clauses with one key",
        |a| a.clauses[5].key = a.clauses[4].key.clone(),
        C::ClauseKeyDuplicate,
        "clauses[5].key",
        Severity::Error,
    ),
    (
        "data protection clause off",
        |a| {
            for c in &mut a.clauses {
                if c.key == clause_keys::DATA_PROTECTION {
                    c.enabled = false
                }
            }
        },
        C::DataProtectionClauseOff,
        "clauses",
        Severity::Warning,
    ),
    (
        "glossary entry without a term",
        |a| a.glossary[2].term = " ".into(),
        C::GlossaryTermMissing,
        "glossary[2].term",
        Severity::Error,
    ),
];

#[test]
fn the_full_example_has_no_errors() {
    let findings = validate(&common::example(), &Config::default());
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Rules only a final document applies ([`final_blockers`]), each shown on an
/// agreement that every partner approved.
const FINAL_CASES: &[(&str, Mutation, C, &str, Severity)] = &[
    (
        "a partner asked for changes",
        |a| a.sign_off.reviews[1].status = ReviewStatus::ChangesRequested,
        C::NotApproved,
        "sign_off.reviews",
        Severity::Error,
    ),
    (
        "a partner approved an older version",
        |a| a.sign_off.reviews[2].reviewed_version = "0.3".into(),
        C::NotApproved,
        "sign_off.reviews",
        Severity::Error,
    ),
    (
        "a partner has no review at all",
        |a| {
            a.sign_off.reviews.remove(3);
        },
        C::NotApproved,
        "sign_off.reviews",
        Severity::Error,
    ),
];

type Check = fn(&Agreement, &Config) -> Vec<validation::Finding>;

/// Runs each case on `base()`: the finding is absent before the change and present,
/// with its severity and a message that says what to do, after it.
fn each_case_fires(
    cases: &[(&str, Mutation, C, &str, Severity)],
    base: fn() -> Agreement,
    check: Check,
) {
    let config = Config::default();
    let clean = check(&base(), &config);
    for (what, mutate, code, path, severity) in cases {
        assert!(
            !clean
                .iter()
                .any(|f| f.code == *code && f.path.starts_with(path)),
            "{what}: already reported before the change"
        );
        let mut a = base();
        mutate(&mut a);
        let findings = check(&a, &config);
        let hit = findings
            .iter()
            .find(|f| f.code == *code && f.path.starts_with(path))
            .unwrap_or_else(|| {
                panic!(
                    "{what}: expected {} at {path}, got {findings:#?}",
                    code.as_str()
                )
            });
        assert_eq!(hit.severity, *severity, "{what}");
        assert_eq!(hit.step, step_of(hit.path.as_str()), "{what}: {}", hit.path);
        assert!(
            hit.message.len() > 40 && hit.message.ends_with('.'),
            "{what}: message too thin: {}",
            hit.message
        );
    }
}

/// The step a field path belongs to, from its first segment.
fn step_of(path: &str) -> Step {
    let head = path.split(['.', '[']).next().unwrap_or_default();
    match head {
        "details" => Step::Details,
        "partners" | "host_partner" => Step::Partners,
        "vision" => Step::Vision,
        "objectives" | "performance" => Step::Objectives,
        "principles" => Step::Principles,
        "roles" => Step::Roles,
        "governance" => Step::Governance,
        "finance" => Step::Finance,
        "risks" => Step::Risks,
        "clauses" => Step::Clauses,
        "glossary" => Step::Glossary,
        "sign_off" => Step::SignOff,
        other => panic!("a finding path outside every step: {other:?}"),
    }
}

#[test]
fn each_rule_fires_on_its_own_mistake() {
    each_case_fires(CASES, common::example, validate);
}

#[test]
fn each_final_rule_fires_on_its_own_mistake() {
    each_case_fires(FINAL_CASES, common::approved_example, final_blockers);
}

/// A rule added without a case here fails this test, so none lands untested.
#[test]
fn every_rule_has_a_case() {
    let covered: HashSet<C> = CASES.iter().chain(FINAL_CASES).map(|case| case.2).collect();
    let missing: Vec<&str> = C::ALL
        .iter()
        .filter(|code| !covered.contains(code))
        .map(|code| code.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "rules that no case shows firing: {missing:?}"
    );
}

#[test]
fn messages_name_the_thing_and_say_what_to_do() {
    let mut a = common::example();
    a.partners[1].signatory.name.clear();
    let name = a.partners[1].name.clone();
    let f = validate(&a, &Config::default())
        .into_iter()
        .find(|f| f.code == C::SignatoryNameMissing)
        .expect("finding");
    assert_eq!(f.step, mou_core::model::Step::Partners);
    assert!(
        f.message.contains(&format!("Partner 2 (\"{name}\")")),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("Enter the name of the person who will sign"),
        "{}",
        f.message
    );
}

#[test]
fn renaming_a_partner_breaks_no_reference() {
    let mut a = common::example();
    let key = |a: &Agreement| {
        validate(a, &Config::default())
            .into_iter()
            .map(|f| (f.code, f.path))
            .collect::<Vec<_>>()
    };
    let before = key(&a);
    a.partners[0].name = "NHS Riverside and Hillside Integrated Care Board".into();
    assert_eq!(key(&a), before);
    // Whereas changing the id it is known by does break the references, and says so.
    a.partners[0].id = "renamed".into();
    assert!(key(&a).iter().any(|(c, _)| *c == C::UnknownPartner));
}

#[test]
fn the_example_is_as_full_as_promised() {
    let a = common::example();
    assert!(a.partners.len() >= 6);
    assert!(a.roles.raci.len() >= 20);
    assert!(a.risks.len() >= 30);
    assert!(a.finance.pooled_budget && a.finance.pooled_budget_host.is_some());
    assert!(!a.objectives.is_empty() && !a.glossary.is_empty() && !a.sign_off.reviews.is_empty());
    // Every step has something in it: the validator finds no warning either.
    assert_eq!(validate(&a, &Config::default()), vec![]);
}

#[test]
fn absurd_numbers_are_reported_not_a_crash() {
    let mut a = common::example();
    let huge = dec("50000000000000000000000000000");
    for s in &mut a.finance.risk_shares {
        s.percent = huge;
    }
    let findings = validate(&a, &Config::default());
    assert!(findings.iter().any(|f| f.code == C::RiskShareOutOfRange));
}

#[test]
fn date_rules_that_need_no_start_date_still_run() {
    let mut a = common::example();
    a.details.start_date = None;
    a.details.review_date = None;
    let findings = validate(&a, &Config::default());
    assert!(findings.iter().any(|f| f.code == C::StartDateMissing));
    assert!(findings.iter().any(|f| f.code == C::ReviewDateMissing));
    a.details.review_date = date("2031-01-01");
    assert!(
        validate(&a, &Config::default())
            .iter()
            .any(|f| f.code == C::ReviewAfterEnd)
    );
}

#[test]
fn unusable_bands_are_refused_before_any_rule_runs() {
    let mut bands = RiskBands::default();
    bands.bands.remove(1);
    let err = Config::new(bands).expect_err("gap at 4-6");
    assert!(
        err.to_string().contains("score 4 falls in 0 bands"),
        "{err}"
    );
}

#[test]
fn risk_bands_come_from_configuration() {
    // A stricter local policy: scores of 6 and above count as high.
    let bands = RiskBands {
        bands: vec![
            RiskBand {
                name: "Low".into(),
                min_score: 1,
                max_score: 3,
                colour: "#00a499".into(),
            },
            RiskBand {
                name: "Medium".into(),
                min_score: 4,
                max_score: 5,
                colour: "#ffeb3b".into(),
            },
            RiskBand {
                name: "Significant".into(),
                min_score: 6,
                max_score: 25,
                colour: "#d5281b".into(),
            },
        ],
        high_from: "Significant".into(),
    };

    let mut a = common::example();
    a.risks[0].likelihood = Some(2);
    a.risks[0].consequence = Some(3);
    a.risks[0].mitigation.clear();
    a.risks[0].residual_likelihood = None;
    a.risks[0].residual_consequence = None;
    let nhs = validate(&a, &Config::default());
    assert!(
        !nhs.iter().any(|f| f.code == C::MitigationMissing),
        "6 is moderate under NHS bands"
    );
    let strict = validate(&a, &Config::new(bands).expect("valid bands"));
    let f = strict
        .iter()
        .find(|f| f.code == C::MitigationMissing)
        .expect("6 is high locally");
    assert!(
        f.message.contains("rated Significant (score 6)"),
        "{}",
        f.message
    );
}

#[test]
fn final_needs_every_partner_to_approve_the_current_version() {
    let mut a = common::example();
    let config = Config::default();
    let pending = final_blockers(&a, &config);
    assert!(pending.iter().any(|f| f.code == C::NotApproved));
    let version = a.details.version.clone();
    for p in a.partners.clone() {
        a.sign_off.reviews.retain(|r| r.partner != p.id);
        a.sign_off.reviews.push(mou_core::model::PartnerReview {
            partner: p.id,
            reviewed_version: version.clone(),
            reviewed_on: date("2027-03-01"),
            status: ReviewStatus::Approved,
            comments: String::new(),
        });
    }
    assert_eq!(final_blockers(&a, &config), vec![]);
    let (errors, _) = validation::counts(&validate(&a, &config));
    assert_eq!(errors, 0);
}

#[test]
fn a_blank_agreement_is_reported_step_by_step_without_panicking() {
    let findings = validate(&Agreement::default(), &Config::default());
    assert!(findings.iter().any(|f| f.code == C::TitleMissing));
    assert!(findings.iter().any(|f| f.code == C::TooFewPartners));
    // Findings come in step order.
    assert!(findings.windows(2).all(|w| w[0].step <= w[1].step));
}

/// The section 75 checks apply to a pooled arrangement only, and the example meets
/// every requirement of regulation 7(3): it has none of those findings. Without a
/// pooled budget or the pooled-budget template, an agreement missing all of them
/// is not asked for any.
#[test]
fn section_75_requirements_apply_to_pooled_arrangements_only() {
    let s75 = |a: &Agreement| {
        validate(a, &Config::default())
            .into_iter()
            .filter(|f| f.code.as_str().starts_with("section_75."))
            .map(|f| f.code)
            .collect::<Vec<_>>()
    };
    let example = common::example();
    assert_eq!(s75(&example), [], "the example meets regulation 7(3)");
    let mut bare = example.clone();
    bare.vision.eligibility.clear();
    bare.finance.in_kind.clear();
    bare.finance.pool_manager.clear();
    bare.partners.iter_mut().for_each(|p| p.functions.clear());
    // Both NHS and council functions are asked for, each under a partner of that kind.
    let found = s75(&bare);
    assert_eq!(
        found
            .iter()
            .filter(|c| **c == C::Section75Functions)
            .count(),
        2,
        "{found:?}"
    );
    bare.finance.pooled_budget = false;
    bare.finance.risk_shares.clear();
    bare.details.template = "health-and-care-partnership".into();
    assert_eq!(s75(&bare), [], "not a pooled arrangement");
    // The template alone makes it one.
    bare.details.template = "integrated-care-pooled-budget".into();
    assert!(!s75(&bare).is_empty());
}
