//! What makes the file an archival one (PDF/A-3, level A) that also declares
//! PDF/UA-1: XMP metadata that says so and mirrors the info dictionary, the
//! colour space the pages' colours mean (an sRGB output intent), and the
//! agreement itself, embedded as the file the document was made from.
//!
//! Everything here is made from the input alone (no dates, no random ids), so
//! the same agreement still gives the same bytes.

use super::{LANGUAGE, PdfError};
use crate::document::Meta;
use lopdf::{Dictionary, Object, Stream};

/// The PDF/A part and level the file meets, and the PDF/UA part.
pub const PDFA_PART: u32 = 3;
pub const PDFA_CONFORMANCE: &str = "A";
pub const PDFUA_PART: u32 = 1;

/// The name the agreement is embedded under, and its MIME type.
pub const AGREEMENT_FILE: &str = "agreement.json";
const AGREEMENT_MIME: &[u8] = b"application/json";
const AGREEMENT_DESCRIPTION: &str =
    "The agreement this document shows, as MoU Builder exports it (import it with: mou import)";

/// The output intent's profile: compact sRGB, ICC v4.2, CC0 (see assets/icc).
const SRGB_PROFILE: &[u8] = include_bytes!("../../assets/icc/sRGB-v4.icc");
const SRGB_COMPONENTS: i64 = 3;

/// Who made the file, as the info dictionary and the XMP both say.
const CREATOR: &str = "MoU Builder";

fn producer() -> String {
    format!(
        "MoU Builder {} (printpdf, lopdf)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Writes the info dictionary's descriptive entries, the XMP metadata that
/// mirrors them, the output intent and the embedded agreement, whose bytes the
/// document's `fingerprint` covers.
pub(super) fn write(
    doc: &mut lopdf::Document,
    meta: &Meta,
    agreement: &[u8],
    fingerprint: &str,
) -> Result<(), PdfError> {
    info(doc, meta)?;
    let metadata = doc.add_object(xmp_stream(meta));
    let intent = output_intent(doc);
    let attachment = attach(doc, agreement, fingerprint)?;
    let catalog = doc
        .catalog_mut()
        .map_err(|e| PdfError::Assemble(e.to_string()))?;
    catalog.set("Metadata", Object::Reference(metadata));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    catalog.set("AF", Object::Array(vec![Object::Reference(attachment)]));
    let mut files = Dictionary::new();
    files.set(
        "Names",
        Object::Array(vec![
            Object::string_literal(AGREEMENT_FILE),
            Object::Reference(attachment),
        ]),
    );
    let mut names = Dictionary::new();
    names.set("EmbeddedFiles", Object::Dictionary(files));
    catalog.set("Names", Object::Dictionary(names));
    Ok(())
}

/// The keywords as one string, the same in the info dictionary and the XMP.
fn keywords(meta: &Meta) -> String {
    meta.keywords.join(", ")
}

/// Sets the info dictionary's descriptive entries, so they say exactly what the
/// XMP says (PDF/A): printpdf's own encoding of them is not relied on.
fn info(doc: &mut lopdf::Document, meta: &Meta) -> Result<(), PdfError> {
    let id = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Assemble(e.to_string()))?;
    let info = doc
        .get_object_mut(id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError::Assemble(e.to_string()))?;
    let entries = [
        ("Title", meta.title.clone()),
        ("Author", meta.author.clone()),
        ("Subject", meta.subject.clone()),
        ("Keywords", keywords(meta)),
    ];
    for (key, value) in entries {
        if value.is_empty() {
            info.remove(key.as_bytes());
        } else {
            info.set(key, lopdf::text_string(&value));
        }
    }
    info.set("Creator", lopdf::text_string(CREATOR));
    info.set("Producer", lopdf::text_string(&producer()));
    Ok(())
}

/// The XMP packet (uncompressed, as PDF/A readers expect to find it).
fn xmp_stream(meta: &Meta) -> Object {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    Object::Stream(Stream::new(dict, xmp(meta).into_bytes()).with_compression(false))
}

/// The XMP metadata: title, author, subject, keywords, language, the tools, and
/// the standards the file claims. `pdfuaid` is not one of the schemas PDF/A
/// knows, so it is declared in an extension schema (PDF/A-3, 6.6.2.3).
pub fn xmp(meta: &Meta) -> String {
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(concat!(
        "<rdf:Description rdf:about=\"\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
        " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
        " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
        " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
        " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"",
        " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"",
        " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"",
        " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    ));
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    let alt = |tag: &str, value: &str| {
        format!(
            "<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{tag}>\n",
            escape(value)
        )
    };
    x.push_str(&alt("dc:title", &meta.title));
    if !meta.author.is_empty() {
        x.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(&meta.author)
        ));
    }
    if !meta.subject.is_empty() {
        x.push_str(&alt("dc:description", &meta.subject));
    }
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>\n"
    ));
    if !meta.keywords.is_empty() {
        x.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            escape(&keywords(meta))
        ));
    }
    x.push_str(&format!(
        "<pdf:Producer>{}</pdf:Producer>\n",
        escape(&producer())
    ));
    x.push_str(&format!("<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>\n"));
    x.push_str(&format!(
        "<pdfaid:part>{PDFA_PART}</pdfaid:part>\n<pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>\n"
    ));
    x.push_str(&format!("<pdfuaid:part>{PDFUA_PART}</pdfuaid:part>\n"));
    x.push_str(concat!(
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">",
        "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>",
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
        "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">",
        "<pdfaProperty:name>part</pdfaProperty:name>",
        "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>",
        "<pdfaProperty:category>internal</pdfaProperty:category>",
        "<pdfaProperty:description>Part of ISO 14289 (PDF/UA) the file meets</pdfaProperty:description>",
        "</rdf:li></rdf:Seq></pdfaSchema:property>",
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
    ));
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    x
}

