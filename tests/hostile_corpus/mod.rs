//! Hostile and broken workbooks, generated (nothing binary is committed but the two files in
//! `tests/data/`, see its README). Each case carries the verdict `check` must give it.
//!
//! The packages are written by a small zip writer here, not by a library, so that a case can
//! say what no library would write: a part that lies about its size, a DOCTYPE with entities.
#![allow(dead_code)]

use std::fmt::Write as _;

/// What `check` must say about a case's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// `file-unreadable` on the file (no sheet, no cell), with a hint.
    Unreadable,
    /// `limit-exceeded` on the file or one of its sheets.
    Limit,
    /// Read; ingest finds nothing wrong.
    Clean,
    /// Read; `cell-error` at each of these cells.
    CellErrors(Vec<&'static str>),
    /// Read; `limit-exceeded` at this cell (a text cut at the length limit).
    TextCut(&'static str),
}

#[derive(Clone)]
pub struct Case {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub verdict: Verdict,
}

// --- a minimal zip writer ------------------------------------------------------------------

/// One part of a package: its name, its bytes as stored, the method (0 stored, 8 deflate),
/// and the CRC and inflated size the directory declares.
pub struct Part {
    pub name: String,
    pub data: Vec<u8>,
    pub method: u16,
    pub crc: u32,
    pub size: u32,
}

impl Part {
    pub fn stored(name: &str, data: &[u8]) -> Part {
        Part {
            name: name.to_string(),
            data: data.to_vec(),
            method: 0,
            crc: crc32(data),
            size: data.len() as u32,
        }
    }
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(data);
    h.finalize()
}

pub fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let name = p.name.as_bytes();
        let flags: u16 = if p.name.is_ascii() { 0 } else { 1 << 11 };
        let header = |sig: u32, central_entry: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central_entry {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(flags.to_le_bytes());
            h.extend(p.method.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // time
            h.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            h.extend(p.crc.to_le_bytes());
            h.extend((p.data.len() as u32).to_le_bytes());
            h.extend(p.size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central_entry {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name);
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&p.data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A deflate stream (one fixed-Huffman block) of `prefix`, then `count` copies of `byte`,
/// then `suffix`: back-references of 258 bytes at distance 1 make it about 2,000 times
/// smaller than what it inflates to, without ever holding the inflated bytes.
pub fn deflate_repeat(prefix: &[u8], byte: u8, count: u64, suffix: &[u8]) -> Vec<u8> {
    let mut w = Bits::default();
    w.put(1, 1); // BFINAL
    w.put(1, 2); // BTYPE = 01, fixed Huffman
    for b in prefix {
        w.literal(*b as u16);
    }
    if count > 0 {
        w.literal(byte as u16);
        let mut left = count - 1;
        while left >= 258 {
            w.huffman(0b1100_0101, 8); // length code 285 = 258
            w.huffman(0, 5); // distance code 0 = 1
            left -= 258;
        }
        for _ in 0..left {
            w.literal(byte as u16);
        }
    }
    for b in suffix {
        w.literal(*b as u16);
    }
    w.huffman(0, 7); // end of block (256)
    w.finish()
}

/// The CRC-32 of the bytes [`deflate_repeat`] inflates to, without producing them.
pub fn crc_repeat(prefix: &[u8], byte: u8, count: u64, suffix: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(prefix);
    // CRC of `count` copies by doubling: c(2n) = combine(c(n), c(n)).
    let mut chunk = crc32fast::Hasher::new();
    chunk.update(&[byte]);
    let mut chunk_len = 1u64;
    let mut left = count;
    while left > 0 {
        if left & 1 == 1 {
            h.combine(&chunk);
        }
        left >>= 1;
        if left > 0 {
            let copy = chunk.clone();
            chunk.combine(&copy);
            chunk_len *= 2;
        }
    }
    let _ = chunk_len;
    h.update(suffix);
    h.finalize()
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// Bits least-significant first (header fields, extra bits).
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code, most-significant bit first.
    fn huffman(&mut self, code: u32, len: u32) {
        let mut rev = 0u64;
        for i in 0..len {
            rev |= (((code >> i) & 1) as u64) << (len - 1 - i);
        }
        self.put(rev, len);
    }
    fn literal(&mut self, v: u16) {
        if v < 144 {
            self.huffman(0b0011_0000 + v as u32, 8);
        } else {
            self.huffman(0b1_1001_0000 + (v as u32 - 144), 9);
        }
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

// --- hand-written .xlsx packages ---------------------------------------------------------------

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The parts around a worksheet: content types, relationships, workbook (one sheet named
/// 工程表), and optionally a shared-strings part.
pub fn skeleton(shared_strings: bool) -> Vec<Part> {
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{}</Types>"#,
        if shared_strings {
            r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        } else {
            ""
        }
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="工程表" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let book_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{}</Relationships>"#,
        if shared_strings {
            format!(
                r#"<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>"#
            )
        } else {
            String::new()
        }
    );
    vec![
        Part::stored("[Content_Types].xml", types.as_bytes()),
        Part::stored("_rels/.rels", rels.as_bytes()),
        Part::stored("xl/workbook.xml", workbook.as_bytes()),
        Part::stored("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
    ]
}

/// A worksheet part around `sheet_data` (the `<row>` elements) and `after` (merges …).
pub fn worksheet(sheet_data: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData>{after}</worksheet>"#
    )
}

/// An .xlsx with one sheet, 工程表, holding `sheet_data`.
pub fn xlsx(sheet_data: &str, after: &str) -> Vec<u8> {
    let mut parts = skeleton(false);
    parts.push(Part::stored(
        "xl/worksheets/sheet1.xml",
        worksheet(sheet_data, after).as_bytes(),
    ));
    zip(&parts)
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A text cell, written inline.
pub fn text_cell(at: &str, s: &str) -> String {
    format!(
        r#"<c r="{at}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
        esc(s)
    )
}

/// A formula cell whose cached result is an error, as Excel writes it.
pub fn error_cell(at: &str, formula: &str, error: &str) -> String {
    format!(
        r#"<c r="{at}" t="e"><f>{}</f><v>{error}</v></c>"#,
        esc(formula)
    )
}

pub fn row(r: u32, cells: &[String]) -> String {
    format!(r#"<row r="{r}">{}</row>"#, cells.concat())
}

/// The grid header in row `r` (columns A–J), as in `tests/support`.
pub fn grid_header_row(r: u32) -> String {
    let heads = [
        "柱",
        "施策",
        "具体的な取り組み",
        "取り組み項目",
        "～令和6(2024)年度",
        "令和7(2025)年度",
        "令和8(2026)年度",
        "令和9(2027)年度",
        "令和10(2028)年度",
        "令和11(2029)年度",
    ];
    let cells: Vec<String> = heads
        .iter()
        .enumerate()
        .map(|(i, h)| text_cell(&format!("{}{r}", col_name(i as u32)), h))
        .collect();
    row(r, &cells)
}

/// A grid row: pillar (1), policy ①, the initiative the test plan lists, an item, and a
/// step starting in R7 (column F).
pub fn grid_row(r: u32, item: &str, step: &str) -> String {
    row(
        r,
        &[
            text_cell(&format!("A{r}"), "(1)"),
            text_cell(&format!("B{r}"), "①"),
            text_cell(&format!("C{r}"), "オンライン手続きの拡大"),
            text_cell(&format!("D{r}"), item),
            text_cell(&format!("F{r}"), step),
        ],
    )
}

pub fn col_name(mut c: u32) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s
}

/// Deterministic pseudo-random bytes (xorshift), so the corpus is the same on every run.
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

/// The billion-laughs DOCTYPE: `&lol9;` would expand to 10⁹ "lol"s (3 GB).
pub fn laughs_doctype(root: &str) -> String {
    let mut d = format!(r#"<!DOCTYPE {root} [<!ENTITY lol "lol">"#);
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        let _ = write!(d, r#"<!ENTITY lol{i} ""#);
        for _ in 0..10 {
            let _ = write!(d, "&{prev};");
        }
        d.push_str(r#"">"#);
    }
    d.push_str("]>");
    d
}

/// Size of the honest zip bomb's sheet: past [`koteihyo::ingest::limits::MAX_PART_BYTES`].
pub const BOMB_BYTES: u64 = 300 * 1024 * 1024;

/// A sheet part that inflates to `count` spaces inside `<sheetData>`, declared as
/// `declared` bytes (the truth, or a lie).
pub fn bomb_part(count: u64, declared: u32) -> Part {
    let prefix = format!(r#"<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>"#);
    let suffix = "</sheetData></worksheet>";
    Part {
        name: "xl/worksheets/sheet1.xml".to_string(),
        data: deflate_repeat(prefix.as_bytes(), b' ', count, suffix.as_bytes()),
        method: 8,
        crc: crc_repeat(prefix.as_bytes(), b' ', count, suffix.as_bytes()),
        size: declared,
    }
}

/// Every generated case. `good_xlsx` is a real workbook (from rust_xlsxwriter) for the cases
/// that damage one.
#[allow(clippy::vec_init_then_push)]
pub fn cases(good_xlsx: &[u8]) -> Vec<Case> {
    let mut v = Vec::new();
    v.push(Case {
        name: "01_empty.xlsx",
        bytes: Vec::new(),
        verdict: Verdict::Unreadable,
    });
    v.push(Case {
        name: "02_truncated.xlsx",
        bytes: good_xlsx[..good_xlsx.len() / 2].to_vec(),
        verdict: Verdict::Unreadable,
    });
    v.push(Case {
        name: "03_random.xlsx",
        bytes: noise(4096, 0x9E37_79B9_7F4A_7C15),
        verdict: Verdict::Unreadable,
    });
    v.push(Case {
        name: "04_no_workbook.xlsx",
        bytes: zip(&[Part::stored("hello.txt", b"not a workbook")]),
        verdict: Verdict::Unreadable,
    });
    // Billion laughs in the sheet.
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{}<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"#,
        laughs_doctype("worksheet")
    );
    let mut parts = skeleton(false);
    parts.push(Part::stored("xl/worksheets/sheet1.xml", sheet.as_bytes()));
    v.push(Case {
        name: "05_entity_bomb_sheet.xlsx",
        bytes: zip(&parts),
        verdict: Verdict::Unreadable,
    });
    // Billion laughs in the shared strings.
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{}<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>"#,
        laughs_doctype("sst")
    );
    let mut parts = skeleton(true);
    parts.push(Part::stored("xl/sharedStrings.xml", sst.as_bytes()));
    parts.push(Part::stored(
        "xl/worksheets/sheet1.xml",
        worksheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, "").as_bytes(),
    ));
    v.push(Case {
        name: "06_entity_bomb_sst.xlsx",
        bytes: zip(&parts),
        verdict: Verdict::Unreadable,
    });
    // Zip bomb that declares its size: refused from the central directory.
    let mut parts = skeleton(false);
    parts.push(bomb_part(BOMB_BYTES, BOMB_BYTES as u32 + 200));
    v.push(Case {
        name: "07_zip_bomb.xlsx",
        bytes: zip(&parts),
        verdict: Verdict::Limit,
    });
    // Zip bomb that lies: declares 1,000 bytes, inflates to 300 MB.
    let mut parts = skeleton(false);
    parts.push(bomb_part(BOMB_BYTES, 1000));
    v.push(Case {
        name: "08_zip_bomb_lying.xlsx",
        bytes: zip(&parts),
        verdict: Verdict::Limit,
    });
    // A shared-string table that asks calamine to reserve 10¹² strings.
    let mut parts = skeleton(true);
    parts.push(Part::stored(
        "xl/sharedStrings.xml",
        format!(
            r#"<sst xmlns="{MAIN}" count="1" uniqueCount="1000000000000"><si><t>a</t></si></sst>"#
        )
        .as_bytes(),
    ));
    parts.push(Part::stored(
        "xl/worksheets/sheet1.xml",
        worksheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, "").as_bytes(),
    ));
    v.push(Case {
        name: "09_sst_count_lie.xlsx",
        bytes: zip(&parts),
        verdict: Verdict::Unreadable,
    });
    // The same lie after a long comment and another element: calamine looks for the first
    // `sst` element wherever it is.
    let mut parts = skeleton(true);
    parts.push(Part::stored(
        "xl/sharedStrings.xml",
        format!(
            r#"<?xml version="1.0"?><!--{}--><x/><sst xmlns="{MAIN}" count="1" uniqueCount="1000000000000"><si><t>a</t></si></sst>"#,
            "コメント".repeat(5_000)
        )
        .as_bytes(),
    ));
    parts.push(Part::stored(
        "xl/worksheets/sheet1.xml",
        worksheet(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, "").as_bytes(),
    ));
    v.push(Case {
        name: "09b_sst_count_lie_hidden.xlsx",
        bytes: zip(&parts),
        verdict: Verdict::Unreadable,
    });
    // One cell at the last address a sheet has.
    v.push(Case {
        name: "10_xfd1048576.xlsx",
        bytes: xlsx(
            &row(1048576, &[text_cell("XFD1048576", "最後のセル")]),
            r#"<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
        ),
        verdict: Verdict::Clean,
    });
    // A million empty rows.
    let mut rows = String::with_capacity(20 * 1_000_000);
    for r in 1..=1_000_000u32 {
        let _ = write!(rows, r#"<row r="{r}"/>"#);
    }
    v.push(Case {
        name: "11_million_empty_rows.xlsx",
        bytes: xlsx(&rows, ""),
        verdict: Verdict::Clean,
    });
    // A 100,000-character step text in a recognised grid.
    let long = "長".repeat(100_000);
    v.push(Case {
        name: "12_long_text.xlsx",
        bytes: xlsx(
            &[grid_header_row(1), grid_row(2, "長い工程", &long)].concat(),
            "",
        ),
        verdict: Verdict::TextCut("F2"),
    });
    // Control characters and emoji in step texts: kept.
    v.push(Case {
        name: "13_control_emoji.xlsx",
        bytes: xlsx(
            &[
                grid_header_row(1),
                grid_row(2, "制御文字", "申請\tの_x0007_受付\r\n開始"),
                grid_row(3, "絵文字", "スマホ申請📱の開始🎉"),
            ]
            .concat(),
            "",
        ),
        verdict: Verdict::Clean,
    });
    // Formula errors in a recognised grid.
    v.push(Case {
        name: "14_formula_errors.xlsx",
        bytes: xlsx(
            &[
                grid_header_row(1),
                row(
                    2,
                    &[
                        text_cell("A2", "(1)"),
                        text_cell("B2", "①"),
                        text_cell("C2", "オンライン手続きの拡大"),
                        error_cell("D2", "1/0", "#DIV/0!"),
                        error_cell("F2", "#REF!+1", "#REF!"),
                    ],
                ),
            ]
            .concat(),
            "",
        ),
        verdict: Verdict::CellErrors(vec!["D2", "F2"]),
    });
    // A sheet that is nothing but merged ranges.
    v.push(Case {
        name: "15_only_merges.xlsx",
        bytes: xlsx(
            "",
            r#"<mergeCells count="3"><mergeCell ref="A1:D4"/><mergeCell ref="F1:XFD1"/><mergeCell ref="A6:A1048576"/></mergeCells>"#,
        ),
        verdict: Verdict::Clean,
    });
    v
}

// --- cases made from the committed legacy .xls -----------------------------------------------

fn patch(bytes: &[u8], pattern: &[u8], at: usize, with: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let i = b
        .windows(pattern.len())
        .position(|w| w == pattern)
        .expect("pattern in the legacy .xls");
    b[i + at..i + at + with.len()].copy_from_slice(with);
    b
}

/// Cases from `tests/data/legacy.xls` (a real BIFF8 file from LibreOffice), each damaged in
/// one way that made calamine abort the process or loop (verified before the guard).
pub fn xls_cases(legacy: &[u8]) -> Vec<Case> {
    let u32le = |v: u32| v.to_le_bytes();
    let mut v = vec![
        Case {
            name: "20_legacy.xls",
            bytes: legacy.to_vec(),
            verdict: Verdict::Clean,
        },
        Case {
            name: "21_legacy_named_xlsx.xlsx",
            bytes: legacy.to_vec(),
            verdict: Verdict::Clean,
        },
    ];
    // DIMENSIONS with its first row after its last: calamine's u32 arithmetic wraps to a
    // reservation of ~4 billion rows.
    let mut dims = Vec::new();
    dims.extend(u32le(10));
    dims.extend(u32le(2));
    v.push(Case {
        name: "22_xls_dimension_bomb.xls",
        bytes: patch(legacy, &[0x00, 0x02, 0x0E, 0x00], 4, &dims),
        verdict: Verdict::Limit,
    });
    // A LABELSST cell moved to row 65,535, column 65,535: calamine builds the dense range
    // from A1 to there (137 GB).
    v.push(Case {
        name: "23_xls_far_cell.xls",
        bytes: patch(
            legacy,
            &[0xFD, 0x00, 0x0A, 0x00],
            4,
            &[0xFF, 0xFF, 0xFF, 0xFF],
        ),
        verdict: Verdict::Limit,
    });
    // A BOUNDSHEET whose sheet offset is past the end of the workbook stream: calamine
    // slices there and panics (found by tests/fuzz.rs).
    v.push(Case {
        name: "27_xls_sheet_offset.xls",
        bytes: patch(legacy, &[0x85, 0x00, 0x0E, 0x00], 4, &u32le(0x7FFF_FFFF)),
        verdict: Verdict::Unreadable,
    });
    // The directory's sector chained to itself in the FAT: calamine reads it forever.
    let mut looped = legacy.to_vec();
    let dir_start = u32::from_le_bytes([legacy[48], legacy[49], legacy[50], legacy[51]]) as usize;
    let fat0 = u32::from_le_bytes([legacy[76], legacy[77], legacy[78], legacy[79]]) as usize;
    let at = 512 * (fat0 + 1) + 4 * dir_start;
    looped[at..at + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
    v.push(Case {
        name: "24_cfb_chain_loop.xls",
        bytes: looped,
        verdict: Verdict::Unreadable,
    });
    v
}

/// A password-protected .xlsx (committed: `tests/data/encrypted.xlsx`).
pub fn encrypted_case(encrypted: &[u8]) -> Case {
    Case {
        name: "25_encrypted.xlsx",
        bytes: encrypted.to_vec(),
        verdict: Verdict::Unreadable,
    }
}

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// An .ods whose rows each repeat a cell across all 16,384 columns: a few kilobytes of XML
/// for which calamine would spell out 33 million cells (and their formulas).
pub fn ods_repeat_bomb() -> Case {
    let mut rows = String::new();
    for _ in 0..2_000 {
        rows.push_str(r#"<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#);
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="工程表">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    Case {
        name: "26_ods_repeat_bomb.ods",
        bytes: zip(&[
            Part::stored(
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            Part::stored("content.xml", content.as_bytes()),
            Part::stored("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
        ]),
        verdict: Verdict::Limit,
    }
}

/// A small valid .ods with a list-layout roadmap sheet (for the fuzzers' byte flips).
pub fn small_ods() -> Vec<u8> {
    let cell = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
            esc(t)
        )
    };
    let row = |cells: &[&str]| {
        format!(
            "<table:table-row>{}</table:table-row>",
            cells.iter().map(|c| cell(c)).collect::<String>()
        )
    };
    let rows = [
        row(&[
            "柱",
            "施策",
            "具体的な取り組み",
            "取り組み項目",
            "行",
            "工程",
            "開始年度",
            "終了年度",
        ]),
        row(&[
            "(1)",
            "①",
            "オンライン手続きの拡大",
            "ODSでの提出",
            "1",
            "ODSの読み込み",
            "R7",
            "継続",
        ]),
    ]
    .concat();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="工程表"><table:table-column table:number-columns-repeated="8"/>{rows}<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        Part::stored(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        Part::stored("content.xml", content.as_bytes()),
        Part::stored("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()),
    ])
}
