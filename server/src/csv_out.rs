//! One CSV writer for every export (My data, and the carer's or worker's CSV): RFC 4180 through
//! the `csv` crate — CRLF line ends, a field with a comma, quote or line break in quotes, quotes
//! doubled — and free text that a spreadsheet would run as a formula (starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) kept as text by a leading apostrophe.

use std::borrow::Cow;

use crate::error::{AppError, AppResult};

/// Free text as a spreadsheet should show it, never as a formula.
pub fn formula_safe(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The header and rows as one CSV document.
pub fn write<R, F>(header: &[&str], rows: impl IntoIterator<Item = R>) -> AppResult<String>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    out.write_record(header).map_err(AppError::internal)?;
    for row in rows {
        out.write_record(row).map_err(AppError::internal)?;
    }
    let bytes = out.into_inner().map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_that_looks_like_a_formula_stays_text() {
        for risky in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(formula_safe(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(formula_safe("Walk to the shop"), "Walk to the shop");
        assert_eq!(formula_safe(""), "");
    }

    #[test]
    fn rows_follow_rfc_4180() {
        let doc = write(
            &["id", "note"],
            [["1", formula_safe("=1+1, \"quoted\"").as_ref()], ["2", "two\nlines"], ["3", "plain"]],
        )
        .unwrap();
        assert_eq!(doc, "id,note\r\n1,\"'=1+1, \"\"quoted\"\"\"\r\n2,\"two\nlines\"\r\n3,plain\r\n");
    }
}
