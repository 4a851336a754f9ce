//! The structure tree of the tagged PDF (ISO 32000-1 14.7, PDF/UA-1): one
//! structure element for each node of the layout's `Structure`, in reading
//! order, holding the marked-content sequences the pages drew for it (by page
//! and MCID) and the link annotations on it; and the parent tree that leads
//! from each sequence and annotation back to its element.
//!
//! Term links are elements made here: each is the part of its paragraph that
//! shows the term, with the annotation that leads to the definition.

use super::PdfError;
use super::content::Owner;
use crate::layout::page::{Link, LinkOn};
use crate::layout::structure::{ListMarks, NodeId, Role, Scope, Structure};
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::HashMap;

/// One of an element's kids, in reading order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kid {
    /// Another element (its index).
    Element(usize),
    /// A marked-content sequence: page index and MCID.
    Content { page: usize, mcid: usize },
    /// An annotation (its index in the links) on a page.
    Annotation { page: usize, link: usize },
}

struct Element<'a> {
    name: &'static str,
    role: Role,
    parent: Option<usize>,
    kids: Vec<Kid>,
    alt: Option<&'a str>,
}

/// What the tree is made from: the layout's nodes, what each page drew for them
/// (`marks`, by MCID), the pages, and the links with their annotations.
pub(super) struct Sources<'a> {
    pub structure: &'a Structure,
    pub marks: &'a [Vec<Owner>],
    pub pages: &'a [ObjectId],
    pub links: &'a [Link],
    pub annotations: &'a [ObjectId],
}

/// The structure elements, their dictionaries already in PDF syntax one after
/// another in `bytes`, with each one's object number and place: there are as
/// many as paragraphs and table cells, and building each as a lopdf
/// dictionary cost more than writing its bytes.
#[derive(Default)]
pub(super) struct Elements {
    pub bytes: Vec<u8>,
    pub objects: Vec<(u32, std::ops::Range<usize>)>,
}

/// Writes the structure tree and the parent tree; tells each page and annotation
/// its key in the parent tree. Returns the StructTreeRoot, and the elements for
/// the file's object streams (`file::write`).
pub(super) fn write(
    doc: &mut lopdf::Document,
    s: &Sources,
) -> Result<(ObjectId, Elements), PdfError> {
    let elements = elements(s);
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = elements.iter().map(|_| doc.new_object_id()).collect();

    // The parent tree: for each page, the element of each MCID; then one entry
    // for each annotation, after the pages' keys.
    let mut owner_of_mark: Vec<Vec<Option<ObjectId>>> =
        s.marks.iter().map(|m| vec![None; m.len()]).collect();
    let mut owner_of_link: Vec<Option<ObjectId>> = vec![None; s.links.len()];
    for (e, element) in elements.iter().enumerate() {
        for kid in &element.kids {
            match *kid {
                Kid::Content { page, mcid } => {
                    if let Some(slot) = owner_of_mark.get_mut(page).and_then(|p| p.get_mut(mcid)) {
                        *slot = Some(ids[e]);
                    }
                }
                Kid::Annotation { link, .. } => owner_of_link[link] = Some(ids[e]),
                Kid::Element(_) => {}
            }
        }
    }
    let mut nums = Vec::new();
    for (page, owners) in owner_of_mark.iter().enumerate() {
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(
            owners
                .iter()
                .map(|o| o.map_or(Object::Null, Object::Reference))
                .collect(),
        ));
    }
    let fail = |what: &str| PdfError::Assemble(format!("cannot tag the document: {what}"));
    for (page, id) in s.pages.iter().enumerate() {
        let dict = doc
            .get_object_mut(*id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| fail("a page is not a dictionary"))?;
        dict.set("StructParents", Object::Integer(page as i64));
        // Annotations are visited in the order of the structure (PDF/UA).
        dict.set("Tabs", Object::Name(b"S".to_vec()));
    }
    let mut next_key = s.pages.len() as i64;
    for (link, annotation) in s.annotations.iter().enumerate() {
        let Some(owner) = owner_of_link.get(link).copied().flatten() else {
            continue;
        };
        nums.push(Object::Integer(next_key));
        nums.push(Object::Reference(owner));
        let dict = doc
            .get_object_mut(*annotation)
            .and_then(Object::as_dict_mut)
            .map_err(|_| fail("an annotation is not a dictionary"))?;
        dict.set("StructParent", Object::Integer(next_key));
        next_key += 1;
    }

    let mut written = Elements {
        bytes: Vec::with_capacity(elements.len() * 64),
        objects: Vec::with_capacity(elements.len()),
    };
    for (e, element) in elements.iter().enumerate() {
        let start = written.bytes.len();
        element_bytes(&mut written.bytes, element, &ids, root_id, s);
        written.objects.push((ids[e].0, start..written.bytes.len()));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set("K", Object::Reference(ids[0]));
    root.set("ParentTree", Object::Dictionary(parent_tree));
    root.set("ParentTreeNextKey", Object::Integer(next_key));
    doc.objects.insert(root_id, Object::Dictionary(root));
    Ok((root_id, written))
}

