//! "Ten times the content": the example with every list and long text repeated,
//! partners aside (a RACI matrix with 80 columns is no document). Shared by the
//! tests and the benchmarks.

use mou_core::model::Agreement;

pub fn times(a: &Agreement, n: usize) -> Agreement {
    let mut big = a.clone();
    for k in 1..n {
        let tag = |s: &str| format!("{s} ({k})");
        big.vision
            .background
            .push_str(&format!("\n\n{}", a.vision.background));
        big.objectives
            .extend(a.objectives.iter().cloned().map(|mut o| {
                o.title = tag(&o.title);
                o
            }));
        big.principles
            .values
            .extend(a.principles.values.iter().cloned());
        big.principles
            .behaviours_expected
            .extend(a.principles.behaviours_expected.iter().cloned());
        big.principles
            .behaviours_avoided
            .extend(a.principles.behaviours_avoided.iter().cloned());
        for (r, original) in big
            .roles
            .responsibilities
            .iter_mut()
            .zip(&a.roles.responsibilities)
        {
            r.items.extend(original.items.iter().cloned());
        }
        big.roles
            .raci
            .extend(a.roles.raci.iter().cloned().map(|mut r| {
                r.activity = tag(&r.activity);
                r
            }));
        big.governance
            .membership
            .extend(a.governance.membership.iter().cloned());
        big.governance
            .escalation_levels
            .extend(a.governance.escalation_levels.iter().cloned());
        big.finance
            .contributions
            .extend(a.finance.contributions.iter().cloned());
        big.risks.extend(a.risks.iter().cloned().map(|mut r| {
            r.id = format!("{}-{k}", r.id);
            r
        }));
        big.clauses.extend(a.clauses.iter().cloned().map(|mut c| {
            c.key = tag(&c.key);
            c
        }));
        big.glossary.extend(a.glossary.iter().cloned().map(|mut g| {
            g.term = tag(&g.term);
            g
        }));
    }
    big
}
