//! Step 2: the partners, their names, types and signatories.

use super::wording::numbered;
use super::{Ctx, FindingCode as C, blank};
use crate::model::Step;
use std::collections::HashMap;

pub(super) fn check(ctx: &mut Ctx) {
    let s = Step::Partners;
    let partners = &ctx.agreement.partners;
    if partners.len() < 2 {
        ctx.error(s, "partners", C::TooFewPartners, format!(
            "A memorandum of understanding needs at least two partners; this one has {}. Add the organisations that will sign it.", partners.len()));
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, p) in partners.iter().enumerate() {
        let who = numbered("Partner", i, &p.name);
        let path = |field: &str| format!("partners[{i}].{field}");
        if blank(p.id.as_str()) {
            ctx.error(s, path("id"), C::PartnerIdMissing, format!(
                "{who} has no id, so nothing else in the agreement can refer to it. Remove the partner and add it again, or give it an id in the file."));
        } else if let Some(first) = ids.insert(p.id.as_str(), i) {
            ctx.error(s, path("id"), C::PartnerIdDuplicate, format!(
                "{who} has the same id (\"{}\") as partner {}. Give each partner its own id in the file.", p.id, first + 1));
        }
        if blank(&p.name) {
            ctx.error(
                s,
                path("name"),
                C::PartnerNameMissing,
                format!("{who} has no name. Enter the organisation's name."),
            );
        } else if let Some(first) = names.insert(normalise(&p.name), i) {
            ctx.error(s, path("name"), C::PartnerNameDuplicate, format!(
                "{who} has the same name as partner {}. Partner names must be unique: remove the repeat or tell the two apart (for example by adding the area).", first + 1));
        }
        if p.kind.is_none() {
            ctx.error(s, path("type"), C::PartnerTypeMissing, format!(
                "{who} has no organisation type. Choose one (NHS provider, Integrated Care Board, local authority, voluntary sector, primary care, patient and carer representatives, or other)."));
        }
        if blank(&p.signatory.name) {
            ctx.error(s, path("signatory.name"), C::SignatoryNameMissing, format!(
                "{who} has no signatory. Enter the name of the person who will sign for the organisation."));
        }
        if blank(&p.signatory.job_title) {
            ctx.error(s, path("signatory.job_title"), C::SignatoryJobTitleMissing, format!(
                "{who}'s signatory has no job title. Enter it as it should appear under the signature, for example \"Chief Executive\"."));
        }
        if blank(&p.lead_contact.name) {
            ctx.warning(s, path("lead_contact.name"), C::LeadContactMissing, format!(
                "{who} has no lead contact. Add the person the partnership should talk to day to day."));
        }
        let email = p.lead_contact.email.trim();
        if !email.is_empty() && !plausible_email(email) {
            ctx.warning(s, path("lead_contact.email"), C::EmailInvalid, format!(
                "{who}'s lead contact e-mail \"{email}\" does not look like an e-mail address. Check it for typing mistakes."));
        }
    }
    if let Some(host) = &ctx.agreement.host_partner {
        ctx.check_partner_ref(s, "host_partner", host, "The host partner");
    }
}

/// Case- and space-insensitive form of a name, for spotting repeats.
fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Catches typing mistakes, not every invalid address: one @, something either side,
/// a dot in the domain, no spaces.
fn plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plausible_email_catches_typing_mistakes() {
        assert!(super::plausible_email("jo.bloggs@nhs.net"));
        assert!(!super::plausible_email("jo.bloggs.nhs.net"));
        assert!(!super::plausible_email("jo@nhs"));
        assert!(!super::plausible_email("jo@@nhs.net"));
        assert!(!super::plausible_email("jo bloggs@nhs.net"));
    }
}