/// Every element, the layout's nodes first (same index as their NodeId), with
/// their kids in reading order: child nodes as the layout made them, then what
/// the pages drew for each, page by page in MCID order.
fn elements<'a>(s: &Sources<'a>) -> Vec<Element<'a>> {
    let mut elements: Vec<Element> = s
        .structure
        .nodes()
        .iter()
        .map(|n| Element {
            name: n.role.name(),
            role: n.role,
            parent: n.parent.map(|p| p as usize),
            kids: n
                .children
                .iter()
                .map(|c| Kid::Element(*c as usize))
                .collect(),
            alt: n.alt.as_deref(),
        })
        .collect();
    let node = |n: NodeId| n as usize;
    let mut term_link_elements: HashMap<usize, usize> = HashMap::new();
    for (page, marks) in s.marks.iter().enumerate() {
        for (mcid, owner) in marks.iter().enumerate() {
            let content = Kid::Content { page, mcid };
            match *owner {
                Owner::Node(n) => {
                    if let Some(e) = elements.get_mut(node(n)) {
                        e.kids.push(content);
                    }
                }
                Owner::TermLink { link, within } => {
                    if let Some(e) = term_link_elements.get(&link) {
                        elements[*e].kids.push(content);
                        continue;
                    }
                    // A new link element, where the term is in its paragraph.
                    let e = elements.len();
                    elements.push(Element {
                        name: Role::Link.name(),
                        role: Role::Link,
                        parent: Some(node(within)),
                        kids: vec![content, Kid::Annotation { page, link }],
                        alt: None,
                    });
                    if let Some(p) = elements.get_mut(node(within)) {
                        p.kids.push(Kid::Element(e));
                    }
                    term_link_elements.insert(link, e);
                }
            }
        }
    }
    // A contents entry's annotation goes after its text, in its link element.
    for (link, l) in s.links.iter().enumerate() {
        if let LinkOn::Node(n) = l.on
            && let Some(e) = elements.get_mut(node(n))
        {
            e.kids.push(Kid::Annotation { page: l.page, link });
        }
    }
    elements
}

/// An element's dictionary, in PDF syntax, onto `out`. `Pg` is the page of its
/// first content, so content on that page is written as a bare MCID.
fn element_bytes(
    out: &mut Vec<u8>,
    element: &Element,
    ids: &[ObjectId],
    root: ObjectId,
    s: &Sources,
) {
    use super::file::{integer, reference};
    out.extend_from_slice(b"<</S/");
    out.extend_from_slice(element.name.as_bytes());
    out.extend_from_slice(b"/P ");
    let parent = element.parent.and_then(|p| ids.get(p)).copied();
    reference(out, parent.unwrap_or(root));
    let page_of = |page: usize| s.pages.get(page).copied();
    let home = element.kids.iter().find_map(|k| match k {
        Kid::Content { page, .. } | Kid::Annotation { page, .. } => Some(*page),
        Kid::Element(_) => None,
    });
    let home_page = home.and_then(page_of);
    if let Some(pg) = home_page {
        out.extend_from_slice(b"/Pg ");
        reference(out, pg);
    }
    if !element.kids.is_empty() {
        out.extend_from_slice(b"/K[");
        for (i, kid) in element.kids.iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            match *kid {
                Kid::Element(e) => reference(out, ids[e]),
                Kid::Content { page, mcid } if Some(page) == home => integer(out, mcid),
                Kid::Content { page, mcid } => {
                    out.extend_from_slice(b"<</Type/MCR/Pg ");
                    reference(out, page_of(page).unwrap_or(root));
                    out.extend_from_slice(b"/MCID ");
                    integer(out, mcid);
                    out.extend_from_slice(b">>");
                }
                Kid::Annotation { page, link } => {
                    out.extend_from_slice(b"<</Type/OBJR/Obj ");
                    reference(out, s.annotations.get(link).copied().unwrap_or(root));
                    out.extend_from_slice(b"/Pg ");
                    reference(out, page_of(page).unwrap_or(root));
                    out.extend_from_slice(b">>");
                }
            }
        }
        out.push(b']');
    }
    if let Some(alt) = &element.alt {
        out.extend_from_slice(b"/Alt<FEFF");
        for unit in alt.encode_utf16() {
            super::file::hex(out, &unit.to_be_bytes());
        }
        out.push(b'>');
    }
    if let Some((owner, key, value)) = attributes(element.role) {
        for part in ["/A<</O/", owner, "/", key, "/", value, ">>"] {
            out.extend_from_slice(part.as_bytes());
        }
    }
    out.extend_from_slice(b">>");
}

/// The attribute PDF/UA asks of an element, as owner, key and value: a header
/// cell's scope, a list's numbering.
fn attributes(role: Role) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match role {
        Role::HeaderCell(Scope::Column) => ("Table", "Scope", "Column"),
        Role::HeaderCell(Scope::Row) => ("Table", "Scope", "Row"),
        Role::List(ListMarks::Decimal) => ("List", "ListNumbering", "Decimal"),
        Role::List(ListMarks::Disc) => ("List", "ListNumbering", "Disc"),
        Role::List(ListMarks::None) => ("List", "ListNumbering", "None"),
        _ => return None,
    })
}
