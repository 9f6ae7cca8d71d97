//! Compound files (.xls, and password-protected .xlsx): checked before calamine reads them.
//!
//! calamine's compound-file reader follows sector chains without a bound (a chain that loops
//! grows a buffer until memory runs out) and reserves memory from sizes written in the file
//! (a sheet's DIMENSIONS record, the rectangle spanned by its cells), which can abort the
//! process. So this module walks the same chains calamine will walk, in the same way, with a
//! step bound, and scans the BIFF records of the workbook stream for the sizes calamine will
//! allocate. A file passes only if calamine's reading of it is bounded.

use super::guard::Refusal;
use super::layout::{push_range, HiddenRows};
use super::limits;

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Streams below this size live in the mini stream.
const MINI_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;

/// The streams calamine's .xls reader opens, in its order of preference.
const XLS_STREAMS: &[&str] = &[
    "Workbook",
    "Book",
    "\u{5}SummaryInformation",
    "\u{5}DocumentSummaryInformation",
];

/// A parsed compound file: its directory and the means to read its streams.
pub struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    /// Highest sector id calamine accepts (file length / sector size).
    max_id: usize,
    fats: Vec<u32>,
    mini_fats: Vec<u32>,
    mini_stream: Vec<u8>,
    /// (name, start sector, length) of every directory entry, in directory order.
    pub entries: Vec<(String, u32, usize)>,
}

fn damaged(why: &str) -> Refusal {
    Refusal::Damaged(
        crate::diagnostic::Message::new(
            "ファイルの構造が壊れています",
            format!("damaged compound file: {why}"),
        )
        .arg(),
    )
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at + 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

impl<'a> Compound<'a> {
    /// Parses the header, the FAT, the directory and the mini stream, as calamine does, with
    /// every chain walk bounded by the number of sectors in the file.
    pub fn parse(bytes: &'a [u8]) -> Result<Compound<'a>, Refusal> {
        if bytes.len() < 512 {
            return Err(damaged("header"));
        }
        let sector_size = match u16_at(bytes, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(damaged("sector size")),
        };
        if bytes.len() < sector_size {
            return Err(damaged("header"));
        }
        let max_id = bytes.len() / sector_size;
        let field = |at| u32_at(bytes, at).ok_or_else(|| damaged("header"));
        let dir_start = field(48)?;
        let mini_fat_start = field(60)?;
        let mini_fat_len = field(64)? as usize;
        let difat_start = field(68)?;
        let mut c = Compound {
            bytes,
            sector_size,
            max_id,
            fats: Vec::new(),
            mini_fats: Vec::new(),
            mini_stream: Vec::new(),
            entries: Vec::new(),
        };
        let mut difat: Vec<u32> = u32s(&bytes[76..512]).collect();
        let mut id = difat_start;
        let mut steps = 0usize;
        while id < RESERVED_SECTORS {
            steps += 1;
            if steps > max_id.saturating_add(1) {
                return Err(damaged("DIFAT chain loops"));
            }
            let sector = c.sector(id)?;
            difat.extend(u32s(sector));
            id = difat.pop().ok_or_else(|| damaged("DIFAT"))?;
        }
        let mut fats = Vec::new();
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            fats.extend(u32s(c.sector(id)?));
        }
        c.fats = fats;
        let dirs = c.chain(dir_start, usize::MAX, false)?;
        for e in dirs.chunks_exact(128) {
            let units: Vec<u16> = e[..64]
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]))
                .take_while(|u| *u != 0)
                .collect();
            let name = String::from_utf16_lossy(&units);
            let start = u32_at(e, 116).unwrap_or(ENDOFCHAIN);
            let len = if sector_size == 512 {
                u32_at(e, 120).unwrap_or(0) as u64
            } else {
                u64_at(e, 120).unwrap_or(0)
            };
            let len = usize::try_from(len).unwrap_or(usize::MAX);
            c.entries.push((name, start, len));
        }
        let Some((_, root_start, root_len)) = c.entries.first().cloned() else {
            return Err(damaged("empty directory"));
        };
        if mini_fat_len > 0 {
            if root_len > bytes.len() {
                return Err(damaged("mini stream larger than the file"));
            }
            c.mini_stream = c.chain(root_start, root_len, false)?;
            let minifat = c.chain(
                mini_fat_start,
                mini_fat_len.saturating_mul(sector_size),
                false,
            )?;
            c.mini_fats = u32s(&minifat).collect();
        }
        Ok(c)
    }

    /// Whether the directory holds an entry of this name (compared as calamine does).
    pub fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|(n, ..)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    }

    /// The stream of this name (the first entry that matches, as in calamine).
    pub fn stream(&self, name: &str) -> Option<Result<Vec<u8>, Refusal>> {
        let (_, start, len) = self
            .entries
            .iter()
            .find(|(n, ..)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()))?;
        if *len > self.bytes.len() {
            return Some(Err(damaged("stream larger than the file")));
        }
        Some(self.chain(*start, *len, *len < MINI_CUTOFF))
    }

    /// One sector as calamine sees it: short at the end of the file, an error past it.
    fn sector(&self, id: u32) -> Result<&'a [u8], Refusal> {
        let id = id as usize;
        if id > self.max_id {
            return Err(damaged("sector past the end"));
        }
        let start = (id + 1) * self.sector_size;
        let end = (start + self.sector_size).min(self.bytes.len());
        self.bytes
            .get(start..end.max(start))
            .ok_or_else(|| damaged("sector past the end"))
    }

    fn mini_sector(&self, id: u32) -> Result<&[u8], Refusal> {
        let start = id as usize * MINI_SECTOR;
        let end = (start + MINI_SECTOR).min(self.mini_stream.len());
        self.mini_stream
            .get(start..end.max(start))
            .ok_or_else(|| damaged("mini sector past the end"))
    }

    /// Follows a chain until its end or `len` bytes, refusing one that loops.
    fn chain(&self, mut id: u32, len: usize, mini: bool) -> Result<Vec<u8>, Refusal> {
        let (fats, bound) = if mini {
            (&self.mini_fats, self.mini_stream.len() / MINI_SECTOR + 1)
        } else {
            (&self.fats, self.max_id + 1)
        };
        let mut out = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > bound {
                return Err(damaged("sector chain loops"));
            }
            let sector = if mini {
                self.mini_sector(id)?
            } else {
                self.sector(id)?
            };
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            if out.len() >= len {
                break;
            }
            id = *fats
                .get(id as usize)
                .ok_or_else(|| damaged("sector chain leaves the FAT"))?;
        }
        Ok(out)
    }
}

