//! Zip packages (.xlsx, .xlsm, .ods): checked before calamine inflates them.
//!
//! A zip entry says in the central directory how large it inflates to, and may lie. So the
//! check is in two steps, both bounded by [`limits::MAX_PART_BYTES`] and
//! [`limits::MAX_INFLATED_BYTES`]:
//! 1. the declared sizes, from the central directory alone (nothing is inflated): a zip bomb
//!    that admits its size is refused here;
//! 2. every entry is inflated into a counter (nothing is kept), stopping one byte past its
//!    declared size: an entry that inflates further lies and is refused, having cost no more
//!    than what it declared. An entry that passes inflates, in calamine, to what it declared.
//!
//! The second step also reads what calamine would trust blindly: a shared-string table's
//! `uniqueCount` (calamine reserves that many strings up front), and, for .ods, the cells
//! that `number-rows-repeated` / `number-columns-repeated` would spell out.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::limits;
use crate::diagnostic::{Arg, Code, Diagnostic, Place};

/// Why a file is refused before a reader sees it. Concrete, so tests can match on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A documented limit would be exceeded (`limit-exceeded`).
    Limit(Arg),
    /// The container is damaged or inconsistent (`file-unreadable`).
    Damaged(Arg),
}

impl Refusal {
    /// The refusal as a diagnostic at `place`: `limit-exceeded` or `file-unreadable`, quoting
    /// the reason.
    pub fn diagnostic(&self, place: Place) -> Diagnostic {
        match self {
            Refusal::Limit(why) => Diagnostic::with(Code::LimitExceeded, place, [why.clone()]),
            Refusal::Damaged(why) => Diagnostic::with(Code::FileUnreadable, place, [why.clone()]),
        }
    }
}

/// The bounds a zip package is checked against (the defaults are [`limits`]; tests use
/// smaller ones to stay fast).
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    /// Largest part once inflated (bytes).
    pub part: u64,
    /// Largest total of the parts once inflated (bytes).
    pub total: u64,
    /// Most parts in the package.
    pub entries: usize,
    /// Most cells an .ods's repeated rows and columns may spell out.
    pub range_cells: u64,
}

impl Default for ZipLimits {
    fn default() -> ZipLimits {
        ZipLimits {
            part: limits::MAX_PART_BYTES,
            total: limits::MAX_INFLATED_BYTES,
            entries: limits::MAX_ZIP_ENTRIES,
            range_cells: limits::MAX_RANGE_CELLS,
        }
    }
}

fn mb(n: u64) -> u64 {
    n >> 20
}

/// Checks a zip package against the default limits.
pub fn check_zip(bytes: &[u8], ods: bool) -> Result<(), Refusal> {
    check_zip_with(bytes, ods, &ZipLimits::default())
}

/// [`check_zip`] against `lim`: the number of parts, their declared sizes (the central
/// directory only), their actual sizes (inflated, never past the declared ones), the
/// shared-string tables' counts and, in an .ods, the cells its ranges repeat.
pub fn check_zip_with(bytes: &[u8], ods: bool, lim: &ZipLimits) -> Result<(), Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    if archive.len() > lim.entries {
        return Err(Refusal::Limit(
            crate::diagnostic::Message::new(
                format!(
                    "zipの中のファイルが{}個あり、上限{}個を超えています",
                    archive.len(),
                    lim.entries
                ),
                format!("more than {} parts in the package", lim.entries),
            )
            .arg(),
        ));
    }
    check_declared_sizes(&mut archive, lim)?;
    let sizes = inflated_sizes(&mut archive)?;
    // calamine reserves a shared-string table's `uniqueCount` strings before reading one.
    for (i, name, size) in &sizes {
        let key = name.replace('\\', "/").to_ascii_lowercase();
        if key.ends_with("sharedstrings.xml") {
            if let Ok(part) = archive.by_index(*i) {
                check_shared_strings(name, part, *size)?;
            }
        }
    }
    if ods {
        if let Ok(content) = archive.by_name("content.xml") {
            check_ods_cells(content, lim.range_cells)?;
        }
    }
    Ok(())
}

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// A package the zip reader cannot read.
fn damaged(e: &dyn std::fmt::Display) -> Refusal {
    Refusal::Damaged(
        crate::diagnostic::Message::new(
            "zipとして壊れています",
            format!("damaged zip package: {e}"),
        )
        .arg(),
    )
}

