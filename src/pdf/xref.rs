//! The cross-reference stream, compressed. lopdf writes it uncompressed: seven
//! bytes for every object, 13 KB of the example's 200. It is the last object in
//! the file, so it can be written again in place with nothing else moving:
//! rows run through the PNG "Up" predictor (each byte less the one above it,
//! which turns rising offsets into runs of zeros) and deflated.

use super::PdfError;

const STARTXREF: &[u8] = b"startxref";
const STREAM: &[u8] = b">>stream\n";
const END: &[u8] = b"\nendstream";
/// The PNG predictor number for "Up" on every row (ISO 32000-1, 7.4.4.4).
const PNG_UP: i64 = 12;
const PNG_UP_ROW_TAG: u8 = 2;

/// Compresses the cross-reference stream at the end of `bytes` (as lopdf
/// writes it: the last object, uncompressed).
pub(super) fn compress(bytes: &mut Vec<u8>) -> Result<(), PdfError> {
    let fail = |what: &str| {
        PdfError::Assemble(format!(
            "cannot compress the cross-reference stream: {what}"
        ))
    };
    let at = rfind(bytes, STARTXREF).ok_or_else(|| fail("no startxref"))?;
    let offset: usize = std::str::from_utf8(&bytes[at + STARTXREF.len()..])
        .ok()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| fail("no offset after startxref"))?;
    let object = bytes
        .get(offset..at)
        .ok_or_else(|| fail("offset out of the file"))?;
    let open = find(object, b"<<").ok_or_else(|| fail("no dictionary"))?;
    let close = find(object, STREAM).ok_or_else(|| fail("no stream"))?;
    let dict =
        std::str::from_utf8(&object[open..close + 2]).map_err(|_| fail("dictionary not text"))?;
    if dict.contains("/Filter") {
        return Ok(());
    }
    let length = number_after(dict, "/Length").ok_or_else(|| fail("no length"))?;
    let columns: usize = widths(dict).ok_or_else(|| fail("no widths"))?.iter().sum();
    let start = close + STREAM.len();
    let rows = object
        .get(start..start + length)
        .ok_or_else(|| fail("stream cut short"))?;
    if !object[start + length..].starts_with(END) || columns == 0 || length % columns != 0 {
        return Err(fail("not the stream lopdf writes"));
    }
    let predicted = up_predicted(rows, columns);
    let deflated = super::zlib(&predicted).ok_or_else(|| fail("deflate failed"))?;
    let dict = format!(
        "{}/Filter/FlateDecode/DecodeParms<</Predictor {PNG_UP}/Columns {columns}>>>>",
        dict[..dict.len() - 2].replace(
            &format!("/Length {length}"),
            &format!("/Length {}", deflated.len())
        )
    );
    let mut tail = Vec::with_capacity(deflated.len() + 256);
    tail.extend_from_slice(&object[..open]);
    tail.extend_from_slice(dict.as_bytes());
    tail.extend_from_slice(&STREAM[2..]);
    tail.extend_from_slice(&deflated);
    tail.extend_from_slice(b"\nendstream\nendobj\n");
    tail.extend_from_slice(format!("startxref\n{offset}\n%%EOF").as_bytes());
    bytes.truncate(offset);
    bytes.extend_from_slice(&tail);
    Ok(())
}

/// Each row tagged "Up" and its bytes less those of the row above.
fn up_predicted(rows: &[u8], columns: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() + rows.len() / columns);
    let mut above = vec![0u8; columns];
    for row in rows.chunks(columns) {
        out.push(PNG_UP_ROW_TAG);
        for (b, up) in row.iter().zip(above.iter_mut()) {
            out.push(b.wrapping_sub(*up));
            *up = *b;
        }
    }
    out
}

fn number_after(dict: &str, key: &str) -> Option<usize> {
    let at = dict.find(key)? + key.len();
    let digits: String = dict[at..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The /W array: how many bytes each field of a row takes.
fn widths(dict: &str) -> Option<Vec<usize>> {
    let at = dict.find("/W")? + 2;
    let rest = dict[at..].trim_start().strip_prefix('[')?;
    let end = rest.find(']')?;
    rest[..end]
        .split_whitespace()
        .map(|n| n.parse().ok())
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_up_predictor_undoes_to_the_rows() {
        let rows: Vec<u8> = (0..70u8).map(|i| i.wrapping_mul(37)).collect();
        let predicted = up_predicted(&rows, 7);
        let mut above = [0u8; 7];
        let mut back = Vec::new();
        for row in predicted.chunks(8) {
            assert_eq!(row[0], PNG_UP_ROW_TAG);
            for (i, b) in row[1..].iter().enumerate() {
                above[i] = b.wrapping_add(above[i]);
                back.push(above[i]);
            }
        }
        assert_eq!(back, rows);
    }
}
