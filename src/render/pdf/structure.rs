//! The tagged-PDF parts of the lopdf pass: the structure tree (`/StructTreeRoot` with its
//! `/ParentTree`), the link annotations tied into it (`/StructParent`, `/Contents`,
//! `/Tabs /S`), and the XMP metadata with the PDF/UA identification.
//!
//! Layout said what each box is ([`Document::structure`]); the writer marked each run of
//! text with an MCID and reported them here ([`PageTags`]); this builds the tree.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::document::{Document, Metadata, Role, Scope};
use super::file::Written;
use super::finish::text_string;

/// What the writer marked on one page.
#[derive(Debug, Clone, Default)]
pub struct PageTags {
    /// For each MCID of the page (its index), the structure element it belongs to.
    pub mcids: Vec<usize>,
    /// The page's link annotations in `/Annots` order: their `Link` element and
    /// description.
    pub links: Vec<(Option<usize>, String)>,
}

/// One kid of a structure element, in reading order.
enum Kid {
    /// Marked content: page index, MCID.
    Content(usize, usize),
    /// An annotation object on a page.
    Annot(usize, ObjectId),
    /// A child element.
    Element(usize),
}

/// Builds the structure tree, its elements written straight into `written`; returns the
/// `/StructTreeRoot` (`None` for a document without structure).
pub fn tree(
    lo: &mut lopdf::Document,
    written: &mut Written,
    doc: &Document,
    tags: &[PageTags],
    pages: &BTreeMap<u32, ObjectId>,
) -> Option<ObjectId> {
    let nodes = &doc.structure;
    if nodes.is_empty() {
        return None;
    }
    let page_ids: Vec<ObjectId> = pages.values().copied().collect();
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = nodes.iter().map(|_| lo.new_object_id()).collect();
    let mut kids: Vec<Vec<Kid>> = nodes.iter().map(|_| Vec::new()).collect();
    // Content first, in page order, then child elements: layout never gives an element
    // both text of its own and children, except a link (its text, then its annotation).
    let mut nums = Vec::new();
    for (p, page_tags) in tags.iter().enumerate() {
        let mut parents = Vec::with_capacity(page_tags.mcids.len());
        for (mcid, &node) in page_tags.mcids.iter().enumerate() {
            let node = node.min(nodes.len() - 1);
            kids[node].push(Kid::Content(p, mcid));
            parents.push(Object::Reference(ids[node]));
        }
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(parents));
    }
    let mut next_key = tags.len() as i64;
    for (p, page_tags) in tags.iter().enumerate() {
        let Some(&page) = page_ids.get(p) else {
            continue;
        };
        let annots = link_annotations(lo, page, page_tags, &mut next_key);
        for (annot, node, key) in annots {
            if let Some(n) = node.filter(|&n| n < nodes.len()) {
                kids[n].push(Kid::Annot(p, annot));
                nums.push(Object::Integer(key));
                nums.push(Object::Reference(ids[n]));
            }
        }
        if let Ok(dict) = lo.get_dictionary_mut(page) {
            dict.set("StructParents", Object::Integer(p as i64));
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        if let Some(parent) = n.parent.filter(|&q| q < nodes.len() && q != i) {
            kids[parent].push(Kid::Element(i));
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        let parent = n.parent.map_or(root, |q| ids[q.min(nodes.len() - 1)]);
        let mut dict = element(n.role, parent, &kids[i], &ids, &page_ids);
        if let Some(read_as) = &n.read_as {
            dict.set("ActualText", text_string(read_as));
        }
        written.insert(ids[i], &Object::Dictionary(dict));
    }
    let parent_tree = Dictionary::from_iter(vec![("Nums", Object::Array(nums))]);
    let root_dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", Object::Reference(ids[0])),
        ("ParentTree", Object::Dictionary(parent_tree)),
        ("ParentTreeNextKey", Object::Integer(next_key)),
    ]);
    written.insert(root, &Object::Dictionary(root_dict));
    Some(root)
}

/// Turns the page's inline link annotations into objects of their own (a structure
/// element can only point at an object), each with its `/Contents` and `/StructParent`;
/// asks readers to tab through them in structure order. Returns (annotation, element,
/// parent-tree key) in `/Annots` order.
fn link_annotations(
    lo: &mut lopdf::Document,
    page: ObjectId,
    tags: &PageTags,
    next_key: &mut i64,
) -> Vec<(ObjectId, Option<usize>, i64)> {
    let annots: Vec<Object> = lo
        .get_dictionary(page)
        .ok()
        .and_then(|d| d.get(b"Annots").ok())
        .and_then(|a| a.as_array().ok())
        .cloned()
        .unwrap_or_default();
    if annots.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut refs = Vec::new();
    for (k, annot) in annots.into_iter().enumerate() {
        let Object::Dictionary(mut dict) = annot else {
            refs.push(annot);
            continue;
        };
        let (node, description) = tags.links.get(k).cloned().unwrap_or_default();
        if !description.is_empty() {
            dict.set("Contents", text_string(&description));
        }
        dict.set("StructParent", Object::Integer(*next_key));
        dict.set("P", Object::Reference(page));
        let id = lo.add_object(Object::Dictionary(dict));
        out.push((id, node, *next_key));
        *next_key += 1;
        refs.push(Object::Reference(id));
    }
    if let Ok(dict) = lo.get_dictionary_mut(page) {
        dict.set("Annots", Object::Array(refs));
        dict.set("Tabs", Object::Name(b"S".to_vec()));
    }
    out
}

