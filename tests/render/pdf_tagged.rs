//! The tagged PDF read back with lopdf, as a screen reader gets it: the catalog's
//! accessibility entries, every text run in the structure tree or an artifact, the tree in
//! reading order, headings that nest, tables whose rows add up, links with descriptions.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};

use crate::{pdf_support, support};

use koteihyo::render::pdf::{render, PdfOptions};

fn pdf(rm: &koteihyo::model::Roadmap, options: &PdfOptions) -> Vec<u8> {
    render(rm, options).expect("render").output
}

/// One structure element as read back, with its kids in order.
#[derive(Debug)]
pub(crate) struct Elem {
    pub(crate) role: String,
    attrs: Option<Dictionary>,
    /// `/ActualText`: what a screen reader says instead of the element's text.
    actual_text: Option<String>,
    pub(crate) kids: Vec<Kid>,
}

#[derive(Debug)]
pub(crate) enum Kid {
    Elem(Elem),
    /// Page index and MCID.
    Content(usize, i64),
    /// An annotation.
    Annot(ObjectId),
}

/// A tagged PDF, read back.
pub(crate) struct Tagged {
    pdf: Pdf,
    pages: Vec<ObjectId>,
    /// Text of each marked-content sequence, by (page index, MCID).
    marked: BTreeMap<(usize, i64), String>,
    /// Text shown inside an artifact, page by page.
    pub(crate) artifacts: Vec<Vec<String>>,
    pub(crate) root: Elem,
}

fn name(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().unwrap()).into_owned()
}

