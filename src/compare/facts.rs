//! Every step of an agreement as a flat list of facts, each entity keyed by what
//! stays the same when it is edited: a partner by its id, a risk by its reference,
//! a clause by its key, a glossary term, a RACI activity or an objective by its
//! name. Texts are as a reader sees them: partner names, not ids; money in pounds.

use crate::model::{Agreement, PartnerId, RiskBands, Step};
use crate::templates::filters::format_money;
use std::collections::HashMap;

/// One field of one entity of one step.
pub(super) struct Fact {
    pub step: Step,
    /// The entity's stable key within its step.
    pub key: String,
    /// The entity, as the comparison names it.
    pub entity: String,
    /// The field; empty for an entity that is a single text.
    pub field: String,
    pub text: String,
}

struct Facts<'a> {
    agreement: &'a Agreement,
    /// The name each partner is shown by, the same on both sides of a comparison,
    /// so renaming a partner is one change and not one per reference to it.
    names: &'a Names,
    out: Vec<Fact>,
}

impl Facts<'_> {
    fn push(&mut self, step: Step, key: &str, entity: &str, field: &str, text: impl Into<String>) {
        let text = text.into();
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.out.push(Fact {
            step,
            key: key.to_string(),
            entity: entity.to_string(),
            field: field.to_string(),
            text: text.to_string(),
        });
    }

    fn partner(&self, id: &PartnerId) -> String {
        self.names
            .partners
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn maybe_partner(&self, id: &Option<PartnerId>) -> String {
        id.as_ref().map(|id| self.partner(id)).unwrap_or_default()
    }
}

/// The names to show partners by when comparing `before` with `after`: the
/// newer name of each partner, and the old one of a partner since removed.
pub(super) fn names(before: &Agreement, after: &Agreement) -> Names {
    Names {
        partners: before
            .partners
            .iter()
            .chain(&after.partners)
            .map(|p| (p.id.clone(), p.name.trim().to_string()))
            .collect(),
        objectives: before
            .objectives
            .iter()
            .chain(&after.objectives)
            .filter(|o| !o.id.trim().is_empty())
            .map(|o| (o.id.clone(), o.title.trim().to_string()))
            .collect(),
    }
}

/// What partners and objectives are called in a comparison, the same on both
/// sides: the newer name, or the old one of an item since removed.
pub(super) struct Names {
    partners: HashMap<PartnerId, String>,
    /// By stable id: a measure refers to its objective by id.
    objectives: HashMap<String, String>,
}

/// The facts of every step, in step order.
pub(super) fn of(a: &Agreement, bands: &RiskBands, names: &Names) -> Vec<Fact> {
    let mut f = Facts {
        agreement: a,
        names,
        out: Vec::new(),
    };
    details(&mut f);
    partners(&mut f);
    plan(&mut f);
    roles(&mut f);
    governance(&mut f);
    finance(&mut f);
    risks(&mut f, bands);
    clauses(&mut f);
    glossary(&mut f);
    f.out
}