/// Text as XML character data: the five special characters escaped, and any
/// character XML 1.0 cannot carry (most control characters) left out.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The output intent: the pages' colours are sRGB.
fn output_intent(doc: &mut lopdf::Document) -> lopdf::ObjectId {
    let mut profile = Dictionary::new();
    profile.set("N", Object::Integer(SRGB_COMPONENTS));
    let profile = doc.add_object(Stream::new(profile, SRGB_PROFILE.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set("OutputConditionIdentifier", Object::string_literal("sRGB"));
    intent.set("Info", Object::string_literal("sRGB IEC61966-2.1"));
    intent.set("DestOutputProfile", Object::Reference(profile));
    doc.add_object(Object::Dictionary(intent))
}

/// Embeds the agreement file as the document's source (an associated file,
/// PDF/A-3); returns its file specification. Compressed through the memo by
/// the fingerprint, which covers its bytes: rendering the same agreement again
/// does not even hash it.
fn attach(
    doc: &mut lopdf::Document,
    agreement: &[u8],
    fingerprint: &str,
) -> Result<lopdf::ObjectId, PdfError> {
    let mut params = Dictionary::new();
    params.set("Size", Object::Integer(agreement.len() as i64));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
    dict.set("Subtype", Object::Name(AGREEMENT_MIME.to_vec()));
    dict.set("Params", Object::Dictionary(params));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let compressed =
        super::content::compress_identified(fingerprint.as_bytes(), agreement, super::zlib)
            .ok_or_else(|| PdfError::Assemble("the agreement could not be compressed".into()))?;
    let file = doc.add_object(Stream::new(dict, compressed).with_compression(false));
    let mut ef = Dictionary::new();
    ef.set("F", Object::Reference(file));
    ef.set("UF", Object::Reference(file));
    let mut spec = Dictionary::new();
    spec.set("Type", Object::Name(b"Filespec".to_vec()));
    spec.set("F", Object::string_literal(AGREEMENT_FILE));
    spec.set("UF", Object::string_literal(AGREEMENT_FILE));
    spec.set("Desc", Object::string_literal(AGREEMENT_DESCRIPTION));
    spec.set("AFRelationship", Object::Name(b"Source".to_vec()));
    spec.set("EF", Object::Dictionary(ef));
    Ok(doc.add_object(Object::Dictionary(spec)))
}

/// The agreement file embedded in a PDF MoU Builder made, if there is one.
pub fn embedded_agreement(doc: &lopdf::Document) -> Option<Vec<u8>> {
    let catalog = doc.catalog().ok()?;
    let resolve = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(r) => doc.get_object(*r).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let names = resolve(catalog.get(b"Names").ok()?)?;
    let files = resolve(names.as_dict().ok()?.get(b"EmbeddedFiles").ok()?)?;
    let list = resolve(files.as_dict().ok()?.get(b"Names").ok()?)?;
    let list = list.as_array().ok()?;
    let spec = list.chunks(2).find_map(|pair| {
        let name = pair.first()?.as_str().ok()?;
        (name == AGREEMENT_FILE.as_bytes()).then(|| pair.get(1).cloned())?
    })?;
    let spec = resolve(&spec)?;
    let ef = resolve(spec.as_dict().ok()?.get(b"EF").ok()?)?;
    let stream = resolve(ef.as_dict().ok()?.get(b"F").ok()?)?;
    let stream = stream.as_stream().ok()?;
    stream
        .decompressed_content()
        .ok()
        .or_else(|| Some(stream.content.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_xmp_is_well_formed_and_escapes_what_it_must() {
        let meta = Meta {
            title: "Cwm Taf & <Morgannwg> \"Partneriaeth\" Ŵ\u{7}".into(),
            author: "Bwrdd Iechyd".into(),
            subject: "شراكة".into(),
            keywords: vec!["a&b".into(), "c".into()],
            ..Meta::default()
        };
        let xmp = xmp(&meta);
        let doc = roxmltree::Document::parse(&xmp).expect("well-formed XML");
        let text_of = |name: &str| {
            doc.descendants()
                .find(|n| n.tag_name().name() == name)
                .map(|n| {
                    n.descendants()
                        .filter(|d| d.is_text())
                        .filter_map(|d| d.text())
                        .collect::<String>()
                })
        };
        assert_eq!(
            text_of("title").as_deref(),
            Some("Cwm Taf & <Morgannwg> \"Partneriaeth\" Ŵ")
        );
        assert_eq!(text_of("description").as_deref(), Some("شراكة"));
        assert_eq!(text_of("Keywords").as_deref(), Some("a&b, c"));
        assert_eq!(text_of("part").as_deref(), Some("3"));
        assert_eq!(text_of("conformance").as_deref(), Some("A"));
        let ua = doc.descendants().find(|n| {
            n.tag_name().name() == "part"
                && n.tag_name().namespace() == Some("http://www.aiim.org/pdfua/ns/id/")
        });
        assert_eq!(ua.and_then(|n| n.text()), Some("1"));
    }
}