impl Tagged {
    fn read(bytes: &[u8]) -> Tagged {
        let pdf = Pdf::load_mem(bytes).unwrap();
        let pages: Vec<ObjectId> = pdf.get_pages().values().copied().collect();
        let mut marked = BTreeMap::new();
        let mut artifacts = Vec::new();
        for (p, &page) in pages.iter().enumerate() {
            artifacts.push(page_text(&pdf, p, page, &mut marked));
        }
        let catalog = pdf.catalog().unwrap();
        let tree = pdf
            .get_dictionary(
                catalog
                    .get(b"StructTreeRoot")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .unwrap();
        // The root's one kid, the `Document` element (alone or in an array of one).
        let top = match tree.get(b"K").unwrap() {
            Object::Array(kids) => {
                assert_eq!(kids.len(), 1, "one Document element");
                kids[0].as_reference().unwrap()
            }
            kid => kid.as_reference().unwrap(),
        };
        let root = elem(&pdf, &pages, top, None);
        Tagged {
            pdf,
            pages,
            marked,
            artifacts,
            root,
        }
    }

    /// Every element in document order.
    pub(crate) fn elems(&self) -> Vec<&Elem> {
        fn walk<'a>(e: &'a Elem, out: &mut Vec<&'a Elem>) {
            out.push(e);
            for k in &e.kids {
                if let Kid::Elem(c) = k {
                    walk(c, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    /// The text of an element and everything in it, in reading order.
    pub(crate) fn text(&self, e: &Elem) -> String {
        e.kids
            .iter()
            .map(|k| match k {
                Kid::Elem(c) => self.text(c),
                Kid::Content(p, m) => self.marked.get(&(*p, *m)).cloned().unwrap_or_default(),
                Kid::Annot(_) => String::new(),
            })
            .collect()
    }

    /// Every (page, MCID) the tree reaches, in reading order.
    fn reached(&self) -> Vec<(usize, i64)> {
        self.elems()
            .iter()
            .flat_map(|e| e.kids.iter())
            .filter_map(|k| match k {
                Kid::Content(p, m) => Some((*p, *m)),
                _ => None,
            })
            .collect()
    }
}

/// Reads one page's content: the text of each MCID into `marked`; returns the text shown
/// in artifacts. Panics on text outside any marked sequence.
fn page_text(
    pdf: &Pdf,
    p: usize,
    page: ObjectId,
    marked: &mut BTreeMap<(usize, i64), String>,
) -> Vec<String> {
    let fonts = pdf.get_page_fonts(page).unwrap();
    let content = Content::decode(&pdf.get_page_content(page)).unwrap();
    // Parsing a font's ToUnicode map is slow: once per font and page.
    let encodings: BTreeMap<&Vec<u8>, lopdf::Encoding> = fonts
        .iter()
        .map(|(k, f)| (k, f.get_font_encoding(pdf).unwrap()))
        .collect();
    let mut encoding = None;
    // The open marked sequences: Some(mcid) for content, None for an artifact.
    let mut stack: Vec<Option<i64>> = Vec::new();
    let mut artifacts = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => {
                let props = op.operands[1].as_dict().unwrap();
                stack.push(Some(props.get(b"MCID").unwrap().as_i64().unwrap()));
                assert_ne!(name(&op.operands[0]), "Artifact");
            }
            "BMC" => {
                assert_eq!(name(&op.operands[0]), "Artifact", "page {}", p + 1);
                stack.push(None);
            }
            "EMC" => {
                stack.pop().expect("EMC without a marked sequence");
            }
            "Tf" => {
                encoding = encodings.get(&op.operands[0].as_name().unwrap().to_vec());
            }
            "Tj" | "TJ" => {
                let bytes: Vec<u8> = match &op.operands[0] {
                    Object::String(s, _) => s.clone(),
                    Object::Array(a) => a
                        .iter()
                        .filter_map(|o| o.as_str().ok())
                        .flatten()
                        .copied()
                        .collect(),
                    o => panic!("{o:?}"),
                };
                let text = Pdf::decode_text(encoding.unwrap(), &bytes).unwrap();
                match stack.last() {
                    Some(Some(mcid)) => marked.entry((p, *mcid)).or_default().push_str(&text),
                    Some(None) => artifacts.push(text),
                    None => panic!(
                        "page {}: text {text:?} is neither tagged nor an artifact",
                        p + 1
                    ),
                }
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "page {}: unclosed marked content", p + 1);
    artifacts
}

/// Reads a structure element and its kids; checks each kid's `/P` and each MCR's page.
fn elem(pdf: &Pdf, pages: &[ObjectId], id: ObjectId, parent: Option<ObjectId>) -> Elem {
    let d = pdf.get_dictionary(id).unwrap();
    if let Some(parent) = parent {
        assert_eq!(d.get(b"P").unwrap().as_reference().unwrap(), parent);
    }
    let home = d.get(b"Pg").ok().map(|o| o.as_reference().unwrap());
    let page_of = |pg: ObjectId| pages.iter().position(|&p| p == pg).unwrap();
    let kids: Vec<Object> = match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    };
    let kids = kids
        .iter()
        .map(|k| match k {
            Object::Integer(m) => Kid::Content(page_of(home.expect("MCID without /Pg")), *m),
            Object::Reference(r) => Kid::Elem(elem(pdf, pages, *r, Some(id))),
            Object::Dictionary(k) => {
                let pg = page_of(k.get(b"Pg").unwrap().as_reference().unwrap());
                match name(k.get(b"Type").unwrap()).as_str() {
                    "MCR" => Kid::Content(pg, k.get(b"MCID").unwrap().as_i64().unwrap()),
                    "OBJR" => Kid::Annot(k.get(b"Obj").unwrap().as_reference().unwrap()),
                    t => panic!("kid of type {t}"),
                }
            }
            o => panic!("kid {o:?}"),
        })
        .collect();
    Elem {
        role: name(d.get(b"S").unwrap()),
        attrs: d.get(b"A").ok().map(|a| attributes(pdf, a)),
        actual_text: d
            .get(b"ActualText")
            .ok()
            .map(|t| lopdf::decode_text_string(t).unwrap()),
        kids,
    }
}

/// An element's attributes (`/A`: one dictionary, or an array of them) as one dictionary.
fn attributes(pdf: &Pdf, a: &Object) -> lopdf::Dictionary {
    let mut all = lopdf::Dictionary::new();
    let owners = match a {
        Object::Array(list) => list.clone(),
        one => vec![one.clone()],
    };
    for owner in owners {
        let dict = match owner {
            Object::Reference(r) => pdf.get_dictionary(r).unwrap().clone(),
            Object::Dictionary(d) => d,
            _ => continue,
        };
        for (k, v) in dict.iter() {
            all.set(k.clone(), v.clone());
        }
    }
    all
}

fn attr(e: &Elem, key: &[u8]) -> Option<i64> {
    e.attrs.as_ref()?.get(key).ok()?.as_i64().ok()
}

/// The checks every tagged roadmap passes (it has links); returns it for more.
fn check(bytes: &[u8]) -> Tagged {
    let t = check_tagged(bytes);
    assert!(links_described(&t) > 0, "the roadmap links its parts");
    t
}

/// The checks every tagged PDF koteihyo writes passes (roadmap.pdf, progress.pdf);
/// returns it for more.
pub(crate) fn check_tagged(bytes: &[u8]) -> Tagged {
    let t = Tagged::read(bytes);
    catalog(&t);
    all_content_reached_once(&t);
    parent_tree(&t);
    headings_nest(&t);
    tables_add_up(&t);
    links_described(&t);
    t
}

fn catalog(t: &Tagged) {
    let c = t.pdf.catalog().unwrap();
    let mark = c.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert_eq!(mark.get(b"Marked").unwrap(), &Object::Boolean(true));
    assert_eq!(c.get(b"Lang").unwrap().as_str().unwrap(), b"ja-JP");
    let prefs = c.get(b"ViewerPreferences").unwrap().as_dict().unwrap();
    assert_eq!(
        prefs.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    let xmp = t
        .pdf
        .get_object(c.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    let info = t.pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let title = t.pdf.get_dictionary(info).unwrap().get(b"Title").unwrap();
    let title = lopdf::decode_text_string(title).unwrap();
    assert!(!title.is_empty());
    assert!(xmp.contains(&format!(">{title}</rdf:li>")), "{xmp}");
    assert_eq!(t.root.role, "Document");
}

fn all_content_reached_once(t: &Tagged) {
    let reached = t.reached();
    let mut seen: Vec<(usize, i64)> = reached.clone();
    seen.sort();
    let before = seen.len();
    seen.dedup();
    assert_eq!(seen.len(), before, "a marked sequence is in the tree twice");
    let marked: Vec<(usize, i64)> = t.marked.keys().copied().collect();
    assert_eq!(seen, marked, "marked content and tree differ");
    // Reading order goes page by page: the tree never goes back to an earlier page except
    // for the parts laid out last (目次, the diagram), which it reads in their place.
    let pages: Vec<usize> = reached.iter().map(|r| r.0).collect();
    let mut sorted = pages.clone();
    sorted.sort();
    assert_eq!(pages, sorted, "the tree does not read the pages in order");
    // Within a page, a text that holds text reads its runs in drawing order.
    for e in t.elems() {
        let own: Vec<(usize, i64)> = e
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Content(p, m) => Some((*p, *m)),
                _ => None,
            })
            .collect();
        assert!(own.windows(2).all(|w| w[0] < w[1]), "{}: {own:?}", e.role);
        let has_elems = e.kids.iter().any(|k| matches!(k, Kid::Elem(_)));
        assert!(
            own.is_empty() || !has_elems,
            "{} mixes text and elements",
            e.role
        );
        if !own.is_empty() {
            let holds = ["H1", "H2", "H3", "P", "Link", "TH", "TD"];
            assert!(
                holds.contains(&e.role.as_str()),
                "text directly in {}",
                e.role
            );
        }
    }
}

fn parent_tree(t: &Tagged) {
    let c = t.pdf.catalog().unwrap();
    let root = t
        .pdf
        .get_dictionary(c.get(b"StructTreeRoot").unwrap().as_reference().unwrap())
        .unwrap();
    let deref = |o: &Object| t.pdf.dereference(o).unwrap().1.clone();
    let nums = deref(root.get(b"ParentTree").unwrap());
    let nums = deref(nums.as_dict().unwrap().get(b"Nums").unwrap());
    let nums = nums.as_array().unwrap();
    let tree: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|kv| (kv[0].as_i64().unwrap(), &kv[1]))
        .collect();
    let next = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    assert!(tree.keys().all(|&k| k < next));
    for (p, &page) in t.pages.iter().enumerate() {
        let d = t.pdf.get_dictionary(page).unwrap();
        let key = d.get(b"StructParents").unwrap().as_i64().unwrap();
        let parents = deref(tree[&key]);
        let parents = parents.as_array().unwrap();
        let mcids = t.marked.keys().filter(|k| k.0 == p).count();
        assert_eq!(parents.len(), mcids, "page {}", p + 1);
        for (mcid, parent) in parents.iter().enumerate() {
            let e = t
                .pdf
                .get_dictionary(parent.as_reference().unwrap())
                .unwrap();
            let k = e.get(b"K").unwrap();
            let has = |o: &Object| match o {
                Object::Integer(m) => *m == mcid as i64,
                Object::Dictionary(d) => d
                    .get(b"MCID")
                    .is_ok_and(|m| m.as_i64().ok() == Some(mcid as i64)),
                _ => false,
            };
            let found = match k {
                Object::Array(a) => a.iter().any(has),
                o => has(o),
            };
            assert!(
                found,
                "page {} MCID {mcid}: its parent does not hold it",
                p + 1
            );
        }
    }
}

fn headings_nest(t: &Tagged) {
    let levels: Vec<u32> = t
        .elems()
        .iter()
        .filter_map(|e| e.role.strip_prefix('H')?.parse().ok())
        .collect();
    assert_eq!(levels.first(), Some(&1));
    for w in levels.windows(2) {
        assert!(
            w[1] <= w[0] + 1,
            "heading level jumps from {} to {}",
            w[0],
            w[1]
        );
    }
    for e in t.elems() {
        if e.role.starts_with('H') && e.role.len() == 2 {
            assert!(!t.text(e).trim().is_empty(), "empty {}", e.role);
        }
    }
}

/// Every row of every table covers the same number of columns, counting the cells that
/// reach into it from rows above (`RowSpan`); header cells say what they head.
fn tables_add_up(t: &Tagged) {
    for table in t.elems().into_iter().filter(|e| e.role == "Table") {
        let rows: Vec<&Elem> = table
            .kids
            .iter()
            .map(|k| match k {
                Kid::Elem(e) if e.role == "TR" => e,
                k => panic!("table kid {k:?}"),
            })
            .collect();
        assert!(!rows.is_empty());
        let mut carried: Vec<u32> = Vec::new(); // rows still covered, per column
        let mut width = None;
        for row in rows {
            let mut col = 0usize;
            let skip = |col: &mut usize, carried: &[u32]| {
                while carried.get(*col).is_some_and(|&n| n > 0) {
                    *col += 1;
                }
            };
            let mut next = carried
                .iter()
                .map(|n| n.saturating_sub(1))
                .collect::<Vec<_>>();
            for cell in &row.kids {
                let Kid::Elem(cell) = cell else {
                    panic!("content directly in a row")
                };
                assert!(
                    cell.role == "TH" || cell.role == "TD",
                    "{} in a row",
                    cell.role
                );
                if cell.role == "TH" {
                    let scope = cell.attrs.as_ref().and_then(|a| a.get(b"Scope").ok());
                    assert!(scope.is_some(), "a header cell without /Scope");
                }
                skip(&mut col, &carried);
                let span = attr(cell, b"ColSpan").unwrap_or(1) as usize;
                let down = attr(cell, b"RowSpan").unwrap_or(1) as u32;
                assert!(span >= 1 && down >= 1);
                if next.len() < col + span {
                    next.resize(col + span, 0);
                }
                next[col..col + span].fill(down - 1);
                col += span;
            }
            skip(&mut col, &carried);
            let w = *width.get_or_insert(col);
            assert_eq!(
                col,
                w,
                "a row of {} columns in a table of {w}: {:?}",
                col,
                t.text(row)
            );
            carried = next;
        }
        assert!(
            carried.iter().all(|&n| n == 0),
            "a RowSpan runs past the table"
        );
    }
}

/// Every link annotation is described and sits in one `Link` element; returns how many.
fn links_described(t: &Tagged) -> usize {
    let mut annots_in_tree = Vec::new();
    for e in t.elems() {
        for k in &e.kids {
            if let Kid::Annot(a) = k {
                assert_eq!(e.role, "Link");
                annots_in_tree.push(*a);
            }
        }
        if e.role == "Link" {
            assert!(!t.text(e).is_empty(), "a link without text");
        }
    }
    let mut on_pages = Vec::new();
    for &page in &t.pages {
        let d = t.pdf.get_dictionary(page).unwrap();
        let Ok(annots) = d.get(b"Annots").and_then(Object::as_array) else {
            continue;
        };
        if annots.is_empty() {
            continue;
        }
        assert_eq!(name(d.get(b"Tabs").unwrap()), "S");
        for a in annots {
            let id = a.as_reference().unwrap();
            let ad = t.pdf.get_dictionary(id).unwrap();
            let contents = lopdf::decode_text_string(ad.get(b"Contents").unwrap()).unwrap();
            assert!(contents.contains("ページ"), "{contents}");
            assert!(ad.get(b"StructParent").is_ok());
            on_pages.push(id);
        }
    }
    annots_in_tree.sort();
    on_pages.sort();
    assert_eq!(
        annots_in_tree, on_pages,
        "every annotation sits in one Link element"
    );
    on_pages.len()
}

/// The fixture, tagged: the invariants, and what is an artifact.
#[test]
fn the_fixture_pdf_is_tagged() {
    let t = check(&pdf(&pdf_support::roadmap(), &PdfOptions::default()));
    // Artifacts are the page furniture only: footers, and the headings, legend and year
    // columns repeated on continued pages.
    let rm = pdf_support::roadmap();
    let plan = &rm.plan;
    let footer = [plan.title.as_str(), plan.document.as_str(), &plan.issuer];
    // The legend's two rows: the plan's row kinds and step bar, then the bars' keys.
    let legend = [
        "《凡例》",
        &plan.legend.initiative,
        &plan.legend.item,
        &plan.legend.step,
        "再掲（元の記載の施策・ページ）",
        &format!("矢印: {}", plan.arrow.meaning()),
        "矢印なし: ここで終わる",
    ];
    for (p, texts) in t.artifacts.iter().enumerate() {
        for text in texts {
            let furniture = text.starts_with("- ")
                || footer.iter().any(|f| text.contains(f))
                || legend.contains(&text.as_str())
                || text.ends_with("（続き）")
                || text.ends_with(" (続き)")
                || text.ends_with("年度")
                || rm.pillars.iter().any(|q| {
                    text.contains(&q.title)
                        || text == &q.subtitle
                        || q.policies
                            .iter()
                            .any(|r| text == &format!("{}{}", r.label, r.title))
                });
            assert!(furniture, "page {}: {text:?} is an artifact", p + 1);
        }
    }
    // The first chart page's table reads as a table: years head the columns.
    let tables: Vec<&Elem> = t
        .elems()
        .into_iter()
        .filter(|e| e.role == "Table")
        .collect();
    let first = tables.first().unwrap();
    let Kid::Elem(head) = &first.kids[0] else {
        panic!()
    };
    let years: Vec<String> = head
        .kids
        .iter()
        .skip(1)
        .map(|k| match k {
            Kid::Elem(e) => t.text(e),
            _ => String::new(),
        })
        .collect();
    assert_eq!(
        years.first().map(String::as_str),
        Some("～令和6(2024)年度"),
        "{years:?}"
    );
}

/// A draft is tagged too, and says it is a draft first.
#[test]
fn a_draft_is_tagged_and_says_so_first() {
    let draft = PdfOptions {
        draft_errors: Some(3),
        ..Default::default()
    };
    let t = check(&pdf(&pdf_support::roadmap(), &draft));
    let Some(Kid::Elem(first)) = t.root.kids.first() else {
        panic!("empty document")
    };
    assert_eq!(first.role, "P");
    assert!(t.text(first).contains("案"), "{}", t.text(first));
    assert!(t.text(first).contains("未解決のエラー 3 件"));
    // On the other pages the mark is page furniture.
    assert!(t.artifacts[1].iter().any(|a| a == "案"));
}

/// The published roadmap (input/) and its PDF read back as a screen reader gets it.
fn published() -> (koteihyo::model::Roadmap, Tagged) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let roadmap = support::load(&dir).roadmap;
    let tagged = check(&pdf(&roadmap, &PdfOptions::default()));
    (roadmap, tagged)
}

/// A text with its white space removed, as the tests compare what is read.
pub fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// The published roadmap: every step's text is in a table cell of the structure, in the
/// order of the roadmap.
#[test]
fn the_published_roadmap_reads_every_step_in_order() {
    let (roadmap, t) = published();
    let cells: Vec<String> = t
        .elems()
        .into_iter()
        .filter(|e| e.role == "TD")
        .map(|e| squeeze(&t.text(e)))
        .collect();
    let mut at = 0;
    for (_, step) in roadmap.steps() {
        let wanted = squeeze(&step.text);
        let found = cells[at..].iter().position(|c| c.starts_with(&wanted));
        let Some(k) = found else {
            panic!("step {:?} is not in a cell after cell {at}", step.text);
        };
        at += k + 1;
    }
}

/// A link printed as a title and a page number (the 目次, the diagram's policies) is read
/// 「はじめに（3ページ）」, not 「はじめに3」: the number is said as a page.
#[test]
fn a_page_number_beside_a_link_is_read_as_a_page() {
    let (_, t) = published();
    let mut numbered = Vec::new();
    for e in t.elems().into_iter().filter(|e| e.role == "Link") {
        let text = squeeze(&t.text(e));
        let title = text.trim_end_matches(|c: char| c.is_ascii_digit());
        if title.len() == text.len() {
            continue; // no page number printed
        }
        let page = &text[title.len()..];
        let title = title.strip_suffix("p.").unwrap_or(title);
        let said = e.actual_text.as_deref().map(squeeze);
        assert_eq!(said, Some(format!("{title}（{page}ページ）")), "{text}");
        numbered.push(text);
    }
    // The 目次's nine lines and the diagram's policies.
    assert!(
        numbered.iter().any(|t| t.starts_with("はじめに")) && numbered.len() > 9,
        "{numbered:?}"
    );
}

/// A revised edition: 「今回の改定における主な変更点」 reads as a heading and a table.
#[test]
fn the_changes_section_is_tagged() {
    use koteihyo::revision::diff::diff;

    let rm = pdf_support::roadmap();
    let mut next = rm.clone();
    let step = &mut next.pillars[0].policies[0].initiatives[0].items[0].lines[0].steps[0];
    step.text = format!("{}の拡充", step.text);
    let changes = diff(&rm, &next);
    let revised = PdfOptions {
        changes: Some(&changes),
        ..Default::default()
    };
    let t = check(&pdf(&next, &revised));
    let heads: Vec<String> = t
        .elems()
        .into_iter()
        .filter(|e| e.role == "TH")
        .map(|e| t.text(e))
        .collect();
    for h in ["種類", "対象", "変更前", "変更後"] {
        assert!(heads.iter().any(|x| x == h), "{h} is not a column header");
    }
    let cells: Vec<String> = t
        .elems()
        .into_iter()
        .filter(|e| e.role == "TD")
        .map(|e| t.text(e))
        .collect();
    assert!(cells.iter().any(|c| c.contains("文言の変更")), "{cells:?}");
}
