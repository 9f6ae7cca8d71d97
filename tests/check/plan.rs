//! The plan workbook: what every city's plan must say, and what it may choose
//! (docs/SUBMISSIONS.md, "The plan workbook: everything that differs between cities").

use crate::support::{self, *};

/// A plan whose 計画 sheet lacks its period is an error naming the missing key at the 計画
/// sheet, in both languages: no built-in period is drawn instead.
#[test]
fn a_plan_without_its_period_is_an_error() {
    let dir = temp_dir("plan_no_period");
    let info: Vec<Vec<C>> = plan_info()
        .into_iter()
        .filter(|row| !matches!(row.first(), Some(S(k)) if k.starts_with("計画終了年度")))
        .collect();
    support::plan_with(&dir, info, vec![], vec![]);
    one_department(&dir);
    let (status, json) = check_json(&dir);
    assert_eq!(status, 1, "{json}");
    let missing: Vec<_> = all_findings(&json)
        .into_iter()
        .filter(|f| f.0 == "plan-field-missing")
        .collect();
    assert_eq!(
        missing,
        [(
            "plan-field-missing".to_string(),
            "00_計画.xlsx".to_string(),
            "計画".to_string(),
            "A1".to_string()
        )]
    );
    assert!(messages(&json, "plan-field-missing")[0].contains("計画終了年度"));
    let (_, en) = check_json_with(&dir, &["--lang", "en"]);
    let said = messages(&en, "plan-field-missing");
    assert!(said[0].contains("lacks \"計画終了年度\""), "{said:?}");
    // build refuses: the period would be a guess.
    let out = dir.join("out");
    let run = koteihyo(
        &[
            "build",
            "--input",
            ".",
            "--output",
            out.to_str().expect("utf-8"),
        ],
        &dir,
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!out.join("roadmap.pdf").exists());
}

/// The fixture's plan, with both keys, gives no such error (the test above can fail).
#[test]
fn a_plan_with_its_period_has_no_such_error() {
    let dir = temp_dir("plan_with_period");
    support::plan(&dir, vec![]);
    one_department(&dir);
    let (_, json) = check_json(&dir);
    assert!(messages(&json, "plan-field-missing").is_empty(), "{json}");
}
