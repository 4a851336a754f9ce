//! Markup → [`Document`], with roxmltree. Every error carries the line and column
//! in the markup and says what was expected there.

use super::*;
use roxmltree::Node;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct MarkupError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

type Result<T> = std::result::Result<T, MarkupError>;

/// Parses a whole document: a `<document>` element holding blocks.
pub fn parse(markup: &str) -> Result<Document> {
    let xml = roxmltree::Document::parse(markup).map_err(|e| {
        let pos = e.pos();
        MarkupError {
            line: pos.row,
            column: pos.col,
            message: e.to_string(),
        }
    })?;
    let root = xml.root_element();
    if root.tag_name().name() != "document" {
        return Err(error_at(
            root,
            format!(
                "the markup must start with <document>, not <{}>",
                root.tag_name().name()
            ),
        ));
    }
    let keywords = root
        .attribute("keywords")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    Ok(Document {
        meta: Meta {
            title: attr(root, "title"),
            author: attr(root, "author"),
            subject: attr(root, "subject"),
            keywords,
            version: attr(root, "version"),
            fingerprint: String::new(),
        },
        blocks: blocks(root)?,
    })
}

fn error_at(node: Node, message: String) -> MarkupError {
    let pos = node.document().text_pos_at(node.range().start);
    MarkupError {
        line: pos.row,
        column: pos.col,
        message,
    }
}

fn attr(node: Node, name: &str) -> String {
    node.attribute(name).unwrap_or("").trim().to_string()
}

/// A number attribute; "NaN" and "inf" are refused like any other non-number.
fn number_attr<T: std::str::FromStr + Copy + Into<f64>>(
    node: Node,
    name: &str,
    default: T,
) -> Result<T> {
    match node.attribute(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<T>()
            .ok()
            .filter(|n| (*n).into().is_finite())
            .ok_or_else(|| {
                error_at(
                    node,
                    format!(
                        "<{}> has {name}=\"{v}\", which is not a number",
                        node.tag_name().name()
                    ),
                )
            }),
    }
}

fn colour_attr(node: Node, name: &str) -> Result<Option<Rgb>> {
    match node
        .attribute(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => Ok(None),
        Some(v) => Rgb::from_hex(v).map(Some).ok_or_else(|| {
            error_at(
                node,
                format!("{name}=\"{v}\" is not a colour; write it as #rrggbb, e.g. #005eb8"),
            )
        }),
    }
}

fn align_attr(node: Node) -> Result<Option<Align>> {
    Ok(match node.attribute("align").map(str::trim) {
        None | Some("") => None,
        Some("left") => Some(Align::Left),
        Some("centre" | "center") => Some(Align::Centre),
        Some("right") => Some(Align::Right),
        Some("justify") => Some(Align::Justify),
        Some(other) => {
            return Err(error_at(
                node,
                format!("align=\"{other}\" is not one of left, centre, right, justify"),
            ));
        }
    })
}

/// Child elements, refusing stray text between blocks.
fn elements<'a, 'i>(node: Node<'a, 'i>) -> Result<Vec<Node<'a, 'i>>> {
    let mut out = Vec::new();
    for child in node.children() {
        if child.is_element() {
            out.push(child);
        } else if child.is_text() && !child.text().unwrap_or("").trim().is_empty() {
            return Err(error_at(
                child,
                format!(
                    "text \"{}\" directly inside <{}>; put it in a <p>",
                    child
                        .text()
                        .unwrap_or("")
                        .trim()
                        .chars()
                        .take(40)
                        .collect::<String>(),
                    node.tag_name().name()
                ),
            ));
        }
    }
    Ok(out)
}

fn blocks(parent: Node) -> Result<Vec<Block>> {
    elements(parent)?.into_iter().map(block).collect()
}

