//! Limits that keep a hostile or damaged file from costing unbounded time or memory. Hitting
//! one is a `limit-exceeded` error on that file or sheet, never an out-of-memory.

/// Largest workbook file read (bytes).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest part of a zip package (.xlsx, .ods) once inflated (bytes): a sheet's XML, the
/// shared strings. Checked against the central directory before anything is inflated,
/// then against what each part really inflates to.
pub const MAX_PART_BYTES: u64 = 200 * 1024 * 1024;
/// Largest total of a zip package's parts once inflated (bytes).
pub const MAX_INFLATED_BYTES: u64 = 400 * 1024 * 1024;
/// Most parts in a zip package.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Most non-empty cells kept per sheet.
pub const MAX_CELLS_PER_SHEET: usize = 1_000_000;
/// Longest cell text kept (characters); longer texts are cut and reported.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Largest rectangle (rows × columns) read from formats without a streaming reader
/// (.xls, .ods), whose reader allocates the whole used range. Checked on the file's
/// records before calamine reads it (cell positions, DIMENSIONS, repeated rows/columns).
pub const MAX_RANGE_CELLS: u64 = 20_000_000;
