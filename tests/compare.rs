//! Comparing two states of an agreement lists exactly the edits made, step by
//! step, with words marked; renaming a partner is one change.

mod common;

use mou_core::compare::{ChangeKind, Comparison, WordsTag, compare};
use mou_core::model::{Agreement, GlossaryTerm, RaciRole, RiskBands, Step};

fn diff(before: &Agreement, after: &Agreement) -> Comparison {
    compare(before, after, &RiskBands::default(), "0.4", "draft")
}

/// (step, kind, entity, field) of every change.
fn listed(c: &Comparison) -> Vec<(Step, ChangeKind, String, String)> {
    c.steps
        .iter()
        .flat_map(|s| {
            s.changes
                .iter()
                .map(move |ch| (s.step, ch.kind, ch.entity.clone(), ch.field.clone()))
        })
        .collect()
}

#[test]
fn the_same_agreement_has_no_changes() {
    let a = common::example();
    assert_eq!(diff(&a, &a).count(), 0);
}

#[test]
fn an_edited_copy_lists_exactly_its_edits() {
    let before = common::example();
    let mut after = before.clone();
    after.partners[3].name = "Hollinsmoor Council".into();
    after.risks[0].likelihood = Some(2);
    after.risks[0].mitigation = after.risks[0].mitigation.replace("Monthly", "Weekly");
    after.glossary.push(GlossaryTerm {
        term: "D2A".into(),
        meaning: "Discharge to assess.".into(),
    });
    let removed = after.objectives.remove(1);
    after.roles.raci[0]
        .roles
        .insert("icb".into(), vec![RaciRole::R, RaciRole::C]);
    after.finance.contributions[0].amount_gbp = "4300000.00".parse().expect("amount");
    after.clauses[2].enabled = false;

    let c = diff(&before, &after);
    let e =
        |step, kind, entity: &str, field: &str| (step, kind, entity.to_string(), field.to_string());
    let icb = &before.partners[0].name;
    assert_eq!(
        listed(&c),
        [
            e(
                Step::Partners,
                ChangeKind::Changed,
                "Partner \"Hollinsmoor Council\"",
                "name"
            ),
            e(
                Step::Objectives,
                ChangeKind::Removed,
                &format!("Objective \"{}\"", removed.title),
                ""
            ),
            e(
                Step::Roles,
                ChangeKind::Changed,
                &format!("RACI \"{}\"", before.roles.raci[0].activity),
                icb
            ),
            e(
                Step::Finance,
                ChangeKind::Changed,
                "Money",
                "total contributions"
            ),
            e(
                Step::Finance,
                ChangeKind::Changed,
                &format!(
                    "Contribution of {icb} ({})",
                    before.finance.contributions[0].description
                ),
                "amount"
            ),
            e(Step::Risks, ChangeKind::Changed, "Risk R01", "score"),
            e(Step::Risks, ChangeKind::Changed, "Risk R01", "mitigation"),
            e(
                Step::Clauses,
                ChangeKind::Changed,
                &format!("Clause \"{}\"", before.clauses[2].title),
                "included"
            ),
            e(Step::Glossary, ChangeKind::Added, "Term \"D2A\"", ""),
        ]
    );
    // Scores carry their band; money is in pounds; words are marked.
    let risks = &c
        .steps
        .iter()
        .find(|s| s.step == Step::Risks)
        .expect("risks")
        .changes;
    assert_eq!(risks[0].before, "20 Extreme (likelihood 4 × consequence 5)");
    assert_eq!(risks[0].after, "10 High (likelihood 2 × consequence 5)");
    let marked: Vec<(WordsTag, &str)> = risks[1]
        .words
        .iter()
        .filter(|w| w.tag != WordsTag::Same)
        .map(|w| (w.tag, w.text.as_str()))
        .collect();
    assert_eq!(
        marked,
        [
            (WordsTag::Deleted, "Monthly"),
            (WordsTag::Inserted, "Weekly")
        ]
    );
    let money = &c
        .steps
        .iter()
        .find(|s| s.step == Step::Finance)
        .expect("money")
        .changes;
    assert_eq!(
        (money[0].before.as_str(), money[0].after.as_str()),
        ("£31,680,000", "£21,130,000")
    );
}

#[test]
fn partners_are_followed_by_id_through_additions_and_removals() {
    let before = common::example();
    let mut after = before.clone();
    let gone = after.partners.remove(7);
    let mut added = gone.clone();
    added.id = "hospice".into();
    added.name = "St Aidan's Hospice".into();
    after.partners.push(added);
    let c = diff(&before, &after);
    let partners = &c.steps[0];
    assert_eq!(partners.step, Step::Partners);
    assert_eq!(partners.changes[0].kind, ChangeKind::Removed);
    assert_eq!(
        partners.changes[0].entity,
        format!("Partner \"{}\"", gone.name)
    );
    assert_eq!(partners.changes[1].kind, ChangeKind::Added);
    assert_eq!(partners.changes[1].entity, "Partner \"St Aidan's Hospice\"");
}

#[test]
fn renamed_objectives_and_activities_are_one_change_each() {
    let before = common::example();
    let mut after = before.clone();
    after.objectives[0].title = "Fewer emergency admissions of people aged 65 and over".into();
    after.roles.raci[2].activity = "Produce the monthly pooled budget report".into();
    // Moving an item changes nothing a reader would call a change.
    after.objectives.swap(3, 4);
    let c = diff(&before, &after);
    assert_eq!(
        listed(&c),
        [
            (
                Step::Objectives,
                ChangeKind::Changed,
                "Objective \"Fewer emergency admissions of people aged 65 and over\"".to_string(),
                "title".to_string()
            ),
            (
                Step::Roles,
                ChangeKind::Changed,
                "RACI \"Produce the monthly pooled budget report\"".to_string(),
                "activity".to_string()
            ),
        ]
    );
}

/// The parts of a complete agreement are compared too: the extension, scope,
/// a partner's functions, contributions in kind and performance measures.
#[test]
fn the_newer_parts_are_compared_like_the_rest() {
    let before = common::example();
    let mut after = before.clone();
    after.details.extension.months = 12;
    after.vision.out_of_scope.push("Dentistry".into());
    after.partners[0].functions.clear();
    after.finance.in_kind[0].value_gbp = Some("170000.00".parse().expect("amount"));
    after.performance.measures[1].target = "90% by March 2029".into();
    let c = diff(&before, &after);
    let found: Vec<(Step, ChangeKind, String, String)> = listed(&c);
    let e = |step, kind, entity: String, field: &str| (step, kind, entity, field.to_string());
    assert_eq!(
        found,
        [
            e(
                Step::Details,
                ChangeKind::Changed,
                "Agreement details".into(),
                "extension"
            ),
            e(
                Step::Partners,
                ChangeKind::Removed,
                format!("Function of {}", before.partners[0].name),
                ""
            ),
            e(Step::Vision, ChangeKind::Added, "Out of scope".into(), ""),
            e(
                Step::Objectives,
                ChangeKind::Changed,
                format!("Measure \"{}\"", before.performance.measures[1].indicator),
                "target"
            ),
            e(
                Step::Finance,
                ChangeKind::Changed,
                format!(
                    "Contribution in kind of {} ({})",
                    before.partners[2].name, before.finance.in_kind[0].description
                ),
                "value"
            ),
        ]
    );
}
