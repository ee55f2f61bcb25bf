//! The example plan, and edits of it.

use farm_model::{Format, Placed, Report, Rule};

pub fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/seed-farm.toml"
    ))
    .unwrap()
}

/// The example with `old` (which must occur exactly once) replaced by `new`.
pub fn edit(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "{old:?} must occur once");
    text.replacen(old, new, 1)
}

/// The report of a plan that must be refused.
pub fn refused(text: &str, format: Format) -> Report {
    match farm_model::load(text, format, "plan.toml") {
        Ok(_) => panic!("the plan was accepted:\n{text}"),
        Err(report) => report,
    }
}

/// The 1-based line of the first occurrence of `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the plan"));
    text[..at].matches('\n').count() + 1
}

/// The diagnostic at `path`, which must exist.
pub fn at<'a>(report: &'a Report, path: &str) -> &'a Placed {
    report
        .diagnostics()
        .iter()
        .find(|d| {
            d.diagnostic
                .path
                .as_ref()
                .is_some_and(|p| p.to_string() == path)
        })
        .unwrap_or_else(|| panic!("no error at {path}:\n{report}"))
}

/// Every diagnostic of `report`, in its order, as its path (empty for none) and the rule it names.
pub fn rules(report: &Report) -> Vec<(String, Rule)> {
    (report.diagnostics().iter())
        .map(|d| {
            let path = d.diagnostic.path.as_ref().map(ToString::to_string);
            (path.unwrap_or_default(), d.diagnostic.rule)
        })
        .collect()
}

/// The rule of the diagnostic at `path`, which must exist.
pub fn rule_at(report: &Report, path: &str) -> Rule {
    at(report, path).diagnostic.rule
}
