//! The document as the bytes of a PDF 1.7 file: the streams (page contents,
//! fonts, the XMP, the embedded agreement) and the info dictionary written
//! plainly; every other object — the structure tree has one for each
//! paragraph and table cell — packed into compressed object streams; and a
//! compressed cross-reference stream.
//!
//! lopdf can write object streams too, but serialises every object twice and
//! compresses each stream anew: 8 ms for the example, more than the rest of the
//! PDF stage. Written here, an object stream that is the same as the last
//! render's comes from the memo of compressed streams (`content`).

use super::PdfError;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::io::Write;

/// Objects packed into one object stream.
const OBJECTS_PER_STREAM: usize = 500;
/// The header, and a comment of four bytes over 127 that marks the file as
/// binary (PDF/A asks for it).
const HEADER: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
/// Widths of a cross-reference row's fields: type, offset or stream, generation or index.
const XREF_WIDTHS: [usize; 3] = [1, 4, 2];
/// The PNG "Up" predictor on every row (ISO 32000-1, 7.4.4.4): each byte less
/// the one above it, which turns rising offsets into runs of zeros.
const PNG_UP: i64 = 12;
const PNG_UP_ROW_TAG: u8 = 2;
/// The generation of the free list's head, object 0.
const FREE_HEAD_GENERATION: u64 = 65535;

/// An object to pack into an object stream: lopdf's, or already written.
enum Packed<'a> {
    Object(&'a Object),
    Bytes(&'a [u8]),
}

/// Where an object is, for the cross-reference stream.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(usize),
    InStream { stream: u32, index: u32 },
}

/// Writes `doc`, and `written`: objects already in PDF syntax (the structure
/// elements). `plain` are objects kept out of object streams besides the
/// streams (the info dictionary, whose stamp and seal are found in the raw bytes).
pub(super) fn write(
    doc: &lopdf::Document,
    plain: &[ObjectId],
    written: &super::structure::Elements,
) -> Result<Vec<u8>, PdfError> {
    let fail = |what: &str| PdfError::Assemble(format!("cannot write the file: {what}"));
    let mut out = Vec::with_capacity(256 * 1024);
    out.extend_from_slice(HEADER);
    let highest = doc
        .objects
        .keys()
        .map(|(n, _)| *n)
        .chain(written.objects.iter().map(|(n, _)| *n))
        .max()
        .unwrap_or(0);
    let mut entries = vec![Entry::Free; highest as usize + 1];
    let mut packed: Vec<(u32, Packed)> = Vec::new();
    for (&(number, generation), object) in &doc.objects {
        let stays_plain =
            matches!(object, Object::Stream(_)) || plain.contains(&(number, generation));
        if stays_plain || generation != 0 {
            entries[number as usize] = Entry::At(out.len());
            writeln!(out, "{number} {generation} obj").map_err(|e| fail(&e.to_string()))?;
            indirect(&mut out, object);
            out.extend_from_slice(b"\nendobj\n");
        } else {
            packed.push((number, Packed::Object(object)));
        }
    }
    packed.extend(
        written
            .objects
            .iter()
            .map(|(n, at)| (*n, Packed::Bytes(&written.bytes[at.clone()]))),
    );
    packed.sort_by_key(|(n, _)| *n);
    let mut next = highest + 1;
    for chunk in packed.chunks(OBJECTS_PER_STREAM) {
        let stream = next;
        next += 1;
        let mut offsets = Vec::with_capacity(chunk.len() * 8);
        let mut body = Vec::with_capacity(chunk.len() * 64);
        for (index, (number, object)) in chunk.iter().enumerate() {
            integer(&mut offsets, *number);
            offsets.push(b' ');
            integer(&mut offsets, body.len());
            offsets.push(b' ');
            match object {
                Packed::Object(o) => object_bytes(&mut body, o),
                Packed::Bytes(b) => body.extend_from_slice(b),
            }
            body.push(b'\n');
            entries[*number as usize] = Entry::InStream {
                stream,
                index: index as u32,
            };
        }
        let first = offsets.len();
        offsets.extend_from_slice(&body);
        let content = super::content::compress_stream(&offsets, super::zlib)
            .ok_or_else(|| fail("an object stream could not be compressed"))?;
        entries.push(Entry::At(out.len()));
        let _ = write!(
            out,
            "{stream} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>stream\n",
            chunk.len(),
            content.len()
        );
        out.extend_from_slice(&content);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    // The cross-reference stream, itself the last object.
    let xref = next;
    entries.push(Entry::At(out.len()));
    let rows = xref_rows(&entries);
    let columns: usize = XREF_WIDTHS.iter().sum();
    let content = super::zlib(&up_predicted(&rows, columns))
        .ok_or_else(|| fail("the cross-reference stream could not be compressed"))?;
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(i64::from(xref) + 1));
    dict.set(
        "W",
        Object::Array(
            XREF_WIDTHS
                .iter()
                .map(|w| Object::Integer(*w as i64))
                .collect(),
        ),
    );
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(value) = doc.trailer.get(key) {
            dict.set(key.to_vec(), value.clone());
        }
    }
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut parms = Dictionary::new();
    parms.set("Predictor", Object::Integer(PNG_UP));
    parms.set("Columns", Object::Integer(columns as i64));
    dict.set("DecodeParms", Object::Dictionary(parms));
    dict.set("Length", Object::Integer(content.len() as i64));
    let start = out.len();
    let _ = writeln!(out, "{xref} 0 obj");
    object_bytes(&mut out, &Object::Dictionary(dict));
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&content);
    let _ = write!(out, "\nendstream\nendobj\nstartxref\n{start}\n%%EOF\n");
    Ok(out)
}

