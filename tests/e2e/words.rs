//! The words the people using Even Keel read (issue 13, and issue 14's sweep): no string a person
//! can see may speak of "addict", "abuse", "misuse", "relapse", "drug-seeking", a "battle",
//! "compliance" or being "non-compliant", nor say that a person failed. The medicine plan's
//! strings, read by someone reducing a dose, never say "failed" at all. Every string literal in
//! the app, server and domain sources (the server's error messages included; test modules left
//! out: they name the words to forbid them), the static sign-in page and every page and script in
//! `public/` is read.

use std::path::{Path, PathBuf};

const NEVER: [&str; 17] = [
    "addict",
    "abuse",
    "misuse",
    "relapse",
    "drug-seeking",
    "drug seeking",
    "battle",
    "battling",
    "compliance",
    "compliant",
    // "Failed", said about a person.
    "you failed",
    "you've failed",
    "you have failed",
    "failed to reduce",
    "failed your",
    "failed the plan",
    "failed their",
];
/// The medicine plan, check-ins and requests to talk.
const REDUCING: [&str; 6] = [
    "domain/src/plan/medicine.rs",
    "domain/src/plan/contact.rs",
    "domain/src/diary/withdrawal.rs",
    "app/src/pages/plan/medicine.rs",
    "app/src/components/shared_medicine.rs",
    "server/src/insights/plan_flags.rs",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("rs" | "html" | "js"))
            // Test fixtures (compiled for tests only) name the words to forbid them.
            && path.file_name().and_then(|n| n.to_str()) != Some("fixtures.rs")
        {
            out.push(path);
        }
    }
}

/// The text inside double quotes, outside test modules (a rough reader: enough for our sources).
fn literals(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut escaped = false;
    for c in code.chars() {
        match (&mut current, c) {
            (Some(s), _) if escaped => {
                s.push(c);
                escaped = false;
            }
            (Some(_), '\\') => escaped = true,
            (Some(s), '"') => {
                out.push(std::mem::take(s));
                current = None;
            }
            (Some(s), _) => s.push(c),
            (None, '"') => current = Some(String::new()),
            (None, _) => {}
        }
    }
    out
}

fn offending(path: &Path, words: &[&str]) -> Vec<String> {
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let texts = if path.extension().and_then(|e| e.to_str()) == Some("rs") { literals(&source) } else { vec![source] };
    texts
        .into_iter()
        .filter(|t| words.iter().any(|w| t.to_lowercase().contains(w)))
        .map(|t| format!("{}: {t:?}", path.display()))
        .collect()
}

#[test]
fn no_string_a_person_reads_judges_their_medicine_use() {
    let root = evenkeel_tests::workspace_root();
    let mut all = Vec::new();
    for dir in ["app/src", "app/html", "server/src", "domain/src", "public"] {
        files(&root.join(dir), &mut all);
    }
    assert!(all.len() > 100, "the sources were found ({})", all.len());
    let bad: Vec<String> = all.iter().flat_map(|p| offending(p, &NEVER)).collect();
    assert!(bad.is_empty(), "{bad:#?}");
    let mut reducing = NEVER.to_vec();
    reducing.extend(["failed", "taper compliance"]);
    let bad: Vec<String> = REDUCING.iter().flat_map(|p| offending(&root.join(p), &reducing)).collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_reader_finds_words_inside_strings_only() {
    let source =
        "let a = \"A \\\"quoted\\\" addict\"; // addict in a comment\n#[cfg(test)]\nconst X: &str = \"abuse\";";
    assert_eq!(literals(source), ["A \"quoted\" addict"]);
}
