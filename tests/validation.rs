//! Validation rules, each shown to fire on a realistic agreement with one thing
//! broken, and to stay quiet on the complete example.

mod common;

use chrono::NaiveDate;
use mou_core::model::{
    Agreement, PartnerId, RaciRole, ReviewStatus, RiskBand, RiskBands, clause_keys,
};
use mou_core::validation::{self, Config, FindingCode as C, Severity, final_blockers, validate};
use rust_decimal::Decimal;

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

#[test]
fn each_rule_fires_on_its_own_mistake() {
    let config = Config::default();
    let clean = validate(&common::example(), &config);
    for (what, mutate, code, path, severity) in CASES {
        assert!(
            !clean
                .iter()
                .any(|f| f.code == *code && f.path.starts_with(path)),
            "{what}: already reported before the change"
        );
        let mut a = common::example();
        mutate(&mut a);
        let findings = validate(&a, &config);
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
        assert!(
            hit.message.len() > 40 && hit.message.ends_with('.'),
            "{what}: message too thin: {}",
            hit.message
        );
    }
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