/// The cross-reference rows, object 0 first.
fn xref_rows(entries: &[Entry]) -> Vec<u8> {
    let mut rows = Vec::with_capacity(entries.len() * 7);
    let mut row = |kind: u64, field: u64, third: u64| {
        for (value, width) in [kind, field, third].into_iter().zip(XREF_WIDTHS) {
            rows.extend_from_slice(&value.to_be_bytes()[8 - width..]);
        }
    };
    for (n, entry) in entries.iter().enumerate() {
        match *entry {
            Entry::Free if n == 0 => row(0, 0, FREE_HEAD_GENERATION),
            Entry::Free => row(0, 0, 0),
            Entry::At(offset) => row(1, offset as u64, 0),
            Entry::InStream { stream, index } => row(2, u64::from(stream), u64::from(index)),
        }
    }
    rows
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

/// An indirect object's body: a stream with its dictionary, or any object.
fn indirect(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", Object::Integer(s.content.len() as i64));
            object_bytes(out, &Object::Dictionary(dict));
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        other => object_bytes(out, other),
    }
}

/// A whole number as digits.
pub(super) fn integer(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A reference to an indirect object: "12 0 R".
pub(super) fn reference(out: &mut Vec<u8>, (n, g): ObjectId) {
    integer(out, n);
    out.push(b' ');
    integer(out, g);
    out.extend_from_slice(b" R");
}

/// Bytes as upper-case hex digits.
pub(super) fn hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 0xF)]);
    }
}

/// An object in PDF syntax (ISO 32000-1, 7.3).
fn object_bytes(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => integer(out, *i),
        Object::Real(r) => real(out, *r),
        Object::Name(name) => name_bytes(out, name),
        Object::String(bytes, StringFormat::Literal) => literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            hex(out, bytes);
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                object_bytes(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => {
            out.extend_from_slice(b"<<");
            for (key, value) in dict.iter() {
                name_bytes(out, key);
                // A name, string, array or dictionary starts with its own delimiter.
                if !matches!(
                    value,
                    Object::Name(_) | Object::String(..) | Object::Array(_) | Object::Dictionary(_)
                ) {
                    out.push(b' ');
                }
                object_bytes(out, value);
            }
            out.extend_from_slice(b">>");
        }
        Object::Reference(id) => reference(out, *id),
        // A stream is only ever an indirect object (`indirect`).
        Object::Stream(_) => out.extend_from_slice(b"null"),
    }
}