fn block(node: Node) -> Result<Block> {
    let name = node.tag_name().name();
    Ok(match name {
        "titlepage" => Block::TitlePage(title_page(node)?),
        "contents" => Block::Contents {
            title: node.attribute("title").unwrap_or("Contents").to_string(),
            depth: number_attr(node, "depth", 2u8)?.clamp(1, 3),
        },
        "h1" | "h2" | "h3" => Block::Heading {
            level: name[1..].parse().unwrap_or(1),
            numbered: node.attribute("numbered") != Some("false"),
            text: inlines(node)?,
            keys: node
                .attribute("key")
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        },
        "p" => Block::Paragraph {
            text: inlines(node)?,
            align: align_attr(node)?,
            small: node.attribute("size") == Some("small"),
        },
        "clause" => Block::Clause(inlines(node)?),
        "ul" | "ol" => Block::List {
            ordered: name == "ol",
            items: elements(node)?
                .into_iter()
                .map(|li| expect(li, "li").and_then(|_| inlines(li)))
                .collect::<Result<_>>()?,
        },
        "table" => Block::Table(table(node)?),
        "pagebreak" => Block::PageBreak,
        "keep" => Block::Keep(blocks(node)?),
        "heatmap" => Block::HeatMap(heat_map(node)?),
        "signatures" => Block::Signatures(
            elements(node)?
                .into_iter()
                .map(|s| {
                    expect(s, "signature")?;
                    Ok(Signature {
                        organisation: attr(s, "organisation"),
                        name: attr(s, "name"),
                        role: attr(s, "role"),
                    })
                })
                .collect::<Result<_>>()?,
        ),
        "glossary" => Block::Glossary(
            elements(node)?
                .into_iter()
                .map(|t| {
                    expect(t, "term")?;
                    Ok((attr(t, "name"), inlines(t)?))
                })
                .collect::<Result<_>>()?,
        ),
        "space" => Block::Space(number_attr(node, "height", 12.0f32)?.clamp(0.0, 400.0)),
        other => {
            return Err(error_at(
                node,
                format!(
                    "<{other}> is not a block this program knows; use titlepage, contents, h1–h3, p, clause, ul, ol, table, pagebreak, keep, heatmap, signatures, glossary or space"
                ),
            ));
        }
    })
}

fn expect(node: Node, name: &str) -> Result<()> {
    if node.tag_name().name() == name {
        Ok(())
    } else {
        Err(error_at(
            node,
            format!(
                "<{}> found where <{name}> was expected inside <{}>",
                node.tag_name().name(),
                node.parent_element().map_or("", |p| p.tag_name().name())
            ),
        ))
    }
}

fn title_page(node: Node) -> Result<TitlePage> {
    let mut page = TitlePage::default();
    for child in elements(node)? {
        let text = plain_text(child);
        match child.tag_name().name() {
            "title" => page.title = text,
            "subtitle" => page.subtitle = text,
            "fact" => page.facts.push((attr(child, "label"), text)),
            "party" => page.parties.push(text),
            "note" => page.note = text,
            other => {
                return Err(error_at(
                    child,
                    format!(
                        "<{other}> is not part of a title page; use title, subtitle, fact, party or note"
                    ),
                ));
            }
        }
    }
    Ok(page)
}

fn table(node: Node) -> Result<Table> {
    let widths = match node.attribute("widths") {
        None => Vec::new(),
        Some(w) => w
            .split_whitespace()
            .map(|x| x.parse::<f32>().ok().filter(|v| *v > 0.0))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                error_at(
                    node,
                    format!("widths=\"{w}\" must be positive numbers separated by spaces, e.g. \"3 1 1\""),
                )
            })?,
    };
    let mut rows = Vec::new();
    let mut leading_header_rows = 0;
    for tr in elements(node)? {
        expect(tr, "tr")?;
        let mut cells = Vec::new();
        let mut all_th = true;
        for cell in elements(tr)? {
            let is_th = cell.tag_name().name() == "th";
            if !is_th {
                expect(cell, "td")?;
            }
            all_th &= is_th;
            let mut text = inlines(cell)?;
            if is_th {
                text.iter_mut().for_each(|i| i.bold = true);
            }
            cells.push(Cell {
                text,
                fill: colour_attr(cell, "fill")?,
                align: align_attr(cell)?.unwrap_or_default(),
            });
        }
        if all_th && leading_header_rows == rows.len() {
            leading_header_rows += 1;
        }
        rows.push(cells);
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if !widths.is_empty() && widths.len() != columns {
        return Err(error_at(
            node,
            format!(
                "widths gives {} columns but the widest row has {columns}",
                widths.len()
            ),
        ));
    }
    Ok(Table {
        widths,
        header_rows: number_attr(node, "header", leading_header_rows as u32)? as usize,
        rows,
        small: node.attribute("size") == Some("small"),
    })
}

fn heat_map(node: Node) -> Result<HeatMap> {
    let mut map = HeatMap {
        title: attr(node, "title"),
        colours: vec![None; 26],
        band_names: vec![String::new(); 26],
        ..HeatMap::default()
    };
    for child in elements(node)? {
        match child.tag_name().name() {
            "risk" => {
                let l: u8 = number_attr(child, "likelihood", 0)?;
                let c: u8 = number_attr(child, "consequence", 0)?;
                if !(1..=5).contains(&l) || !(1..=5).contains(&c) {
                    continue; // unrated risks have no place on the grid
                }
                map.risks.push((l, c, attr(child, "label")));
            }
            "band" => {
                let min: u8 = number_attr(child, "min", 1)?;
                let max: u8 = number_attr(child, "max", 25)?;
                let colour = colour_attr(child, "colour")?;
                let name = attr(child, "name");
                for score in usize::from(min.clamp(1, 25))..=usize::from(max.clamp(1, 25)) {
                    map.colours[score] = colour;
                    map.band_names[score] = name.clone();
                }
            }
            other => {
                return Err(error_at(
                    child,
                    format!("<{other}> is not part of a heat map; use risk or band"),
                ));
            }
        }
    }
    Ok(map)
}