/// An item's key: its stable id, or its name for an item saved before ids existed.
fn stable_key(id: &str, name: &str) -> String {
    if id.trim().is_empty() {
        format!("name:{}", name.trim().to_lowercase())
    } else {
        format!("id:{}", id.trim())
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_default()
}

fn details(f: &mut Facts) {
    let d = &f.agreement.details;
    let s = Step::Details;
    for (field, text) in [
        ("title", d.title.clone()),
        ("reference", d.reference.clone()),
        ("partnership", d.partnership_name.clone()),
        ("start date", date(d.start_date)),
        ("end date", date(d.end_date)),
        ("review date", date(d.review_date)),
        ("extension", extension(&d.extension)),
    ] {
        f.push(s, field, "Agreement details", field, text);
    }
}

/// "2 × 12 months, by the written agreement of every partner"; empty for none.
fn extension(x: &crate::model::Extension) -> String {
    if x.times == 0 {
        return String::new();
    }
    let how = x.how_agreed.trim();
    let mut text = format!("{} × {} months", x.times, x.months);
    if !how.is_empty() {
        text = format!("{text}, {how}");
    }
    text
}

fn partners(f: &mut Facts) {
    let s = Step::Partners;
    let a = f.agreement;
    for p in &a.partners {
        let key = p.id.to_string();
        let entity = format!("Partner \"{}\"", f.partner(&p.id));
        let host = a.host_partner.as_ref() == Some(&p.id);
        for (field, text) in [
            ("name", p.name.clone()),
            ("short name", p.short_name.clone()),
            (
                "type",
                p.kind.map(|k| k.label().to_string()).unwrap_or_default(),
            ),
            ("address", p.address.clone()),
            (
                "lead contact",
                contact(&[
                    &p.lead_contact.name,
                    &p.lead_contact.job_title,
                    &p.lead_contact.email,
                    &p.lead_contact.phone,
                ]),
            ),
            (
                "signatory",
                contact(&[&p.signatory.name, &p.signatory.job_title]),
            ),
            (
                "host partner",
                if host { "yes".into() } else { String::new() },
            ),
        ] {
            f.push(s, &key, &entity, field, text);
        }
        // Each function an item of its own, so one added or removed reads as such.
        let of = format!("Function of {}", f.partner(&p.id));
        for function in &p.functions {
            let item = format!("{key}:function:{}", function.trim().to_lowercase());
            f.push(s, &item, &of, "", function.clone());
        }
    }
}

fn contact(parts: &[&String]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn plan(f: &mut Facts) {
    let a = f.agreement;
    let v = &a.vision;
    for (field, text) in [
        ("background", &v.background),
        ("shared vision", &v.vision_statement),
        ("population served", &v.population),
        ("eligibility", &v.eligibility),
    ] {
        f.push(
            Step::Vision,
            field,
            "Background and vision",
            field,
            text.clone(),
        );
    }
    for (kind, list) in [("In scope", &v.in_scope), ("Out of scope", &v.out_of_scope)] {
        for item in list {
            let key = format!("{kind}:{}", item.trim().to_lowercase());
            f.push(Step::Vision, &key, kind, "", item.clone());
        }
    }
    for o in &a.objectives {
        // By stable id when it has one, so a renamed objective is one change.
        let key = stable_key(&o.id, &o.title);
        let entity = format!("Objective \"{}\"", o.title.trim());
        f.push(Step::Objectives, &key, &entity, "title", o.title.clone());
        f.push(
            Step::Objectives,
            &key,
            &entity,
            "description",
            o.description.clone(),
        );
        f.push(
            Step::Objectives,
            &key,
            &entity,
            "measure of success",
            o.measure.clone(),
        );
        f.push(
            Step::Objectives,
            &key,
            &entity,
            "target date",
            date(o.target_date),
        );
        let lead = f.maybe_partner(&o.lead_partner);
        f.push(Step::Objectives, &key, &entity, "lead partner", lead);
    }
    for m in &a.performance.measures {
        let key = format!("measure:{}", m.indicator.trim().to_lowercase());
        let entity = format!("Measure \"{}\"", m.indicator.trim());
        let objective = f
            .names
            .objectives
            .get(&m.objective)
            .cloned()
            .unwrap_or_default();
        for (field, text) in [
            ("indicator", m.indicator.clone()),
            ("objective", objective),
            ("baseline", m.baseline.clone()),
            ("target", m.target.clone()),
            ("frequency", m.frequency.clone()),
            ("reported to", m.reported_to.clone()),
        ] {
            f.push(Step::Objectives, &key, &entity, field, text);
        }
    }
    f.push(
        Step::Objectives,
        "performance review",
        "Performance",
        "review arrangements",
        a.performance.review_arrangements.clone(),
    );
    let p = &a.principles;
    for v in &p.values {
        let key = format!("value:{}", v.title.trim().to_lowercase());
        let entity = format!("Principle \"{}\"", v.title.trim());
        f.push(Step::Principles, &key, &entity, "title", v.title.clone());
        f.push(
            Step::Principles,
            &key,
            &entity,
            "description",
            v.description.clone(),
        );
    }
    for (kind, list) in [
        ("Behaviour we will show", &p.behaviours_expected),
        ("Behaviour we will avoid", &p.behaviours_avoided),
    ] {
        for b in list {
            let key = format!("{kind}:{}", b.trim().to_lowercase());
            f.push(Step::Principles, &key, kind, "", b.clone());
        }
    }
}

fn roles(f: &mut Facts) {
    let a = f.agreement;
    for r in &a.roles.responsibilities {
        let name = f.partner(&r.partner);
        let key = format!("responsibilities:{}", r.partner);
        let entity = format!("Responsibilities of {name}");
        for item in &r.items {
            // Each item its own field, so an added or removed duty is one change.
            let field = item.trim().to_lowercase();
            f.push(Step::Roles, &key, &entity, &field, item.clone());
        }
    }
    for act in &a.roles.raci {
        let key = format!("raci:{}", stable_key(&act.id, &act.activity));
        let entity = format!("RACI \"{}\"", act.activity.trim());
        f.push(Step::Roles, &key, &entity, "activity", act.activity.clone());
        for (id, letters) in &act.roles {
            let letters: Vec<String> = letters.iter().map(|l| format!("{l:?}")).collect();
            let partner = f.partner(id);
            f.push(Step::Roles, &key, &entity, &partner, letters.join(", "));
        }
    }
}

fn governance(f: &mut Facts) {
    let g = &f.agreement.governance;
    let s = Step::Governance;
    let board = "Governance";
    for (field, text) in [
        ("board", &g.board_name),
        ("purpose", &g.purpose),
        ("chair", &g.chair),
        ("meets", &g.meeting_frequency),
        ("quorum", &g.quorum),
        ("decision-making", &g.decision_making),
        ("reporting", &g.reporting),
    ] {
        f.push(s, "board", board, field, text.clone());
    }
    for m in &g.membership {
        let partner = f.maybe_partner(&m.partner);
        let who = m
            .partner
            .as_ref()
            .map(PartnerId::to_string)
            .unwrap_or_default();
        let key = format!("member:{}:{who}", m.role.trim().to_lowercase());
        let entity = format!("Board member \"{}\"", m.role.trim());
        f.push(s, &key, &entity, "partner", partner);
        f.push(
            s,
            &key,
            &entity,
            "voting",
            if m.voting { "yes" } else { "no" },
        );
    }
    for (i, level) in g.escalation_levels.iter().enumerate() {
        let key = format!("escalation:{}", i + 1);
        let entity = format!("Escalation level {}", i + 1);
        f.push(s, &key, &entity, "who", level.who.clone());
        f.push(s, &key, &entity, "timescale", level.timescale.clone());
    }
}

fn finance(f: &mut Facts) {
    let a = f.agreement;
    let fin = &a.finance;
    let s = Step::Finance;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let money = "Money";
    f.push(
        s,
        "money",
        money,
        "money involved",
        yes_no(fin.money_involved),
    );
    f.push(
        s,
        "money",
        money,
        "pooled budget",
        yes_no(fin.pooled_budget),
    );
    let host = f.maybe_partner(&fin.pooled_budget_host);
    f.push(s, "money", money, "pooled budget host", host);
    if let Some(total) = fin.total_contributions() {
        f.push(
            s,
            "money",
            money,
            "total contributions",
            format_money(total),
        );
    }
    for (field, text) in [
        ("overspend", &fin.overspend_arrangements),
        ("underspend", &fin.underspend_arrangements),
        ("incentives", &fin.incentives),
    ] {
        f.push(s, "money", money, field, text.clone());
    }
    for c in &fin.contributions {
        let partner = f.maybe_partner(&c.partner);
        let who = c
            .partner
            .as_ref()
            .map(PartnerId::to_string)
            .unwrap_or_default();
        let key = format!("contribution:{who}:{}", c.description.trim().to_lowercase());
        let entity = format!("Contribution of {partner} ({})", c.description.trim());
        f.push(s, &key, &entity, "amount", format_money(c.amount_gbp));
    }
    for k in &fin.in_kind {
        let partner = f.maybe_partner(&k.partner);
        let who = k
            .partner
            .as_ref()
            .map(PartnerId::to_string)
            .unwrap_or_default();
        let key = format!("in kind:{who}:{}", k.description.trim().to_lowercase());
        let entity = format!(
            "Contribution in kind of {partner} ({})",
            k.description.trim()
        );
        let kind = k.kind.map(|k| k.label().to_string()).unwrap_or_default();
        f.push(s, &key, &entity, "description", k.description.clone());
        f.push(s, &key, &entity, "kind", kind);
        f.push(
            s,
            &key,
            &entity,
            "value",
            k.value_gbp.map(format_money).unwrap_or_default(),
        );
    }
    for r in &fin.risk_shares {
        let partner = f.maybe_partner(&r.partner);
        let who = r
            .partner
            .as_ref()
            .map(PartnerId::to_string)
            .unwrap_or_default();
        let key = format!("share:{who}");
        let entity = format!("Risk share of {partner}");
        f.push(
            s,
            &key,
            &entity,
            "share",
            format!("{}%", r.percent.normalize()),
        );
    }
}

fn risks(f: &mut Facts, bands: &RiskBands) {
    let s = Step::Risks;
    let a = f.agreement;
    let rating = |l: Option<u8>, c: Option<u8>| match (l, c) {
        (Some(l), Some(c)) => {
            let score = l * c;
            let band = bands.band(score).map(|b| b.name.as_str()).unwrap_or("");
            format!("{score} {band} (likelihood {l} × consequence {c})")
        }
        _ => String::new(),
    };
    for r in &a.risks {
        let key = r.id.trim().to_lowercase();
        let entity = format!("Risk {}", r.id.trim());
        let owner = f.maybe_partner(&r.owner);
        for (field, text) in [
            ("description", r.description.clone()),
            (
                "category",
                r.category
                    .map(|c| c.label().to_string())
                    .unwrap_or_default(),
            ),
            ("score", rating(r.likelihood, r.consequence)),
            ("owner", owner),
            ("mitigation", r.mitigation.clone()),
            (
                "score after mitigation",
                rating(r.residual_likelihood, r.residual_consequence),
            ),
            ("review date", date(r.review_date)),
        ] {
            f.push(s, &key, &entity, field, text);
        }
    }
}

fn clauses(f: &mut Facts) {
    for c in &f.agreement.clauses {
        let key = c.key.clone();
        let entity = format!("Clause \"{}\"", c.title.trim());
        f.push(
            Step::Clauses,
            &key,
            &entity,
            "included",
            if c.enabled { "yes" } else { "no" },
        );
        f.push(Step::Clauses, &key, &entity, "heading", c.title.clone());
        f.push(
            Step::Clauses,
            &key,
            &entity,
            "binding",
            if c.binding { "yes" } else { "no" },
        );
        f.push(Step::Clauses, &key, &entity, "text", c.text.clone());
    }
}

fn glossary(f: &mut Facts) {
    for g in &f.agreement.glossary {
        let key = g.term.trim().to_lowercase();
        let entity = format!("Term \"{}\"", g.term.trim());
        f.push(Step::Glossary, &key, &entity, "meaning", g.meaning.clone());
    }
}