/// A real number, without an exponent (PDF has none): Rust's shortest form
/// that reads back as the same number; a whole number without a point.
fn real(out: &mut Vec<u8>, r: f32) {
    if !r.is_finite() {
        out.push(b'0');
    } else if r.fract() == 0.0 && r.abs() < 1e9 {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r}");
    }
}

/// A name: `#` and two hex digits for any byte that is not a regular character.
fn name_bytes(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let delimiter = b"()<>[]{}/%#".contains(&b);
        if (b'!'..=b'~').contains(&b) && !delimiter {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

/// A literal string: parentheses and backslashes escaped, and any byte that is
/// not printable ASCII as an octal escape, so the file stays text where it can.
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            b' '..=b'~' => out.push(b),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(o: &Object) -> String {
        let mut out = Vec::new();
        object_bytes(&mut out, o);
        String::from_utf8(out).expect("ASCII")
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        assert_eq!(bytes(&Object::Real(841.89)), "841.89");
        assert_eq!(bytes(&Object::Real(12.0)), "12");
        assert_eq!(bytes(&Object::Real(-0.5)), "-0.5");
        assert_eq!(bytes(&Object::Real(1e-7)), "0.0000001");
        assert_eq!(
            bytes(&Object::Name(b"application/json".to_vec())),
            "/application#2Fjson"
        );
        assert_eq!(bytes(&Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(
            bytes(&Object::String(
                b"a(b)\\c\n\xfe".to_vec(),
                StringFormat::Literal
            )),
            "(a\\(b\\)\\\\c\\012\\376)"
        );
        let mut d = Dictionary::new();
        d.set("K", Object::Integer(3));
        d.set("S", Object::Name(b"P".to_vec()));
        d.set("P", Object::Reference((4, 0)));
        d.set(
            "A",
            Object::Array(vec![Object::Null, Object::Boolean(true)]),
        );
        assert_eq!(
            bytes(&Object::Dictionary(d)),
            "<</K 3/S/P/P 4 0 R/A[null true]>>"
        );
    }

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

    #[test]
    fn a_written_document_reads_back_with_its_objects_packed() {
        let mut doc = lopdf::Document::with_version("1.7");
        let mut info = Dictionary::new();
        info.set("Title", Object::string_literal("Plain (kept)"));
        let info = doc.add_object(Object::Dictionary(info));
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Kids", Object::Array(vec![]));
        pages.set("Count", Object::Integer(0));
        let pages = doc.add_object(Object::Dictionary(pages));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages));
        let catalog = doc.add_object(Object::Dictionary(catalog));
        let stream = doc.add_object(lopdf::Stream::new(Dictionary::new(), b"hello".to_vec()));
        doc.trailer.set("Root", Object::Reference(catalog));
        doc.trailer.set("Info", Object::Reference(info));
        let element = b"<</S/P/K 0>>".to_vec();
        let written = crate::pdf::structure::Elements {
            objects: vec![(40, 0..element.len())],
            bytes: element,
        };
        let bytes = write(&doc, &[info], &written).expect("writes");
        assert!(bytes.starts_with(b"%PDF-1.7\n%"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("/Title(Plain \\(kept\\))"),
            "the info dictionary stays plain"
        );
        assert!(
            !text.contains("/Type/Pages"),
            "other dictionaries are packed"
        );
        let back = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(
            back.get_object(stream)
                .and_then(Object::as_stream)
                .map(|s| s.content.clone())
                .ok(),
            Some(b"hello".to_vec())
        );
        let packed = back.get_dictionary((40, 0)).expect("a written object");
        assert_eq!(packed.get(b"K").and_then(Object::as_i64).ok(), Some(0));
        let root = back.catalog().expect("catalog");
        assert_eq!(
            root.get(b"Pages").and_then(Object::as_reference).ok(),
            Some(pages)
        );
    }
}