/// Each part's and the package's declared inflated size against the limits, from the
/// central directory alone (nothing is inflated).
fn check_declared_sizes(archive: &mut Archive, lim: &ZipLimits) -> Result<(), Refusal> {
    let mut total = 0u64;
    for i in 0..archive.len() {
        let f = archive.by_index_raw(i).map_err(|e| damaged(&e))?;
        if f.size() > lim.part {
            let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
            return Err(part_too_large(&name, f.size(), lim.part));
        }
        total = total.saturating_add(f.size());
    }
    if total > lim.total {
        return Err(Refusal::Limit(
            crate::diagnostic::Message::new(
                format!(
                    "展開後の合計が{}MBで、上限{}MBを超えています",
                    mb(total),
                    mb(lim.total)
                ),
                format!(
                    "the package inflates to {} MB, over {} MB",
                    mb(total),
                    mb(lim.total)
                ),
            )
            .arg(),
        ));
    }
    Ok(())
}

/// Each part's actual size, inflated in chunks and never past its declared size (a part
/// that inflates beyond it lies): (index, name, size).
fn inflated_sizes(archive: &mut Archive) -> Result<Vec<(usize, String, u64)>, Refusal> {
    let mut sizes = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut f = match archive.by_index(i) {
            Ok(f) => f,
            // An entry calamine cannot inflate either (other method, encrypted) costs nothing.
            Err(zip::result::ZipError::UnsupportedArchive(_)) => continue,
            Err(e) => return Err(damaged(&e)),
        };
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = f.size();
        let mut count = 0u64;
        loop {
            let n = match f.read(&mut buf) {
                Ok(n) => n,
                // The zip reader itself stops an entry at its declared size.
                Err(e) if e.to_string().contains("declared") => return Err(lies(&name, declared)),
                Err(e) => return Err(damaged(&format!("{name}: {e}"))),
            };
            if n == 0 {
                break;
            }
            count += n as u64;
            if count > declared {
                return Err(lies(&name, declared));
            }
        }
        sizes.push((i, name, count));
    }
    Ok(sizes)
}

fn lies(name: &str, declared: u64) -> Refusal {
    Refusal::Limit(
        crate::diagnostic::Message::new(
            format!("「{name}」が申告の{declared}バイトを超えて展開されます"),
            format!("the part inflates past its declared {declared} bytes"),
        )
        .arg(),
    )
}

fn part_too_large(name: &str, size: u64, limit: u64) -> Refusal {
    Refusal::Limit(
        crate::diagnostic::Message::new(
            format!(
                "「{name}」は展開すると{}MBになり、上限{}MBを超えています",
                mb(size),
                mb(limit)
            ),
            format!(
                "the part inflates to {} MB, over {} MB",
                mb(size),
                mb(limit)
            ),
        )
        .arg(),
    )
}

/// calamine reserves `uniqueCount` strings before reading any (at the first `sst` element,
/// wherever it is): a count larger than the part could hold (each `<si/>` takes at least five
/// bytes) is a lie.
fn check_shared_strings<R: Read>(name: &str, part: R, size: u64) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let count = attr(&e, "uniqueCount").and_then(|v| v.trim().parse::<u64>().ok());
                return match count {
                    Some(n) if n.saturating_mul(5) > size => Err(Refusal::Damaged(
                        crate::diagnostic::Message::new(
                            format!("「{name}」の文字列の数{n}が中身と合いません"),
                            format!("the shared-string count {n} does not match the part"),
                        )
                        .arg(),
                    )),
                    _ => Ok(()),
                };
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