/// Checks an .xls file's workbook stream for the sizes its sheets would allocate, and returns
/// what calamine does not read from it: the hidden rows of each sheet, by sheet name, as
/// inclusive 0-based ranges. Excel marks a row hidden by hand or by a filter with the
/// `fDyZero` flag of its ROW record (BIFF8, [MS-XLS] 2.4.221). An older BIFF5 file (stream
/// `Book`, which Excel 95 wrote) gives none: the README says what is not seen there.
pub fn check_xls(compound: &Compound) -> Result<HiddenRows, Refusal> {
    let mut workbook = None;
    for name in XLS_STREAMS {
        if let Some(stream) = compound.stream(name) {
            let stream = stream?;
            if workbook.is_none() && (*name == "Workbook" || *name == "Book") {
                workbook = Some((*name == "Workbook", stream));
            }
        }
    }
    let Some((biff8, stream)) = workbook else {
        return Ok(HiddenRows::new());
    };
    check_biff(&stream)?;
    Ok(if biff8 {
        biff_hidden_rows(&stream)
    } else {
        HiddenRows::new()
    })
}

/// The hidden rows of a BIFF8 workbook stream: each sheet's substream from its BOUNDSHEET
/// offset, as calamine reads them.
fn biff_hidden_rows(stream: &[u8]) -> HiddenRows {
    const BOUNDSHEET: u16 = 0x0085;
    records(stream)
        .filter(|(t, _)| *t == BOUNDSHEET)
        .filter_map(|(_, d)| {
            let name = boundsheet_name(d)?;
            let sheet = stream.get(u32_at(d, 0)? as usize..)?;
            Some((name, hidden_rows_of_sheet(sheet)))
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

/// A BOUNDSHEET8 record's sheet name: a ShortXLUnicodeString after the stream position and
/// the two visibility and type bytes (8-bit characters, or UTF-16 with the high-byte flag).
fn boundsheet_name(d: &[u8]) -> Option<String> {
    let count = usize::from(*d.get(6)?);
    let wide = d.get(7)? & 1 == 1;
    let chars = d.get(8..)?;
    if wide {
        let units: Vec<u16> = chars
            .get(..count * 2)?
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect())
    }
}

/// The rows a sheet substream marks hidden, merged into inclusive ranges.
fn hidden_rows_of_sheet(sheet: &[u8]) -> Vec<(u32, u32)> {
    const ROW: u16 = 0x0208;
    /// `fDyZero` in the ROW record's option flags (at byte 12): the row has no height.
    const HIDDEN: u16 = 0x0020;
    let mut rows: Vec<u32> = sheet_records(sheet)
        .filter(|(typ, _)| *typ == ROW)
        .filter_map(|(_, d)| {
            let flags = u16_at(d, 12)?;
            (flags & HIDDEN != 0).then_some(u32::from(u16_at(d, 0)?))
        })
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let mut ranges = Vec::new();
    for row in rows {
        push_range(&mut ranges, row, row);
    }
    ranges
}

/// The records of one sheet substream after its BOF, up to its EOF, without those of the
/// substreams nested in it (a chart's), as calamine reads a sheet.
fn sheet_records(sheet: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    const BOF: u16 = 0x0809;
    const EOF: u16 = 0x000A;
    records(sheet)
        .scan((false, 0usize), |(first_bof, depth), (typ, d)| match typ {
            BOF if *first_bof => {
                *depth += 1;
                Some(None)
            }
            BOF => {
                *first_bof = true;
                Some(None)
            }
            EOF if *depth == 0 => None,
            EOF => {
                *depth -= 1;
                Some(None)
            }
            _ if *depth > 0 => Some(None),
            _ => Some(Some((typ, d))),
        })
        .flatten()
}

/// A BIFF record: type and data (CONTINUE records are skipped like calamine's iterator).
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(s, 0)?;
        let len = u16_at(s, 2)? as usize;
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        while s.len() > 4 && u16_at(s, 0) == Some(0x003C) {
            let len = u16_at(s, 2)? as usize;
            s.get(4..4 + len)?;
            s = &s[4 + len..];
        }
        Some((typ, data))
    })
}

