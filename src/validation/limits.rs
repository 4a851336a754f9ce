//! Text the document sets where it cannot break across pages — the title page,
//! headings, the cover's parties, signature blocks, glossary terms — has a length
//! limit, so nothing is ever drawn over the footer or off the page. Each limit is
//! said in plain English with the length found; a document is not laid out while
//! any is exceeded (draft or final).

use super::{Finding, FindingCode as C, Severity};
use crate::model::{Agreement, Step};

/// The longest each kind of text may be, in characters: room to spare on one page
/// at the size the document sets it.
pub const TITLE: usize = 300;
pub const NAME: usize = 200;
pub const HEADING: usize = 200;
pub const SIGNATORY: usize = 150;
pub const TERM: usize = 150;
pub const REFERENCE: usize = 100;

/// Every text over its limit, as an error at its field.
pub fn check(a: &Agreement) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut limit = |step: Step, path: String, what: String, text: &str, max: usize| {
        let n = text.trim().chars().count();
        if n > max {
            out.push(Finding {
                severity: Severity::Error,
                step,
                path,
                code: C::TooLong,
                message: format!(
                    "{what} is too long to set on a page: at most {max} characters; this one has {}. Shorten it (the detail can go in the text below it).",
                    group_thousands(n)
                ),
            });
        }
    };
    let d = &a.details;
    limit(
        Step::Details,
        "details.title".into(),
        "The title".into(),
        &d.title,
        TITLE,
    );
    limit(
        Step::Details,
        "details.partnership_name".into(),
        "The partnership's name".into(),
        &d.partnership_name,
        NAME,
    );
    limit(
        Step::Details,
        "details.reference".into(),
        "The reference".into(),
        &d.reference,
        REFERENCE,
    );
    for (i, p) in a.partners.iter().enumerate() {
        let n = i + 1;
        limit(
            Step::Partners,
            format!("partners[{i}].name"),
            format!("Partner {n}'s name"),
            &p.name,
            NAME,
        );
        limit(
            Step::Partners,
            format!("partners[{i}].signatory.name"),
            format!("Partner {n}'s signatory's name"),
            &p.signatory.name,
            SIGNATORY,
        );
        limit(
            Step::Partners,
            format!("partners[{i}].signatory.job_title"),
            format!("Partner {n}'s signatory's job title"),
            &p.signatory.job_title,
            SIGNATORY,
        );
    }
    limit(
        Step::Governance,
        "governance.board_name".into(),
        "The board's name".into(),
        &a.governance.board_name,
        NAME,
    );
    for (i, c) in a.clauses.iter().enumerate().filter(|(_, c)| c.enabled) {
        limit(
            Step::Clauses,
            format!("clauses[{i}].title"),
            format!("Clause {}'s heading", i + 1),
            &c.title,
            HEADING,
        );
    }
    for (i, g) in a.glossary.iter().enumerate() {
        limit(
            Step::Glossary,
            format!("glossary[{i}].term"),
            format!("Term {}", i + 1),
            &g.term,
            TERM,
        );
    }
    out
}

/// 1480 → "1,480".
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_said_as_people_write_them() {
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(1480), "1,480");
        assert_eq!(group_thousands(111_000), "111,000");
    }

    #[test]
    fn a_title_at_the_limit_passes_and_one_over_is_refused_counting_characters() {
        let mut a = Agreement::new("t");
        // Characters, not bytes: 300 Welsh letters with accents are 600 bytes.
        a.details.title = "ŵ".repeat(TITLE);
        assert!(check(&a).is_empty());
        a.details.title.push('ŷ');
        let found = check(&a);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "details.title");
        assert!(
            found[0]
                .message
                .contains("at most 300 characters; this one has 301"),
            "{}",
            found[0].message
        );
    }
}