/// All the text below a node, whitespace collapsed.
fn plain_text(node: Node) -> String {
    let text: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Styled runs below a node: <b>/<strong>, <i>/<em>, <br/>. Whitespace is collapsed
/// as in HTML, and trimmed at both ends.
fn inlines(node: Node) -> Result<Vec<Inline>> {
    let mut out = Vec::new();
    collect_inlines(node, &Inline::default(), &mut out)?;
    // Collapse whitespace across run boundaries.
    let mut last_space = true; // trims the start
    for run in &mut out {
        let mut text = String::with_capacity(run.text.len());
        for c in run.text.chars() {
            if c == '\n' {
                if text.ends_with(' ') {
                    text.pop();
                }
                text.push('\n');
                last_space = true;
            } else if c.is_whitespace() && c != '\u{a0}' {
                if !last_space {
                    text.push(' ');
                    last_space = true;
                }
            } else {
                text.push(c);
                last_space = false;
            }
        }
        run.text = text;
    }
    if let Some(last) = out.iter_mut().rev().find(|r| !r.text.is_empty()) {
        let trimmed = last.text.trim_end_matches(' ').len();
        last.text.truncate(trimmed);
    }
    out.retain(|r| !r.text.is_empty());
    Ok(out)
}

/// Runs below `node`, each in the style of `outer` changed by the tags around it.
fn collect_inlines(node: Node, outer: &Inline, out: &mut Vec<Inline>) -> Result<()> {
    for child in node.children() {
        if child.is_text() {
            out.push(Inline {
                text: child.text().unwrap_or("").replace('\n', " "),
                ..outer.clone()
            });
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let styled = |change: fn(&mut Inline)| {
            let mut inner = outer.clone();
            change(&mut inner);
            inner
        };
        match child.tag_name().name() {
            "b" | "strong" => collect_inlines(child, &styled(|r| r.bold = true), out)?,
            "i" | "em" => collect_inlines(child, &styled(|r| r.italic = true), out)?,
            "ins" => collect_inlines(child, &styled(|r| r.mark = Mark::Inserted), out)?,
            "del" => collect_inlines(child, &styled(|r| r.mark = Mark::Deleted), out)?,
            "br" => out.push(Inline {
                text: "\n".into(),
                ..outer.clone()
            }),
            other => {
                return Err(error_at(
                    child,
                    format!("<{other}> cannot be used inside text; use b, i, ins, del or br"),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_whitespace_is_collapsed_like_html() {
        let doc = parse("<document><p>\n  Hello   <b>bold\n world</b> and <i> more </i>.<br/>Next</p></document>")
            .expect("parses");
        let Block::Paragraph { text, .. } = &doc.blocks[0] else {
            panic!("paragraph expected")
        };
        let joined: String = text.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(joined, "Hello bold world and more .\nNext");
        assert!(text[1].bold && !text[1].italic);
    }

    #[test]
    fn errors_say_where_and_what() {
        let err = parse("<document>\n  <p>ok</p>\n  <para>bad</para>\n</document>").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3));
        assert!(err.message.contains("<para> is not a block"), "{err}");

        let err = parse("<document><p>unclosed</document>").unwrap_err();
        assert_eq!(err.line, 1);

        let err = parse("<document><table widths=\"1 2\"><tr><td>a</td></tr></table></document>")
            .unwrap_err();
        assert!(err.message.contains("widest row has 1"), "{err}");

        let err = parse("<document><space height=\"NaN\"/></document>").unwrap_err();
        assert!(err.message.contains("not a number"), "{err}");

        let err = parse("<document><table><tr><td fill=\"red\">a</td></tr></table></document>")
            .unwrap_err();
        assert!(err.message.contains("#rrggbb"), "{err}");
    }

    #[test]
    fn header_rows_default_to_the_leading_rows_of_th() {
        let doc = parse("<document><table><tr><th>A</th></tr><tr><td>1</td></tr><tr><th>B</th></tr></table></document>")
            .expect("parses");
        let Block::Table(t) = &doc.blocks[0] else {
            panic!("table expected")
        };
        assert_eq!(t.header_rows, 1);
        assert!(t.rows[0][0].text[0].bold);
    }
}