/// calamine's ODS reader spells out repeated rows and columns into a dense rectangle (up to
/// 16,384 columns and 1,048,576 rows): a few bytes of XML can ask for billions of cells.
/// Counts what it would build, with its caps, and refuses more than `max_cells`.
fn check_ods_cells<R: Read>(content: R, max_cells: u64) -> Result<(), Refusal> {
    let too_many = |n: u64| {
        Refusal::Limit(
            crate::diagnostic::Message::new(
                format!("繰り返し指定により{n}セル以上に広がり、上限{max_cells}セルを超えています"),
                format!("repeated rows and columns spell out {n} cells, over {max_cells}"),
            )
            .arg(),
        )
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut count = OdsCount::default();
    // Open elements: calamine's ODS reader loops until it meets an element's end tag, and
    // at the end of the part it loops for ever (found by tests/fuzz.rs), so a part that ends
    // with elements still open is refused.
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            Refusal::Damaged(
                crate::diagnostic::Message::new(
                    format!("content.xml を読めません: {e}"),
                    format!("content.xml: {e}"),
                )
                .arg(),
            )
        })?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => {
                return Err(Refusal::Damaged(
                    crate::diagnostic::Message::new(
                        "content.xml が途中で切れています",
                        "content.xml ends inside an element",
                    )
                    .arg(),
                ))
            }
            _ => {}
        }
        match &event {
            Event::Start(e) => count.element(e, true),
            Event::Empty(e) => count.element(e, false),
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                let dense = count.end_row();
                if count.all_stored > max_cells {
                    return Err(too_many(count.all_stored));
                }
                if dense > max_cells {
                    return Err(too_many(dense));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The cells calamine would build from content.xml, counted as its elements are read.
#[derive(Default)]
struct OdsCount {
    /// Cells stored, over all tables (calamine reads every table up front, before rows are
    /// repeated).
    all_stored: u64,
    /// In the current table: rows spelled out so far, the rows with content (first, last, in
    /// spelled-out rows), and the column span.
    rows: u64,
    content_rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
    /// The current row: its repeat count, next column, and cells with content.
    row: Option<OdsRow>,
}

impl OdsCount {
    const MAX_ROWS: u64 = 1_048_576;
    const MAX_COLUMNS: u64 = 16_384;

    /// A table, row or cell element starts (`opened`: it is not an empty element).
    fn element(&mut self, e: &BytesStart<'_>, opened: bool) {
        match e.name().as_ref() {
            "table:table" => {
                self.rows = 0;
                self.content_rows = None;
                self.cols = None;
            }
            "table:table-row" if opened => {
                let repeat = attr(e, "table:number-rows-repeated")
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(1);
                let repeat = repeat.min(Self::MAX_ROWS.saturating_sub(self.rows));
                self.row = Some((repeat, 0, None));
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeat = attr(e, "table:number-columns-repeated")
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(1);
                // Content: a value type, a formula, or anything inside the element. Erring
                // towards content only ever overestimates.
                let has = opened
                    || attr(e, "office:value-type").is_some()
                    || attr(e, "table:formula").is_some();
                if let Some((_, next, span)) = self.row.as_mut() {
                    let repeat = repeat.min(Self::MAX_COLUMNS.saturating_sub(*next));
                    if has && repeat > 0 {
                        let first = span.map_or(*next, |(f, _)| f);
                        *span = Some((first, *next + repeat - 1));
                    }
                    *next += repeat;
                }
            }
            _ => {}
        }
    }

    /// A row ends: its cells are counted. Returns the cells of the table's dense rectangle.
    fn end_row(&mut self) -> u64 {
        if let Some((repeat, _, span)) = self.row.take() {
            if let Some((c0, c1)) = span {
                // calamine stores the row up to its last cell with content.
                self.all_stored += c1 + 1;
                let first = self.content_rows.map_or(self.rows, |(f, _)| f);
                self.content_rows = Some((first, self.rows + repeat.max(1) - 1));
                self.cols = Some(self.cols.map_or((c0, c1), |(a, b)| (a.min(c0), b.max(c1))));
            }
            self.rows += repeat;
        }
        dense(self.content_rows, self.cols)
    }
}

/// A row being read: its repeat count, its next column, and the span of its cells with
/// content.
type OdsRow = (u64, u64, Option<(u64, u64)>);

/// The rectangle calamine builds for a table: rows from the first to the last with content,
/// repeats spelled out, times the column span.
fn dense(content_rows: Option<(u64, u64)>, cols: Option<(u64, u64)>) -> u64 {
    let (Some((r0, r1)), Some((c0, c1))) = (content_rows, cols) else {
        return 0;
    };
    (r1 - r0 + 1).saturating_mul(c1 - c0 + 1)
}
