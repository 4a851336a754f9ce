//! The document's logical structure, for a tagged PDF (PDF/UA-1): what each thing
//! drawn on a page *is* — a heading, a paragraph, a list item's label, a table's
//! header cell — in reading order, whatever order it is drawn in.
//!
//! The block builders make the nodes as they go, in document order, and tag each
//! item they draw with its node (`Tag`). Whatever is drawn for the eye only — the
//! running footer, rules, a table's header repeated on a continuation page, the
//! contents' dotted leaders — is an artifact, which a screen reader skips. The PDF
//! writer turns nodes into structure elements (`crate::pdf::structure`).

/// A node's index in its `Structure`.
pub type NodeId = u32;

/// What a drawn item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tag {
    /// Drawn for the eye only: not read out, not part of the text.
    #[default]
    Artifact,
    /// Part of what the document says: the content of this node.
    Node(NodeId),
}

/// Which cells a table header cell is the header of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Row,
    Column,
}

/// How a list's items are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMarks {
    /// No marks: the labels are words (a glossary's terms).
    None,
    Decimal,
    Disc,
}

/// The standard structure types of ISO 32000-1 (14.8.4) that the document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// A heading, level 1 to 3.
    Heading(u8),
    P,
    /// A group of blocks that belong together (one signature block).
    Div,
    List(ListMarks),
    ListItem,
    /// A list item's number or bullet, or a glossary term.
    Label,
    ListBody,
    Table,
    TableHead,
    TableBody,
    Row,
    HeaderCell(Scope),
    Cell,
    /// A picture, read out as its alternative text.
    Figure,
    Contents,
    ContentsItem,
    /// A link to another place in the document (with its annotation).
    Link,
}

impl Role {
    /// The structure type's name, as written in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Heading(1) => "H1",
            Role::Heading(2) => "H2",
            Role::Heading(_) => "H3",
            Role::P => "P",
            Role::Div => "Div",
            Role::List(_) => "L",
            Role::ListItem => "LI",
            Role::Label => "Lbl",
            Role::ListBody => "LBody",
            Role::Table => "Table",
            Role::TableHead => "THead",
            Role::TableBody => "TBody",
            Role::Row => "TR",
            Role::HeaderCell(_) => "TH",
            Role::Cell => "TD",
            Role::Figure => "Figure",
            Role::Contents => "TOC",
            Role::ContentsItem => "TOCI",
            Role::Link => "Link",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    /// None for the root (the document) only.
    pub parent: Option<NodeId>,
    /// Child nodes, in reading order. A node with children has no content of its
    /// own (its text is in its children), so reading order is never ambiguous.
    pub children: Vec<NodeId>,
    /// What a figure shows, in words: read out instead of its drawing.
    pub alt: Option<String>,
}

/// Every node of a document, the root (`Role::Document`) first.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    nodes: Vec<Node>,
    /// The level of the last heading, so a heading never skips a level (an h3
    /// straight after an h1 is tagged H2): screen readers navigate by level.
    last_heading: u8,
}

/// The root node: the document itself.
pub const ROOT: NodeId = 0;

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
                children: Vec::new(),
                alt: None,
            }],
            last_heading: 0,
        }
    }
}

impl Structure {
    /// A new node of `role`, the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, role: Role) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).unwrap_or(NodeId::MAX);
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            children: Vec::new(),
            alt: None,
        });
        if let Some(p) = self.nodes.get_mut(parent as usize) {
            p.children.push(id);
        }
        id
    }

    /// A heading of `level` (1–3) under the root, at most one level below the
    /// heading before it.
    pub fn heading(&mut self, level: u8) -> NodeId {
        let level = level.clamp(1, 3).min(self.last_heading + 1);
        self.last_heading = level;
        self.add(ROOT, Role::Heading(level))
    }

    /// Sets what a figure shows, in words.
    pub fn set_alt(&mut self, node: NodeId, alt: String) {
        if let Some(n) = self.nodes.get_mut(node as usize) {
            n.alt = Some(alt);
        }
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_never_skip_a_level() {
        let mut s = Structure::default();
        let ids: Vec<NodeId> = [3, 1, 3, 3, 2, 3, 1, 2]
            .into_iter()
            .map(|l| s.heading(l))
            .collect();
        let levels: Vec<u8> = ids
            .iter()
            .map(|id| match s.node(*id).map(|n| n.role) {
                Some(Role::Heading(l)) => l,
                other => panic!("not a heading: {other:?}"),
            })
            .collect();
        assert_eq!(levels, vec![1, 1, 2, 3, 2, 3, 1, 2]);
    }

    #[test]
    fn children_are_kept_in_the_order_they_were_added() {
        let mut s = Structure::default();
        let list = s.add(ROOT, Role::List(ListMarks::Disc));
        let first = s.add(list, Role::ListItem);
        let second = s.add(list, Role::ListItem);
        let label = s.add(first, Role::Label);
        assert_eq!(
            s.node(list).map(|n| n.children.clone()),
            Some(vec![first, second])
        );
        assert_eq!(s.node(label).and_then(|n| n.parent), Some(first));
        assert_eq!(s.node(ROOT).map(|n| n.children.clone()), Some(vec![list]));
    }
}