/// One `/StructElem`: its type, parent, kids, page and (for a table cell) attributes.
fn element(
    role: Role,
    parent: ObjectId,
    kids: &[Kid],
    ids: &[ObjectId],
    pages: &[ObjectId],
) -> Dictionary {
    // `/Type /StructElem` is optional: left out, as thousands of elements are written.
    let mut d = Dictionary::new();
    d.set("S", Object::Name(role.name().as_bytes().to_vec()));
    d.set("P", Object::Reference(parent));
    // The element's page: that of its first content; kids on other pages say their own.
    let home = kids.iter().find_map(|k| match k {
        Kid::Content(p, _) | Kid::Annot(p, _) => Some(*p),
        Kid::Element(_) => None,
    });
    if let Some(&pg) = home.and_then(|p| pages.get(p)) {
        d.set("Pg", Object::Reference(pg));
    }
    let page = |p: usize| {
        pages
            .get(p)
            .map_or(Object::Null, |&id| Object::Reference(id))
    };
    let k: Vec<Object> = kids
        .iter()
        .map(|kid| match *kid {
            Kid::Content(p, mcid) if Some(p) == home => Object::Integer(mcid as i64),
            Kid::Content(p, mcid) => Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"MCR".to_vec())),
                ("Pg", page(p)),
                ("MCID", Object::Integer(mcid as i64)),
            ])),
            Kid::Annot(p, annot) => Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Pg", page(p)),
                ("Obj", Object::Reference(annot)),
            ])),
            Kid::Element(e) => Object::Reference(ids[e]),
        })
        .collect();
    match k.len() {
        0 => {}
        1 => d.set("K", k.into_iter().next().unwrap_or(Object::Null)),
        _ => d.set("K", Object::Array(k)),
    }
    if let Some(a) = table_attributes(role) {
        d.set("A", Object::Dictionary(a));
    }
    d
}

/// A cell's `/A` attributes: its spans (when more than one) and a header's scope.
fn table_attributes(role: Role) -> Option<Dictionary> {
    let (scope, colspan, rowspan) = match role {
        Role::TH {
            scope,
            colspan,
            rowspan,
        } => (Some(scope), colspan, rowspan),
        Role::TD { colspan, rowspan } => (None, colspan, rowspan),
        _ => return None,
    };
    let mut a = Dictionary::new();
    a.set("O", Object::Name(b"Table".to_vec()));
    if let Some(scope) = scope {
        let name: &[u8] = match scope {
            Scope::Column => b"Column",
            Scope::Row => b"Row",
        };
        a.set("Scope", Object::Name(name.to_vec()));
    }
    if colspan > 1 {
        a.set("ColSpan", Object::Integer(i64::from(colspan)));
    }
    if rowspan > 1 {
        a.set("RowSpan", Object::Integer(i64::from(rowspan)));
    }
    (a.len() > 1).then_some(a)
}

/// The PDF's producer, in the document information and the XMP: this program and its
/// version. (It said `koteihyo (printpdf 0.12.8)` while printpdf wrote the file, and went on
/// saying it after this writer replaced printpdf.)
pub const PRODUCER: &str = concat!("koteihyo ", env!("CARGO_PKG_VERSION"));

/// The application that made the document (Info's `Creator`, XMP's `CreatorTool`).
pub const CREATOR: &str = "koteihyo";

/// Adds the XMP metadata stream: title, author, subject, language, producer, and the
/// PDF/UA-1 identification (`pdfuaid:part`). Returns its object.
pub fn xmp(lo: &mut lopdf::Document, m: &Metadata) -> ObjectId {
    let e = xml_escape;
    let packet = format!(
        concat!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "<rdf:Description rdf:about=\"\"\n",
            " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n",
            " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n",
            " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n",
            " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
            "<dc:format>application/pdf</dc:format>\n",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n",
            "<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n",
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n",
            "<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n",
            "<pdf:Producer>{producer}</pdf:Producer>\n",
            "<xmp:CreatorTool>{creator}</xmp:CreatorTool>\n",
            "<pdfuaid:part>1</pdfuaid:part>\n",
            "</rdf:Description>\n",
            "</rdf:RDF>\n",
            "</x:xmpmeta>\n",
            "<?xpacket end=\"w\"?>"
        ),
        title = e(&m.title),
        author = e(&m.author),
        subject = e(&m.subject),
        lang = e(&m.language),
        producer = e(PRODUCER),
        creator = e(CREATOR),
    );
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Metadata".to_vec())),
        ("Subtype", Object::Name(b"XML".to_vec())),
    ]);
    lo.add_object(Stream::new(dict, packet.into_bytes()))
}

/// Escapes text for XML character data.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_carry_their_spans_and_scope() {
        let a = table_attributes(Role::row_header(1, 3)).unwrap();
        assert_eq!(a.get(b"Scope").unwrap(), &Object::Name(b"Row".to_vec()));
        assert_eq!(a.get(b"RowSpan").unwrap(), &Object::Integer(3));
        assert!(a.get(b"ColSpan").is_err(), "a span of one is the default");
        let a = table_attributes(Role::cell(4)).unwrap();
        assert_eq!(a.get(b"ColSpan").unwrap(), &Object::Integer(4));
        assert!(a.get(b"Scope").is_err());
        // A plain cell needs no attributes; other elements have none.
        assert!(table_attributes(Role::cell(1)).is_none());
        assert!(table_attributes(Role::P).is_none());
    }

    #[test]
    fn xmp_text_is_escaped() {
        assert_eq!(xml_escape("A&B <c>"), "A&amp;B &lt;c&gt;");
    }
}
