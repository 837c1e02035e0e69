//! The words the people using Even Keel read (issue 13, and issue 14's sweep): no string a person
//! can see may speak of "addict", "abuse", "misuse", "relapse", "drug-seeking", a "battle",
//! "compliance" or being "non-compliant", nor say that a person failed. The medicine plan's
//! strings, read by someone reducing a dose, never say "failed" at all. Every string literal in
//! the app, server and domain sources (the server's error messages included; items marked
//! `#[cfg(test)]` left out: they name the words to forbid them), the static sign-in page, and every
//! text file in `public/` (pages, scripts, styles, the relaxation tracks' titles and spoken
//! scripts, the web manifest) is read whole.

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
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs" | "html" | "js" | "css" | "json" | "txt" | "webmanifest")
        )
            // Test fixtures (compiled for tests only) name the words to forbid them, and the list
            // of common passwords is data the server refuses, never shown.
            && !matches!(path.file_name().and_then(|n| n.to_str()), Some("fixtures.rs" | "common-passwords.txt"))
        {
            out.push(path);
        }
    }
}

/// The text of every string literal outside items marked `#[cfg(test)]`. A small reader of Rust
/// made for our sources: it knows comments, char literals (so `'"'` starts no string), escapes
/// and raw strings, and skips a `#[cfg(test)]` item to the end of its braces.
fn literals(source: &str) -> Vec<String> {
    let c: Vec<char> = source.chars().collect();
    let at = |i: usize, text: &str| text.chars().enumerate().all(|(k, t)| c.get(i + k) == Some(&t));
    let mut out = Vec::new();
    // Depth of braces inside a `#[cfg(test)]` item being skipped: None when reading normally.
    let mut skipping: Option<(bool, usize)> = None;
    let mut i = 0;
    while i < c.len() {
        if at(i, "//") {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            i += 2;
            while i < c.len() && !at(i, "*/") {
                i += 1;
            }
            i += 2;
        } else if at(i, "#[cfg(test)]") {
            skipping = Some((false, 0));
            i += "#[cfg(test)]".len();
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{7f}') or a lifetime ('a), which has no closing quote.
            let len = if c.get(i + 1) == Some(&'\\') {
                (i + 2..c.len().min(i + 12)).find(|&j| c[j] == '\'').map_or(1, |j| j + 1 - i)
            } else if c.get(i + 2) == Some(&'\'') {
                3
            } else {
                1
            };
            i += len;
        } else if c[i] == '"' || (c[i] == 'r' && (at(i + 1, "\"") || at(i + 1, "#"))) {
            let raw = c[i] == 'r';
            let hashes = if raw { (i + 1..c.len()).take_while(|&j| c[j] == '#').count() } else { 0 };
            if raw && c.get(i + 1 + hashes) != Some(&'"') {
                i += 1; // an identifier starting with r
                continue;
            }
            let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            i += if raw { 2 + hashes } else { 1 };
            let mut text = String::new();
            while i < c.len() && !at(i, &close) {
                if !raw && c[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = c.get(i) {
                    text.push(ch);
                }
                i += 1;
            }
            i += close.chars().count();
            if skipping.is_none() {
                out.push(text);
            }
        } else {
            if let Some((opened, depth)) = &mut skipping {
                match c[i] {
                    '{' => {
                        *opened = true;
                        *depth += 1;
                    }
                    '}' => *depth -= 1,
                    ';' if !*opened => *depth = 0,
                    _ => {}
                }
                if (*opened && *depth == 0) || (c[i] == ';' && !*opened) {
                    skipping = None;
                }
            }
            i += 1;
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
        "let a = \"A \\\"quoted\\\" addict\"; // addict in a \"comment\"\n#[cfg(test)]\nconst X: &str = \"abuse\";";
    assert_eq!(literals(source), ["A \"quoted\" addict"]);
}

/// What made the first reader miss strings: a `'"'` char literal put it out of step, and it
/// stopped at a file's first `#[cfg(test)]`, though code can follow a test item.
#[test]
fn the_reader_knows_char_literals_raw_strings_and_test_items() {
    let source = r###"
        fn quote(c: char) -> bool { c == '"' || c == '\'' }
        fn f<'a>(x: &'a str) -> &'a str { "after a char literal" }
        #[cfg(test)]
        mod tests { fn t() { let _ = "in a test"; if true { "nested"; } } }
        #[cfg(test)]
        const FIXTURE: &str = "a test constant";
        const AFTER: &str = r#"raw "and" after the tests"#;
        /* a "block" comment */ const LAST: &str = "last";
    "###;
    assert_eq!(literals(source), ["after a char literal", r#"raw "and" after the tests"#, "last"]);
}
