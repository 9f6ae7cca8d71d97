//! The lopdf pass after the pages are written: nested outline with bookmarks that show their
//! page whole (`/Fit`), catalog language, the structure tree (tagged PDF, PDF/UA-1), XMP
//! metadata, a content-derived `/ID`. No clock is read anywhere.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::document::{Document, OutlineEntry};

pub use super::structure::PageTags;

/// Adds the outline, the structure tree and the metadata to the assembled document, and
/// returns it with the structure elements already written ([`save`] then makes the file).
/// `tags` says, page by page, which structure element each marked-content id and each link
/// annotation belongs to.
pub fn structure(
    mut lo: lopdf::Document,
    doc: &Document,
    tags: &[PageTags],
) -> (lopdf::Document, super::file::Written) {
    // PDF/UA-1 is built on PDF 1.7; object streams (which keep the structure tree small)
    // need 1.5.
    lo.version = "1.7".to_string();
    let pages = lo.get_pages();
    let outline = outline(&mut lo, &doc.outline, &pages);
    let mut written = super::file::Written::default();
    let tree = super::structure::tree(&mut lo, &mut written, doc, tags, &pages);
    if let Ok(catalog) = lo.catalog_mut() {
        if let Some(root) = tree {
            catalog.set("StructTreeRoot", Object::Reference(root));
            catalog.set(
                "MarkInfo",
                Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
            );
        }

        catalog.set(
            "Lang",
            Object::string_literal(doc.metadata.language.as_str()),
        );
        catalog.set(
            "ViewerPreferences",
            Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
        );
        match outline {
            Some(id) => {
                catalog.set("Outlines", Object::Reference(id));
                catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            }
            None => {
                catalog.remove(b"Outlines");
            }
        }
    }
    // The writer compressed every stream as it made it; the XMP packet stays uncompressed,
    // readable to tools that do not inflate.
    let metadata = super::structure::xmp(&mut lo, &doc.metadata);
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("Metadata", Object::Reference(metadata));
    }
    (lo, written)
}

/// The file: `lo` with the content-derived `/ID` (see [`content_id`]) and the structure
/// elements `written` ahead.
pub fn save(mut lo: lopdf::Document, written: &super::file::Written, id: Vec<u8>) -> Vec<u8> {
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    super::file::save(&lo, written)
}

/// A text string as PDF wants it for non-ASCII text: UTF-16BE with a byte-order mark.
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xfe, 0xff];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A destination showing `page` whole: `[page /Fit]`.
fn fit(page: ObjectId) -> Object {
    Object::Array(vec![Object::Reference(page), Object::Name(b"Fit".to_vec())])
}

/// Builds the outline tree from the flat, levelled entries; returns the /Outlines object.
/// Top-level entries are open, deeper ones closed (a pillar shows its policies on a click).
fn outline(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    pages: &BTreeMap<u32, ObjectId>,
) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry with a smaller level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let p = (0..i).rev().find(|&j| entries[j].level < e.level);
        parent.push(p);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    fn visible(i: usize, entries: &[OutlineEntry], parent: &[Option<usize>]) -> i64 {
        // Entries below an open (level 0) entry are visible; below them, closed.
        let kids: Vec<usize> = (0..entries.len())
            .filter(|&k| parent[k] == Some(i))
            .collect();
        if entries[i].level == 0 {
            kids.iter().map(|&k| 1 + visible(k, entries, parent)).sum()
        } else {
            0
        }
    }
    for (i, e) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[i].map(|p| ids[p]).unwrap_or(root)),
        );
        if let Some(&page) = pages.get(&(e.page as u32)) {
            d.set("Dest", fit(page));
        }
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&n) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[n]));
        }
        let kids = children(Some(i));
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[f]));
            d.set("Last", Object::Reference(ids[l]));
            let count = if e.level == 0 {
                visible(i, entries, &parent)
            } else {
                -(kids.len() as i64)
            };
            d.set("Count", Object::Integer(count));
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let total: i64 = top.iter().map(|&t| 1 + visible(t, entries, &parent)).sum();
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        d.set("First", Object::Reference(ids[f]));
        d.set("Last", Object::Reference(ids[l]));
    }
    d.set("Count", Object::Integer(total));
    lo.objects.insert(root, Object::Dictionary(d));
    Some(root)
}

/// 16 bytes derived from the laid-out document (two FNV-1a hashes with different seeds of
/// its JSON): the same content always gets the same `/ID`. The JSON is hashed as it is
/// written, never held: at 100× the roadmap it would be hundreds of MiB.
pub fn content_id(doc: &Document) -> Vec<u8> {
    let mut hash = Fnv2::new();
    if serde_json::to_writer(&mut hash, doc).is_err() {
        // As if the document had no JSON at all (it always has: no map in it has non-text keys).
        hash = Fnv2::new();
    }
    let mut id = hash.0.to_be_bytes().to_vec();
    id.extend_from_slice(&hash.1.to_be_bytes());
    id
}

/// Two FNV-1a hashes of the bytes written, with different seeds.
struct Fnv2(u64, u64);

impl Fnv2 {
    fn new() -> Fnv2 {
        Fnv2(0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142)
    }
}

impl std::io::Write for Fnv2 {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        for &b in buf {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
            self.1 = (self.1 ^ u64::from(b)).wrapping_mul(PRIME);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
