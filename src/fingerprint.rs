//! A document's fingerprint: a digest of exactly what it shows — the agreement's
//! content, the template's files, final or draft, and this program's version. The
//! same input always gives the same fingerprint (and the same PDF bytes); a change
//! to any of them gives another. Its first 40 bits are printed on every page as
//! eight characters a person can read aloud on the phone, such as `K7QF-2MXA`.

use crate::templates::Template;
use sha2::{Digest, Sha256};
use std::fmt;

/// Names this digest's recipe, so a later recipe can never collide with it.
/// Recipe 2 puts the agreement file last, so a PDF's embedded agreement can be
/// checked against its fingerprint with the rest (its `Context`) from the stamp.
const DOMAIN: &[u8] = b"MoU Builder document fingerprint, recipe 2";
const CONTEXT_DOMAIN: &[u8] = b"MoU Builder document context, recipe 2";

/// Crockford's base 32: digits and capitals without I, L, O and U, which are easy
/// to mishear or misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in the short form, without its dash (5 bits each: 40 bits).
const SHORT_LEN: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a document: what it shows besides the agreement
    /// (`context`), and the agreement file it shows (`exchange::to_json`, the
    /// bytes the PDF embeds).
    pub fn of(context: &[u8; 32], agreement_file: &[u8]) -> Fingerprint {
        let mut h = Sha256::new();
        part(&mut h, DOMAIN);
        part(&mut h, context);
        part(&mut h, agreement_file);
        Fingerprint(h.finalize().into())
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The form printed on the page: `K7QF-2MXA`.
    pub fn short(&self) -> String {
        let bits = self.0[..5]
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars: String = (0..SHORT_LEN)
            .map(|i| ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize] as char)
            .collect();
        format!("{}-{}", &chars[..4], &chars[4..])
    }

    /// All 256 bits, as 64 lower-case hex digits (stored in the PDF and the library).
    pub fn hex(&self) -> String {
        hex(&self.0)
    }

    pub fn from_hex(s: &str) -> Option<Fingerprint> {
        let bytes = from_hex(s)?;
        Some(Fingerprint(bytes.try_into().ok()?))
    }
}

/// What a document shows besides its agreement: the template's files, final or
/// draft, this program's version, and whatever else the document adds (the
/// history of versions, an appendix of changes).
pub struct Context(Sha256);

impl Context {
    pub fn new(template: &Template, final_: bool) -> Context {
        let mut h = Sha256::new();
        part(&mut h, CONTEXT_DOMAIN);
        part(&mut h, &template.fingerprint());
        part(&mut h, &[u8::from(final_)]);
        part(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
        Context(h)
    }

    /// The context with more of what the document shows.
    pub fn and(mut self, more: &[u8]) -> Context {
        part(&mut self.0, more);
        self
    }

    pub fn digest(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.short())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// A short fingerprint as a person may type it back (`k7qf 2mxa`, `K7QF2MXA`, an O
/// for a zero): the printed form, or `None` if it cannot be one.
pub fn normalise_short(typed: &str) -> Option<String> {
    let chars: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let valid = chars.len() == SHORT_LEN && chars.bytes().all(|b| ALPHABET.contains(&b));
    valid.then(|| format!("{}-{}", &chars[..4], &chars[4..]))
}

/// Feeds one length-prefixed part, so no two different inputs run together alike.
fn part(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_form_is_forty_bits_in_crockford_base_32() {
        let mut bytes = [0u8; 32];
        bytes[..5].copy_from_slice(&[0xff, 0x00, 0x00, 0x00, 0x01]);
        // 11111 11100 00000 … 00001
        assert_eq!(Fingerprint(bytes).short(), "ZW00-0001");
        assert_eq!(Fingerprint([0; 32]).short(), "0000-0000");
    }

    #[test]
    fn typed_fingerprints_are_read_generously() {
        assert_eq!(normalise_short("k7qf 2mxa").as_deref(), Some("K7QF-2MXA"));
        assert_eq!(normalise_short("K7QF-2MXO").as_deref(), Some("K7QF-2MX0"));
        assert_eq!(normalise_short("K7QF-2MX"), None);
        assert_eq!(normalise_short("K7QF-2MXU"), None);
    }

    #[test]
    fn hex_round_trips() {
        let f = Fingerprint([0xab; 32]);
        assert_eq!(Fingerprint::from_hex(&f.hex()), Some(f));
        assert_eq!(Fingerprint::from_hex("abc"), None);
    }
}