/// What calamine reserves for a DIMENSIONS record: rows × columns, with its arithmetic.
fn dimension_cells(d: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u16_at(d, 0)? as u32,
            u16_at(d, 2)? as u32,
            u16_at(d, 4)? as u32,
            u16_at(d, 6)? as u32,
        ),
        14 | 16 => (
            u32_at(d, 0)?,
            u32_at(d, 4)?,
            u16_at(d, 8)? as u32,
            u16_at(d, 10)? as u32,
        ),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    // calamine computes `end - start + 1` in u32: a start after the end wraps to ~4 billion.
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1) as u64;
    let cols = end.1.wrapping_sub(start.1).wrapping_add(1) as u64;
    Some(rows.saturating_mul(cols))
}

/// Scans every sheet substream (from the BOUNDSHEET offsets, as calamine reads them) for
/// the memory its range will take.
fn check_biff(stream: &[u8]) -> Result<(), Refusal> {
    let too_large = |cells: u64| {
        Refusal::Limit(
            crate::diagnostic::Message::new(
                format!(
                    "シートの範囲が{cells}セルあり、上限{}セルを超えています",
                    limits::MAX_RANGE_CELLS
                ),
                format!(
                    "a sheet spans {cells} cells, over {}",
                    limits::MAX_RANGE_CELLS
                ),
            )
            .arg(),
        )
    };
    let sheets: Vec<usize> = records(stream)
        .filter(|(t, _)| *t == 0x0085)
        .filter_map(|(_, d)| u32_at(d, 0).map(|p| p as usize))
        .collect();
    for pos in sheets {
        // calamine slices the stream at the offset without a check (a panic).
        let Some(sheet) = stream.get(pos..) else {
            return Err(damaged(
                "a sheet starts past the end of the workbook stream",
            ));
        };
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        for (typ, d) in sheet_records(sheet) {
            let cell = |row: Option<u16>, col: Option<u16>| row.zip(col);
            let pos = match typ {
                0x0200 => {
                    if let Some(n) = dimension_cells(d) {
                        if n > limits::MAX_RANGE_CELLS {
                            return Err(too_large(n));
                        }
                    }
                    None
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    cell(u16_at(d, 0), u16_at(d, 2)).map(|(r, c)| vec![(r, c)])
                }
                0x00BD => {
                    let row = u16_at(d, 0);
                    let first = u16_at(d, 2);
                    let last = d.len().checked_sub(2).and_then(|at| u16_at(d, at));
                    row.zip(first)
                        .zip(last)
                        .map(|((r, f), l)| vec![(r, f), (r, l)])
                }
                _ => None,
            };
            for (r, c) in pos.into_iter().flatten() {
                let (r, c) = (r as u32, c as u32);
                bounds = Some(match bounds {
                    None => (r, r, c, c),
                    Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
                });
            }
        }
        if let Some((r0, r1, c0, c1)) = bounds {
            let n = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
            if n > limits::MAX_RANGE_CELLS {
                return Err(too_large(n));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimension_with_start_after_end_is_huge() {
        // rf = 10, rl = 2 (so end row 1 < start row 10), cols 0..1.
        let mut d = Vec::new();
        d.extend(10u32.to_le_bytes());
        d.extend(2u32.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(1u16.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        assert!(dimension_cells(&d).is_some_and(|n| n > limits::MAX_RANGE_CELLS));
    }

    /// `tests/data/legacy.xls` (a BIFF8 file saved by LibreOffice: one sheet `legacy`, two
    /// rows), with row 2's ROW record marked hidden when `hide` is set.
    fn legacy(hide: bool) -> Vec<u8> {
        let mut bytes = include_bytes!("../../tests/data/legacy.xls").to_vec();
        if hide {
            // The ROW record of row index 1: type 0x0208, length 16, rw = 1. Its option
            // flags are 12 bytes into its data.
            let pattern = [0x08, 0x02, 0x10, 0x00, 0x01, 0x00];
            let at: Vec<usize> = bytes
                .windows(pattern.len())
                .enumerate()
                .filter(|(_, w)| *w == pattern)
                .map(|(i, _)| i)
                .collect();
            assert_eq!(at.len(), 1, "one ROW record for row 2");
            bytes[at[0] + 4 + 12] |= 0x20;
        }
        bytes
    }

    /// The hidden rows `check_xls` finds in a file.
    fn xls_hidden_rows(bytes: &[u8]) -> HiddenRows {
        check_xls(&Compound::parse(bytes).expect("a compound file")).expect("passes the check")
    }

    #[test]
    fn a_row_record_marked_hidden_is_a_hidden_row() {
        assert!(xls_hidden_rows(&legacy(false)).is_empty());
        let hidden = xls_hidden_rows(&legacy(true));
        assert_eq!(hidden.get("legacy"), Some(&vec![(1, 1)]), "{hidden:?}");
    }

    #[test]
    fn hidden_rows_merge_into_ranges_and_skip_a_chart_substream() {
        let record = |typ: u16, data: &[u8]| {
            let mut r = typ.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let row = |n: u16, hidden: bool| {
            let mut d = vec![0u8; 16];
            d[..2].copy_from_slice(&n.to_le_bytes());
            d[12..14].copy_from_slice(&(if hidden { 0x0120u16 } else { 0x0100 }).to_le_bytes());
            record(0x0208, &d)
        };
        let mut sheet = record(0x0809, &[0; 16]);
        for (n, hidden) in [(0, false), (3, true), (4, true), (5, true), (7, true)] {
            sheet.extend(row(n, hidden));
        }
        // A chart's substream inside the sheet: its rows are not the sheet's.
        sheet.extend(record(0x0809, &[0; 16]));
        sheet.extend(row(9, true));
        sheet.extend(record(0x000A, &[]));
        sheet.extend(row(8, true));
        sheet.extend(record(0x000A, &[]));
        sheet.extend(row(20, true)); // after the sheet's EOF
        assert_eq!(hidden_rows_of_sheet(&sheet), vec![(3, 5), (7, 8)]);
        // The sheet's name in UTF-16 (工程表) and in 8-bit characters.
        let mut bound = vec![0, 0, 0, 0, 0, 0, 3, 1];
        for u in "工程表".encode_utf16() {
            bound.extend(u.to_le_bytes());
        }
        assert_eq!(boundsheet_name(&bound).as_deref(), Some("工程表"));
        assert_eq!(
            boundsheet_name(&[0, 0, 0, 0, 0, 0, 2, 0, b'R', b'8']).as_deref(),
            Some("R8")
        );
        assert_eq!(boundsheet_name(&[0, 0, 0, 0, 0, 0, 9, 0, b'R']), None);
    }

    #[test]
    fn records_stop_at_a_short_record() {
        let s = [0x09, 0x08, 0x02, 0x00, 0x00];
        assert_eq!(records(&s).count(), 0);
    }
}
