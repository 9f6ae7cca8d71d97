//! What each laid-out box is, for the tagged PDF: producers open and close structure
//! elements around what they draw (`cx.begin(Role::P)` … `cx.end()`), and every text run
//! or link drawn meanwhile points at the innermost open element. Shapes are always page
//! furniture (artifacts); text drawn inside [`Tagger::artifact`] is too.
//!
//! The elements read in the order they were opened; a part laid out after the pages that
//! follow it (目次, the diagram) reserves its element in reading order first
//! ([`Tagger::reserve`]) and is laid out inside it later ([`Tagger::enter`]).

use super::document::{Item, Node, Page, Role};

/// One entry of the stack of open elements.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Open {
    Node(usize),
    Artifact,
}

/// The structure being built: the elements so far and the ones open now.
#[derive(Debug, Clone)]
pub struct Tagger {
    nodes: Vec<Node>,
    stack: Vec<Open>,
}

impl Default for Tagger {
    fn default() -> Tagger {
        Tagger {
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
                read_as: None,
            }],
            stack: vec![Open::Node(0)],
        }
    }
}

impl Tagger {
    /// The element new text belongs to; `None` inside an artifact.
    pub fn current(&self) -> Option<usize> {
        match self.stack.last() {
            Some(Open::Node(n)) => Some(*n),
            Some(Open::Artifact) => None,
            None => Some(0),
        }
    }

    /// The innermost open element (an artifact's content has no children).
    fn parent(&self) -> usize {
        self.stack
            .iter()
            .rev()
            .find_map(|o| match o {
                Open::Node(n) => Some(*n),
                Open::Artifact => None,
            })
            .unwrap_or(0)
    }

    /// The finished structure.
    pub fn finish(self) -> Vec<Node> {
        self.nodes
    }
}

/// How a screen reader says a link printed as a title and a page number: 「はじめに（3ページ）」
/// (read as printed, 「はじめに3」 runs the number into the title). `None` without a page.
pub fn read_with_page(title: &str, page: usize) -> Option<String> {
    (page > 0).then(|| format!("{title}（{page}ページ）"))
}

/// Is `t` only a page number, as the 目次 (`12`) and the diagram (`p.12`) print them?
fn page_number(t: &str) -> bool {
    let digits = t.strip_prefix("p.").unwrap_or(t);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

impl Tagger {
    /// Opens an element as the last child of the innermost open one; returns its index.
    pub fn begin(&mut self, role: Role) -> usize {
        let id = self.reserve(role);
        self.stack.push(Open::Node(id));
        id
    }

    /// Adds an element as the last child of the innermost open one without opening it:
    /// its place in reading order is kept for content laid out later.
    pub fn reserve(&mut self, role: Role) -> usize {
        let parent = self.parent();
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            read_as: None,
        });
        self.nodes.len() - 1
    }

    /// Opens an element whose text a screen reader reads as `read_as`.
    pub fn begin_read_as(&mut self, role: Role, read_as: Option<String>) -> usize {
        let id = self.begin(role);
        if let Some(node) = self.nodes.get_mut(id) {
            node.read_as = read_as;
        }
        id
    }

    /// Reopens a reserved element.
    pub fn enter(&mut self, id: usize) {
        self.stack.push(Open::Node(id));
    }

    /// Opens an artifact: text drawn until the matching [`Tagger::end`] is page furniture.
    pub fn artifact(&mut self) {
        self.stack.push(Open::Artifact);
    }

    /// Closes the innermost open element or artifact (never the document itself).
    pub fn end(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// Closes every element opened since `id`, and `id` itself.
    pub fn close(&mut self, id: usize) {
        if let Some(k) = self.stack.iter().rposition(|o| *o == Open::Node(id)) {
            self.stack.truncate(k.max(1));
        }
    }

    /// Points the last item of `page` at the current element. A link gets its description:
    /// the text of its element so far and the page it opens.
    pub fn tag_last(&self, page: &mut Page) {
        let node = self.current();
        let described: String = match node {
            Some(n) => page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(t) if t.node == Some(n) => Some(t.text.as_str()),
                    _ => None,
                })
                // The page number printed beside the link is said by the description's
                // own 「…ページ」.
                .filter(|t| !page_number(t))
                .collect::<Vec<_>>()
                .join(" "),
            None => String::new(),
        };
        match page.items.last_mut() {
            Some(Item::Text(t)) => t.node = node,
            Some(Item::Link(l)) => {
                l.node = node;
                l.description = format!("「{}」へ（{}ページ）", described.trim(), l.page);
            }
            _ => {}
        }
    }
}
