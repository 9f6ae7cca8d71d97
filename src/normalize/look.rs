//! What the eye sees beyond the values (contract: "What the eye sees is what is read"):
//! struck-through text is deleted text, cell notes are kept with their row and listed, and
//! shapes lying over a roadmap table are reported. Fill bars are read in [`super::fill`].

use std::borrow::Cow;

use super::cells::{cell_text, SheetView};
use super::header::Header;
use crate::diagnostic::{Code, Diagnostic, Message, Place};
use crate::ingest::{Shape, ShapeKind, Sheet, Value, Workbook};
use crate::model::{a1, CellNote, Source};

/// The workbooks as a reader takes them: a wholly struck cell is empty, a partly struck one
/// holds its text without the struck runs; each such cell is an info quoting both texts.
/// Borrowed when nothing is struck.
pub fn strike<'a>(workbooks: &'a [Workbook], out: &mut Vec<Diagnostic>) -> Cow<'a, [Workbook]> {
    let struck = |w: &Workbook| w.sheets.iter().any(|s| !s.look.struck.is_empty());
    if !workbooks.iter().any(struck) {
        return Cow::Borrowed(workbooks);
    }
    let mut owned = workbooks.to_vec();
    for book in &mut owned {
        for sheet in &mut book.sheets {
            strike_sheet(&book.file, sheet, out);
        }
    }
    Cow::Owned(owned)
}

fn strike_sheet(file: &str, sheet: &mut Sheet, out: &mut Vec<Diagnostic>) {
    for s in &sheet.look.struck {
        let Ok(i) = sheet
            .cells
            .binary_search_by_key(&(s.row, s.col), |c| (c.row, c.col))
        else {
            continue;
        };
        let Some(before) = sheet.cells.get(i).and_then(|c| cell_text(&c.value)) else {
            continue;
        };
        let after = match &s.kept {
            Some(kept) => {
                if let Some(cell) = sheet.cells.get_mut(i) {
                    cell.value = Value::Text(kept.clone());
                }
                kept.trim().into()
            }
            None => {
                sheet.cells.remove(i);
                Message::new("空欄", "empty").arg()
            }
        };
        out.push(Diagnostic::with(
            Code::TextStruck,
            Place::cell(file, &sheet.name, s.row, s.col),
            [before.trim().into(), after],
        ));
    }
}

/// Every cell note of every sheet read, as an info quoting its text, so the policy office
/// reads it.
pub fn list_notes(workbooks: &[Workbook], out: &mut Vec<Diagnostic>) {
    for book in workbooks {
        for sheet in &book.sheets {
            for n in &sheet.look.notes {
                out.push(Diagnostic::new(
                    Code::CellNote,
                    Place::cell(&book.file, &sheet.name, n.row, n.col),
                    &[&n.text],
                ));
            }
        }
    }
}

/// The notes on the cells of `row`, in column order, as the model keeps them.
pub fn row_notes(view: &SheetView<'_>, row: u32) -> Vec<CellNote> {
    let notes = &view.sheet.look.notes;
    let from = notes.partition_point(|n| n.row < row);
    notes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|n| n.row == row)
        .map(|n| CellNote {
            text: n.text.clone(),
            source: Source::new(view.file, &view.sheet.name, n.row, n.col),
        })
        .collect()
}

/// Shapes of the drawing layer lying over the roadmap table under `header` (from its header
/// row to its last row, across its columns): each is a warning naming the cells it covers
/// and the text it carries. Shapes are not read as steps.
pub fn shapes_over_table(view: &SheetView<'_>, header: &Header, out: &mut Vec<Diagnostic>) {
    let cols = header
        .fields
        .values()
        .copied()
        .chain(header.years.iter().map(|y| y.col))
        .chain(header.unknown.iter().map(|(c, _)| *c));
    let (Some(left), Some(right)) = (cols.clone().min(), cols.max()) else {
        return;
    };
    let bottom = view
        .sheet
        .cells
        .last()
        .map_or(header.row, |c| c.row.max(header.row));
    for shape in &view.sheet.look.shapes {
        let over = shape.first_row <= bottom
            && shape.last_row >= header.row
            && shape.first_col <= right
            && shape.last_col >= left;
        if over {
            out.push(shape_warning(view, shape));
        }
    }
}

fn shape_warning(view: &SheetView<'_>, shape: &Shape) -> Diagnostic {
    let kind = match shape.kind {
        ShapeKind::Line => Message::new("線・矢印", "line or arrow"),
        ShapeKind::TextBox => Message::new("テキストボックス", "text box"),
        ShapeKind::Shape => Message::new("図形", "shape"),
        ShapeKind::Group => Message::new("グループ化した図形", "group of shapes"),
    };
    let (first, last) = (
        a1(shape.first_row, shape.first_col),
        a1(shape.last_row, shape.last_col),
    );
    let range = if first == last {
        first
    } else {
        format!("{first}:{last}")
    };
    let text = if shape.text.is_empty() {
        Message::new("", "").arg()
    } else {
        let t = shape.text.replace('\n', " ");
        Message::new(format!("、文字「{t}」"), format!(", text \"{t}\"")).arg()
    };
    Diagnostic::with(
        Code::ShapeOverTable,
        view.place(shape.first_row, shape.first_col),
        [kind.arg(), range.into(), text],
    )
}
