//! Why the workbook could not be written.

use std::fmt;

/// Why the workbook could not be written.
#[derive(Debug)]
pub enum XlsxError {
    /// rust_xlsxwriter refused something (a limit, a name, a range).
    Writer(rust_xlsxwriter::XlsxError),
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XlsxError::Writer(e) => write!(f, "cannot write the KPI workbook: {e}"),
        }
    }
}

impl std::error::Error for XlsxError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            XlsxError::Writer(e) => Some(e),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError::Writer(e)
    }
}
