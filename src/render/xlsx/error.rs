//! Why the workbook could not be written.

use std::fmt;
use std::path::PathBuf;

use crate::diagnostic::Message;
use crate::msg;

/// Why the workbook could not be written.
#[derive(Debug)]
pub enum XlsxError {
    /// rust_xlsxwriter refused something (a limit, a name, a range).
    Writer(rust_xlsxwriter::XlsxError),
    /// The system's temporary folder, where 工程一覧's rows wait for the save, cannot be
    /// written (`render::xlsx::sheets`): the user's environment, not a bug.
    TempFolder(PathBuf, std::io::Error),
}

impl XlsxError {
    /// What the user can do about it, when it is theirs to fix (naming the path).
    ///
    /// ```
    /// use koteihyo::render::xlsx::XlsxError;
    /// let e = XlsxError::TempFolder("/nonexistent".into(), std::io::ErrorKind::NotFound.into());
    /// assert!(e.fault().unwrap().ja.contains("/nonexistent"));
    /// ```
    pub fn fault(&self) -> Option<Message> {
        match self {
            XlsxError::Writer(_) => None,
            XlsxError::TempFolder(path, e) => Some(msg!(
                "一時フォルダ {} に書き込めないため kpi.xlsx を作れませんでした（{}）。環境変数 TMPDIR（Windows では TEMP）に書き込めるフォルダを指定して、もう一度実行してください（前回の出力はそのままです）。",
                "could not make kpi.xlsx: the temporary folder {} cannot be written ({}). Set TMPDIR (TEMP on Windows) to a folder you can write to, then run again (the previous outputs are untouched).",
                path.display(),
                e
            )),
        }
    }
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XlsxError::Writer(e) => write!(f, "cannot write the KPI workbook: {e}"),
            XlsxError::TempFolder(path, e) => write!(
                f,
                "cannot write the KPI workbook: the temporary folder {} cannot be written: {e}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for XlsxError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            XlsxError::Writer(e) => Some(e),
            XlsxError::TempFolder(_, e) => Some(e),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::TempFileError(path, e) => XlsxError::TempFolder(path, e),
            e => XlsxError::Writer(e),
        }
    }
}
