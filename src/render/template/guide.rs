//! The 説明 sheet of a template: how to fill it in. Ingest skips it by its name.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::spec::{progress_headings, Spec, HEADER_ROW};
use crate::fiscal;
use crate::model::{FiscalYear, Status};
use crate::render::xlsx::{row_height, wrapped_lines};

/// Width of the text column.
const WIDTH: f64 = 72.0;

/// Writes the instructions.
pub(crate) fn write(ws: &mut Worksheet, spec: &Spec<'_>, title: &Format) -> Result<(), XlsxError> {
    let text = Format::new()
        .set_font_name(crate::render::xlsx::FONT)
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let heading = text.clone().set_bold().set_font_color("#1F3A5F");
    ws.set_column_width(0, WIDTH)?;
    let department = spec.department;
    ws.write_string_with_format(0, 0, format!("記入のしかた（{department}）"), title)?;
    let mut row = 2;
    for (head, lines) in &sections(spec) {
        ws.write_string_with_format(row, 0, head, &heading)?;
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

/// The section on the hierarchy's columns, in the plan's words and numbering.
fn hierarchy(rm: &crate::model::Roadmap) -> (String, Vec<String>) {
    let style = &rm.plan.style;
    let w = &style.words;
    let levels = style.level_words();
    let last = levels.last().copied().unwrap_or_default();
    let numbers = match style.numbering {
        crate::model::Numbering::Symbols => format!(
            "{}は (1)、{}は ① のように番号で書きます（一覧から選べます）。",
            w.pillar, w.policy
        ),
        crate::model::Numbering::AsWritten => {
            let p = rm.pillars.first();
            let q = p.and_then(|p| p.policies.first());
            format!(
                "{}は {}、{}は {} のように、計画の番号のとおりに書きます（一覧から選べます）。",
                w.pillar,
                p.map_or("1", |p| p.label.as_str()),
                w.policy,
                q.map_or("1-1", |q| q.label.as_str())
            )
        }
    };
    (
        levels.join("・"),
        vec![
            numbers,
            format!(
                "どの行にも{}を書きます（並べ替えや絞り込みをしても、行の位置が変わりません）。",
                levels.join("・")
            ),
            format!(
                "線を増やすときは、同じ{last}の行の下に行を挿入し、{}から{last}までを写して、年度の欄に{}を書きます。",
                w.pillar, w.step
            ),
            "線をやめるときは、その行を削除します。".into(),
        ],
    )
}

/// The instructions: each section's heading and its lines, for this department's template.
fn sections(spec: &Spec<'_>) -> Vec<(String, Vec<String>)> {
    let (rm, department) = (spec.roadmap, spec.department);
    let p = rm.plan.period;
    let years = p.years;
    let (first, last) = (years.short(p.first), years.short(p.last));
    let (second, third) = (years.short(p.first + 1), years.short(p.first + 2));
    // A year of a step's own, for the example: inside the chart whatever its columns.
    let pinned = years.short(if p.lead { p.first - 2 } else { p.first + 1 });
    // Only a plan with the lead column has a place for work begun before it.
    let lead = if p.lead {
        format!(
            "{first} より前から続く工程は「～{}」の欄に書きます。",
            years.short(p.first - 1)
        )
    } else {
        format!("{first} より前から続く工程も {first} の欄から書きます。")
    };
    let header_row = HEADER_ROW + 1;
    let mut sections: Vec<(String, Vec<String>)> = vec![
        (
            "この様式について".into(),
            vec![
                format!(
                    "「工程表」シートには、{}{}のうち{department}の現在の記載が入っています。次の版に向けて直し、提出してください。",
                    rm.plan.title, rm.plan.document
                ),
                format!(
                    "計画期間は {}～{} です。ファイル名（番号_課名）は変えないでください。課名はファイル名から読み取ります。",
                    years.long(p.first),
                    years.long(p.last)
                ),
                format!("見出し行（{header_row}行目）は変更できません（シートの保護）。データの行は自由に追加・削除できます。"),
            ],
        ),
        (
            "工程（年度の欄）".into(),
            vec![
                "1行が工程表の1本の線です。工程は、始まる年度の欄に工程名を書きます。".into(),
                format!("工程は、同じ行の次の工程の前の年度まで続きます。次の工程がなければ {last} まで続きます。"),
                format!(
                    "途中の年度で終わる工程は、終わる年度の次の欄に「－」（または「×」）を書きます。シートの保護を解除する必要はありません。例: {first} から {second} で終わるなら {first} の欄に工程名、{third} の欄に「－」。"
                ),
                "「→」「⇒」「━」だけの欄は、左の工程の続きです（書かなくても次の工程の前の年度まで続きます）。".into(),
                lead,
                format!("「デザインのリニューアル({pinned})」のように末尾に年度を付けた工程は、その年度だけの工程です。"),
                "「(国の動向による)」「(参考)」などの注記は、工程名の後ろに括弧で書きます。".into(),
            ],
        ),
        hierarchy(rm),
        (
            "再掲・備考".into(),
            vec![
                "灰色の行は再掲（ほかの箇所の記載の繰り返し）です。「(再掲)」を付けたまま、元の記載と同じ文言・同じ期間にしてください。".into(),
                "備考は自由に記入できます。工程表では線の下に小さく印刷されます。".into(),
            ],
        ),
        (
            "提出の前に".into(),
            vec![
                "koteihyo check でファイルを検査できます。エラーは直してから提出してください。".into(),
                "前の版との違い（追加・削除・期間の変更・文言の変更など）は、工程表の「今回の改定における主な変更点」にまとめられます。".into(),
            ],
        ),
    ];
    if let Some(year) = spec.progress {
        sections.insert(
            sections.len() - 1,
            (
                "進捗・実績・課題".into(),
                progress_guide(&rm.plan.style, p.years, year),
            ),
        );
    }
    sections
}

/// How to report progress: the columns, each status and what it means, the rules `check`
/// applies.
fn progress_guide(
    style: &crate::model::PlanStyle,
    years: fiscal::YearNotation,
    year: FiscalYear,
) -> Vec<String> {
    let item = style.item_word();
    let [status, result, issue] = progress_headings(years, year);
    // 高山市's guide says 項目 for short.
    let short = if item == "取り組み項目" {
        "項目"
    } else {
        item
    };
    let y = years.long(year);
    // The words a cell may also hold, after the status's meaning.
    let also = |s: Status| match s {
        Status::Done => "（◎・済・終了も可）",
        Status::OnTrack => "（○・予定どおり・計画どおりも可）",
        Status::Late => "（△・遅延も可）",
        Status::NotStarted => "（×も可）",
        Status::Revised => "（変更も可）",
        Status::Stopped => "（休止も可）",
        Status::Ahead => "",
    };
    let mut lines = vec![
        format!("右端の「{status}」「{result}」「{issue}」に、{y}の取り組みの状況を書きます。"),
        format!("進捗は{item}ごとに一つです。{short}のどの行に書いても構いません（2つの行に違う進捗を書くとエラー）。"),
    ];
    lines.extend(
        Status::ALL
            .iter()
            .map(|s| format!("{}: {}{}", s.label(), s.meaning(style), also(*s))),
    );
    lines.extend([
        "遅れ・未着手・見直し・中止のときは、課題の欄に理由と今後の方向性を書いてください（空欄だと警告）。".to_string(),
        format!("工程が{y}までに終わっている項目は、完了・見直し・中止のどれかにします。完了にした項目に、後の年度から始まる工程が残っていれば警告になります。"),
        "灰色の再掲の行は、元の記載の進捗が使われます。空欄のままにしてください。".into(),
        "進捗が空欄の項目は「未報告」として数えられ、警告になります。".into(),
    ]);
    lines
}
