//! The 説明 sheet of a template: how to fill it in. Ingest skips it by its name.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::sheet::HEADER_ROW;
use crate::fiscal;
use crate::model::Roadmap;
use crate::render::xlsx::{row_height, wrapped_lines};

/// Width of the text column.
const WIDTH: f64 = 72.0;

/// Writes the instructions.
pub(crate) fn write(
    ws: &mut Worksheet,
    rm: &Roadmap,
    department: &str,
    title: &Format,
) -> Result<(), XlsxError> {
    let p = rm.plan.period;
    let (first, last) = (fiscal::short(p.first), fiscal::short(p.last));
    let lead = fiscal::short(p.first - 1);
    let header_row = HEADER_ROW + 1;
    let text = Format::new()
        .set_font_name(crate::render::xlsx::FONT)
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let heading = text.clone().set_bold().set_font_color("#1F3A5F");
    ws.set_column_width(0, WIDTH)?;
    ws.write_string_with_format(0, 0, format!("記入のしかた（{department}）"), title)?;
    let sections: [(&str, Vec<String>); 5] = [
        (
            "この様式について",
            vec![
                format!(
                    "「工程表」シートには、{}{}のうち{department}の現在の記載が入っています。次の版に向けて直し、提出してください。",
                    rm.plan.title, rm.plan.document
                ),
                format!(
                    "計画期間は {}～{} です。ファイル名（番号_課名）は変えないでください。課名はファイル名から読み取ります。",
                    fiscal::long(p.first),
                    fiscal::long(p.last)
                ),
                format!("見出し行（{header_row}行目）は変更できません（シートの保護）。データの行は自由に追加・削除できます。"),
            ],
        ),
        (
            "工程（年度の欄）",
            vec![
                "1行が工程表の1本の線です。工程は、始まる年度の欄に工程名を書きます。".into(),
                format!("工程は、同じ行の次の工程の前の年度まで続きます。次の工程がなければ {last} まで続きます。"),
                format!(
                    "途中の年度で終わる工程は、終わる年度の次の欄に「－」（または「×」）を書きます。シートの保護を解除する必要はありません。例: {first} から R8 で終わるなら {first} の欄に工程名、R9 の欄に「－」。"
                ),
                "「→」「⇒」「━」だけの欄は、左の工程の続きです（書かなくても次の工程の前の年度まで続きます）。".into(),
                format!("{first} より前から続く工程は「～{lead}」の欄に書きます。"),
                "「デザインのリニューアル(R5)」のように末尾に年度を付けた工程は、その年度だけの工程です。".into(),
                "「(国の動向による)」「(参考)」などの注記は、工程名の後ろに括弧で書きます。".into(),
            ],
        ),
        (
            "柱・施策・具体的な取り組み・取り組み項目",
            vec![
                "柱は (1)、施策は ① のように番号で書きます（一覧から選べます）。".into(),
                "上の行と同じなら空欄のままで構いません。具体的な取り組みが変わる行には、取り組み項目も書きます。".into(),
                "線を増やすときは、同じ取り組み項目の行の下に行を挿入し、年度の欄に工程を書きます。".into(),
                "線をやめるときは、その行を削除します。取り組み項目を書いた行を削除するときは、その内容を次の行に写してください。".into(),
            ],
        ),
        (
            "再掲・備考",
            vec![
                "灰色の行は再掲（ほかの箇所の記載の繰り返し）です。「(再掲)」を付けたまま、元の記載と同じ文言・同じ期間にしてください。".into(),
                "備考は自由に記入できます。工程表では線の下に小さく印刷されます。".into(),
            ],
        ),
        (
            "提出の前に",
            vec![
                "koteihyo check でファイルを検査できます。エラーは直してから提出してください。".into(),
                "前の版との違い（追加・削除・期間の変更・文言の変更など）は、工程表の「今回の改定における主な変更点」にまとめられます。".into(),
            ],
        ),
    ];
    let mut row = 2;
    for (head, lines) in &sections {
        ws.write_string_with_format(row, 0, *head, &heading)?;
        row += 1;
        for l in lines {
            let l = format!("・{l}");
            ws.write_string_with_format(row, 0, &l, &text)?;
            ws.set_row_height(row, row_height(wrapped_lines(&l, WIDTH)))?;
            row += 1;
        }
        row += 1;
    }
    ws.set_paper_size(9)
        .set_portrait()
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0);
    Ok(())
}
