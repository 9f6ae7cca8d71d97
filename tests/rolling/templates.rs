//! Templates of the real `input/`: reading them back gives the roadmap they were made from
//! (apart from `source` positions, and the year notation of the two list-layout submissions,
//! which becomes the grid's column headings); they are deterministic, complete (the plan
//! workbook comes along), and carry the drop-down lists and the sheet protection.

use crate::rolling_support;
use crate::support;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use koteihyo::fiscal;
use koteihyo::model::{Roadmap, YearRef};
use rolling_support::{copy_input, read_roadmap, run_ok};
use support::{koteihyo, temp_dir};

const AS_OF: &str = "2026-04-01";

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    v
}

fn strip_sources(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("source");
            m.values_mut().for_each(strip_sources);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_sources),
        _ => {}
    }
}

fn heading(rm: &Roadmap, y: &YearRef) -> String {
    let year = rm.plan.period.year_of_column(y.column);
    if y.column == 0 {
        fiscal::lead(year)
    } else {
        fiscal::long(year)
    }
}

#[test]
fn templates_read_back_as_the_roadmap() {
    let dir = temp_dir("rolling_templates_round_trip");
    copy_input(&dir);
    run_ok(
        &[
            "build", "--input", "input", "--output", "orig", "--as-of", AS_OF,
        ],
        &dir,
    );
    let made = run_ok(
        &[
            "template", "--input", "input", "--output", "tpl", "--as-of", AS_OF,
        ],
        &dir,
    );
    assert!(!made.stderr.contains("注意:"), "{}", made.stderr);
    // An untouched template checks as its input does: the same warnings of the same files
    // (input/'s own 再掲 near-misses), none of its making; a re-listed (grey) row's blank
    // year cells are no fill without a step.
    let warnings = |dir: &Path| {
        let (status, json) = support::check_json_with(dir, &["--as-of", AS_OF]);
        assert_eq!(status, 0, "{json}");
        let mut found: Vec<(String, String)> = json["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["severity"] != "info")
            .map(|d| (d["code"].to_string(), d["file"].to_string()))
            .collect();
        found.sort();
        found
    };
    assert_eq!(warnings(&dir.join("tpl")), warnings(&dir.join("input")));
    run_ok(
        &[
            "build", "--input", "tpl", "--output", "rt", "--as-of", AS_OF,
        ],
        &dir,
    );

    // One template per department, named so that the department survives, plus the plan.
    let names: Vec<String> = files(&dir.join("tpl"))
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names.len(), 25, "{names:?}");
    assert!(names.contains(&"00_計画.xlsx".to_string()));
    assert!(
        names.contains(&"21_危機管理課.xlsx".to_string()),
        "the .ods department"
    );
    let copied = std::fs::read(dir.join("tpl/00_計画.xlsx")).expect("plan copy");
    assert!(copied == std::fs::read(dir.join("input/00_計画.xlsx")).expect("plan"));

    let mut orig = read_roadmap(&dir.join("orig/roadmap.json"));
    let back = read_roadmap(&dir.join("rt/roadmap.json"));
    // The only loss: list-layout year notations (R8, 継続, 2026 …) become the headings.
    let mut renotated = BTreeSet::new();
    let back_steps: Vec<_> = back.steps().map(|(_, s)| s.clone()).collect();
    assert_eq!(orig.steps().count(), back_steps.len());
    let headings: Vec<(String, String)> = back_steps
        .iter()
        .map(|s| (heading(&back, &s.start), heading(&back, &s.end)))
        .collect();
    let mut k = 0;
    for pillar in &mut orig.pillars {
        for policy in &mut pillar.policies {
            for ini in &mut policy.initiatives {
                for item in &mut ini.items {
                    for line in &mut item.lines {
                        for s in &mut line.steps {
                            let b = &back_steps[k];
                            if s.start.written != b.start.written || s.end.written != b.end.written
                            {
                                renotated.insert(s.source.file.clone());
                                assert_eq!(
                                    (&b.start.written, &b.end.written),
                                    (&headings[k].0, &headings[k].1),
                                    "{}",
                                    s.text
                                );
                                s.start.written = b.start.written.clone();
                                s.end.written = b.end.written.clone();
                            }
                            k += 1;
                        }
                    }
                }
            }
        }
    }
    let list_layout: BTreeSet<String> = ["02_市民課.xlsx", "05_総務課.xlsx"]
        .map(String::from)
        .into();
    assert_eq!(renotated, list_layout);
    let mut a = serde_json::to_value(&orig).expect("json");
    let mut b = serde_json::to_value(&back).expect("json");
    strip_sources(&mut a);
    strip_sources(&mut b);
    assert!(a == b, "the templates do not read back as the roadmap");

    // Nothing changed, and the diff says so, folder against folder.
    let run = run_ok(&["diff", "input", "tpl"], &dir);
    assert!(run.stdout.contains("変更はありません"), "{}", run.stdout);
    // The printed roadmap is the same document.
    assert!(
        std::fs::read(dir.join("orig/roadmap.pdf")).ok()
            == std::fs::read(dir.join("rt/roadmap.pdf")).ok(),
        "roadmap.pdf differs after the round trip"
    );

    // Deterministic: a second run writes the same bytes.
    run_ok(
        &[
            "template", "--input", "input", "--output", "tpl2", "--as-of", AS_OF,
        ],
        &dir,
    );
    for p in files(&dir.join("tpl")) {
        let name = p.file_name().expect("name");
        let again = std::fs::read(dir.join("tpl2").join(name)).expect("second run");
        assert!(
            std::fs::read(&p).expect("first run") == again,
            "{p:?} differs"
        );
    }

    // What Excel needs: drop-downs for 柱 and 施策, the protected header, the 説明 sheet.
    let xml = sheet_xml(
        &dir.join("tpl/11_子育て支援課.xlsx"),
        "xl/worksheets/sheet1.xml",
    );
    assert!(
        xml.contains(r#"<dataValidation type="list""#),
        "no drop-down"
    );
    assert!(
        xml.contains(r#"<formula1>"(1),(2),(3)"</formula1>"#),
        "柱 list"
    );
    assert!(
        xml.contains(r#"<formula1>"①,②,③,④,⑤"</formula1>"#),
        "施策 list"
    );
    assert!(xml.contains("<sheetProtection"), "not protected");
    assert!(!xml.contains("password"), "protected with a password");
    let workbook = sheet_xml(&dir.join("tpl/11_子育て支援課.xlsx"), "xl/workbook.xml");
    assert!(workbook.contains(r#"name="説明""#));
    // A department checks its own template against the plan.
    let run = koteihyo(
        &[
            "check",
            "tpl/02_市民課.xlsx",
            "--plan",
            "tpl",
            "--as-of",
            AS_OF,
        ],
        &dir,
    );
    assert_eq!(run.status, 0, "{}", run.stdout);
}

fn sheet_xml(path: &Path, member: &str) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut s = String::new();
    zip.by_name(member)
        .expect("member")
        .read_to_string(&mut s)
        .expect("read");
    s
}

#[test]
fn one_department_and_bad_arguments() {
    let dir = temp_dir("rolling_templates_one");
    copy_input(&dir);
    run_ok(
        &[
            "template",
            "--input",
            "input",
            "--output",
            "one",
            "--department",
            "市民課",
            "--as-of",
            AS_OF,
        ],
        &dir,
    );
    let names: Vec<String> = files(&dir.join("one"))
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, ["00_計画.xlsx", "02_市民課.xlsx"]);

    let run = koteihyo(
        &[
            "template",
            "--input",
            "input",
            "--output",
            "none",
            "--department",
            "宇宙課",
        ],
        &dir,
    );
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("宇宙課"), "{}", run.stderr);
    assert!(!dir.join("none").exists());

    // --previous needs --edition; --edition is YYYY-MM.
    let run = koteihyo(&["build", "--previous", "input"], &dir);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let run = koteihyo(&["build", "--edition", "2026-3x"], &dir);
    assert_eq!(run.status, 2, "{}", run.stderr);
    // A side that is neither a folder nor a roadmap.json.
    std::fs::write(dir.join("bad.json"), "{}").expect("write");
    let run = koteihyo(&["diff", "bad.json", "input"], &dir);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("roadmap.json"), "{}", run.stderr);
}

/// Spans the grid can only say with a merge, and those it cannot say at all, from a list
/// layout submission; a list 備考 moves to the line's 備考.
#[test]
fn merges_and_what_the_grid_cannot_say() {
    use support::{list_header, plan, sheet, write_xlsx, E, N, S};
    let dir = temp_dir("rolling_templates_spans");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    plan(&input, vec![]);
    let mut rows = vec![vec![S("提出様式（市民課）")], vec![], list_header()];
    let hierarchy = [S("(1)"), S("①"), S("オンライン手続きの拡大"), S("電子申請")];
    let mut row =
        |first: bool, line: f64, text: &'static str, from: &'static str, to: &'static str, note| {
            let mut r: Vec<_> = if first {
                hierarchy.to_vec()
            } else {
                vec![E, E, E, E]
            };
            r.extend([N(line), S(text), S(from), S(to), note]);
            rows.push(r);
        };
    row(true, 1.0, "試行", "R7", "R8", E);
    row(false, 1.0, "本格運用", "R10", "継続", E);
    row(false, 2.0, "単年度の調査", "R8", "R8", S("予算次第"));
    row(false, 3.0, "検討", "R7", "R9", E);
    row(false, 3.0, "導入", "R8", "R11", E);
    row(false, 4.0, "旧システム更新(R5)", "R5", "R5", E);
    row(false, 4.0, "新システム", "R9", "R11", E);
    write_xlsx(&input.join("03_市民課.xlsx"), &[sheet("工程表", rows)]);
    let made = run_ok(
        &[
            "template", "--input", "input", "--output", "tpl", "--as-of", AS_OF,
        ],
        &dir,
    );
    // A one-year step before empty years is now said with an end mark after it; a step
    // overlapping the next still cannot be said.
    assert!(
        made.stderr.contains("注意: 03_市民課.xlsx: 工程「検討」"),
        "{}",
        made.stderr
    );
    assert!(!made.stderr.contains("単年度の調査"), "{}", made.stderr);
    let back = support::load(&dir.join("tpl"));
    assert_eq!(back.summary.errors, 0, "{:#?}", back.diagnostics);
    let spans: Vec<(String, u32, u32)> = back
        .roadmap
        .steps()
        .map(|(_, s)| (s.text.clone(), s.start.column, s.end.column))
        .collect();
    let want: Vec<(String, u32, u32)> = [
        ("試行", 1, 2), // merged over R7–R8
        ("本格運用", 4, 5),
        ("単年度の調査", 2, 2), // a one-year step before empty years: its end mark
        ("検討", 1, 1),         // overlaps the next step: cannot be said
        ("導入", 2, 5),
        ("旧システム更新(R5)", 0, 0),
        ("新システム", 3, 5),
    ]
    .map(|(t, a, b)| (t.to_string(), a, b))
    .into();
    assert_eq!(spans, want);
    let remarks: Vec<Option<String>> = back.roadmap.pillars[0].policies[0].initiatives[0].items[0]
        .lines
        .iter()
        .map(|l| l.remark.clone())
        .collect();
    assert_eq!(remarks, [None, Some("予算次第".to_string()), None, None]);
    let xml = sheet_xml(&dir.join("tpl/03_市民課.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"<mergeCell ref="F4:G4"/>"#),
        "the R7–R8 merge"
    );
}

/// `--edition` before the plan workbook's last edition (R7(2025).3) is refused: exit 2, the
/// plan workbook named, the edition in its own era, what to do, in Japanese or English, and
/// nothing written. The last edition's own month is accepted.
#[test]
fn an_edition_before_the_last_is_refused() {
    use support::{grid_header, grid_row, plan, sheet, write_xlsx, S};
    let dir = temp_dir("rolling_edition_before_last");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("mkdir");
    plan(&input, vec![]);
    let hierarchy = [S("(1)"), S("①"), S("オンライン手続きの拡大"), S("電子申請")];
    let rows = vec![
        grid_header(),
        grid_row(hierarchy, vec![S("導入"), S("運用")]),
    ];
    write_xlsx(&input.join("01_市民課.xlsx"), &[sheet("工程表", rows)]);
    let build = |edition: &str, lang: &str| {
        let out = format!("out-{edition}-{lang}");
        let run = koteihyo(
            &[
                "build",
                "--input",
                "input",
                "--output",
                &out,
                "--edition",
                edition,
                "--lang",
                lang,
            ],
            &dir,
        );
        (run, dir.join(out))
    };
    for (edition, era) in [
        ("2018-03", "H30(2018).3"),
        ("1989-01", "S64(1989).1"),
        ("2025-02", "R7(2025).2"),
    ] {
        let (run, out) = build(edition, "ja");
        assert_eq!(run.status, 2, "{edition}: {}", run.stderr);
        let plan_path = std::path::Path::new("input").join("00_計画.xlsx");
        assert!(
            run.stderr.contains(&plan_path.display().to_string()),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(era), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("改定履歴にある最新の版 R7(2025).3 より前です"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("2025-03（R7(2025).3）以降の年月"),
            "{}",
            run.stderr
        );
        assert!(!out.exists(), "{edition}: nothing is written");
    }
    let (run, out) = build("2018-03", "en");
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("is older than the latest edition"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("give --edition a month from 2025-03"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    // The last edition's month, and a later one, are accepted.
    for edition in ["2025-03", "2026-03"] {
        let (run, out) = build(edition, "ja");
        assert_eq!(run.status, 0, "{edition}: {}", run.stderr);
        assert!(out.join("roadmap.pdf").exists());
    }
}

/// Every line of `department` as (pillar, policy, initiative, item, its step texts), sorted:
/// where each line sits in the tree, whatever the order of the rows.
fn placed_lines(rm: &Roadmap, department: &str) -> Vec<(u32, u32, String, String, Vec<String>)> {
    let mut out = Vec::new();
    for p in &rm.pillars {
        for q in &p.policies {
            for ini in &q.initiatives {
                for item in ini.items.iter().filter(|i| i.department == department) {
                    for line in &item.lines {
                        let steps = line.steps.iter().map(|s| s.text.clone()).collect();
                        out.push((
                            p.number,
                            q.number,
                            ini.text.clone(),
                            item.text.clone(),
                            steps,
                        ));
                    }
                }
            }
        }
    }
    out.sort();
    out
}

/// docs/SUBMISSIONS.md, "Row order": a template writes every hierarchy cell on every row, so
/// a department that sorts its sheet (here: every data row in reverse, as a sort by a year
/// column scrambles them) keeps each line under its own item, initiative and policy.
#[test]
fn a_sorted_template_keeps_each_rows_parents() {
    let dir = temp_dir("rolling_templates_sorted");
    copy_input(&dir);
    run_ok(
        &[
            "build", "--input", "input", "--output", "orig", "--as-of", AS_OF,
        ],
        &dir,
    );
    run_ok(
        &[
            "template", "--input", "input", "--output", "tpl", "--as-of", AS_OF,
        ],
        &dir,
    );
    let department = "情報政策課";
    rolling_support::edit(
        &rolling_support::template_of(&dir.join("tpl"), department),
        |sh| {
            let (header, _) = sh.find("取り組み項目", 0).expect("header row");
            let first = header + 1;
            let last = sh.rows.len() - 1;
            assert!(
                (first..=last).all(|r| (0..4).all(|c| *sh.get(r, c) != rolling_support::V::E)),
                "every row carries its four hierarchy cells"
            );
            sh.rows[first..].reverse();
            for m in &mut sh.merges {
                if m.0 as usize >= first {
                    let row = (first + last - m.0 as usize) as u32;
                    (m.0, m.2) = (row, row);
                }
            }
        },
    );
    let checked = koteihyo(
        &["check", "tpl", "--format", "json", "--as-of", AS_OF],
        &dir,
    );
    assert_eq!(checked.status, 0, "{}", checked.stdout);
    assert!(!checked.stdout.contains("rows-split"), "{}", checked.stdout);
    run_ok(
        &[
            "build", "--input", "tpl", "--output", "rt", "--as-of", AS_OF,
        ],
        &dir,
    );
    let orig = read_roadmap(&dir.join("orig/roadmap.json"));
    let back = read_roadmap(&dir.join("rt/roadmap.json"));
    let lines = placed_lines(&orig, department);
    assert!(
        lines.len() > 20,
        "a department with many lines: {}",
        lines.len()
    );
    assert_eq!(placed_lines(&back, department), lines);
}
