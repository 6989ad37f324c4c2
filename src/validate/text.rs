//! Free text: names, titles and notes, refused when blank, too long or able to mislead on screen.

use super::Invalid;

/// Characters that take no room on screen: zero-width space, non-joiner and joiner, the
/// direction marks, word joiner and invisible operators, the byte-order mark, soft hyphen,
/// combining grapheme joiner, Hangul and Mongolian fillers, variation selectors and tags.
/// A text made only of these (and whitespace) looks blank, so it counts as blank.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they
/// reorder how the text around them is shown, so a stored name could display as something
/// else ("Trojan Source"). Refused in every text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The line and paragraph separators (U+2028, U+2029): line breaks, out of place in a
/// one-line text.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// A text that shows nothing: only whitespace and invisible characters.
fn looks_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// A required human-readable one-line text (names, titles): trimmed, 1..=max chars (count
/// chars, not bytes), not only invisible characters, no control characters, no bidi
/// controls, no line or paragraph separators. Returns the trimmed text.
///
/// Checks run in this order: blank or only invisible characters (`REQUIRED`), control
/// characters, bidi controls and separators (`INVALID_TEXT`), length (`TOO_LONG`).
pub fn required_text(input: &str, max: usize) -> Result<String, Invalid> {
    // Leading/trailing whitespace (including stray line breaks) is dropped, not refused.
    let text = input.trim();
    if looks_blank(text) {
        return Err(Invalid::Required);
    }
    // Control characters break one-line display and can smuggle terminal escapes; bidi
    // controls make the text display as another; separators are line breaks.
    if text.chars().any(|c| c.is_control() || is_bidi_control(c) || is_line_separator(c)) {
        return Err(Invalid::InvalidText);
    }
    // Characters, not bytes: "Sagélé" is 6 characters however it is encoded.
    let len = text.chars().count();
    if len > max {
        return Err(Invalid::TooLong { max, len });
    }
    Ok(text.to_owned())
}

/// An optional text: None or blank-after-trim -> Ok(None); else like required_text.
pub fn optional_text(input: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    match input {
        // A blank optional field means "no value", so clearing a form field works.
        None => Ok(None),
        Some(s) if looks_blank(s) => Ok(None),
        Some(s) => required_text(s, max).map(Some),
    }
}

/// An optional free-text note (a remark on a move, the notes of a session): like
/// [`optional_text`], but line breaks (also U+2028, U+2029) and tabs are allowed; other control
/// characters and bidi controls are not. Only whitespace and invisible characters is no note.
pub fn optional_note(input: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    let Some(text) = input.map(str::trim).filter(|t| !looks_blank(t)) else { return Ok(None) };
    if text.chars().any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c)) {
        return Err(Invalid::InvalidText);
    }
    let len = text.chars().count();
    if len > max {
        return Err(Invalid::TooLong { max, len });
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::user_error_code::UserErrorCode;
    use crate::validate::invalid::assert_all_refused;

    // ---- Length, blanks and control characters ----

    #[test]
    fn required_text_trims() {
        assert_eq!(required_text("  Kaledo Stereo  ", 50).as_deref(), Ok("Kaledo Stereo"));
        assert_eq!(required_text("\n\tUya\n", 50).as_deref(), Ok("Uya"));
        assert_eq!(required_text("x", 1).as_deref(), Ok("x"));
    }

    #[test]
    fn required_text_blank() {
        assert_all_refused(|t| required_text(t, 10), Invalid::Required, &["", " ", "   ", "\t\n", "\u{3000}"]);
    }

    #[test]
    fn required_text_counts_chars_not_bytes() {
        // 6 characters, 8 bytes.
        assert_eq!(required_text("Sagélé", 6).as_deref(), Ok("Sagélé"));
        assert_eq!(required_text("Kopi ☕", 6).as_deref(), Ok("Kopi ☕"));
        assert_eq!(required_text("Sagélé", 5), Err(Invalid::TooLong { max: 5, len: 6 }));
    }

    #[test]
    fn required_text_too_long() {
        let err = required_text("Kaledo", 5).unwrap_err();
        assert_eq!(err, Invalid::TooLong { max: 5, len: 6 });
        assert_eq!(err.code(), UserErrorCode::TooLong);
        assert!(err.to_string().contains("at most 5 characters"));
        // Length is measured after trimming.
        assert_eq!(required_text("   Kaled   ", 5).as_deref(), Ok("Kaled"));
        assert!(matches!(required_text("x", 0), Err(Invalid::TooLong { .. })));
    }

    #[test]
    fn required_text_control_characters() {
        let controls = ["a\nb", "a\tb", "a\rb", "a\u{0}b", "a\u{7}b", "a\u{1b}[31mb", "a\u{7f}b", "a\u{85}b"];
        assert_all_refused(|t| required_text(t, 100), Invalid::InvalidText, &controls);
    }

    #[test]
    fn required_text_check_order() {
        // Control characters are reported before length.
        assert_eq!(required_text("abc\ndef", 3), Err(Invalid::InvalidText));
    }

    #[test]
    fn optional_text_rules() {
        assert_eq!(optional_text(None, 10), Ok(None));
        assert_eq!(optional_text(Some(""), 10), Ok(None));
        assert_eq!(optional_text(Some("  \t "), 10), Ok(None));
        assert_eq!(optional_text(Some("  Palu  "), 10), Ok(Some("Palu".to_owned())));
        assert_eq!(optional_text(Some("a\u{0}b"), 10), Err(Invalid::InvalidText));
        assert_eq!(optional_text(Some("Palu Barat"), 4), Err(Invalid::TooLong { max: 4, len: 10 }));
    }

    #[test]
    fn notes_keep_line_breaks_but_no_other_control_characters() {
        assert_eq!(optional_note(None, 10), Ok(None));
        assert_eq!(optional_note(Some(" \n "), 10), Ok(None));
        assert_eq!(optional_note(Some(" a\r\n\tb "), 10), Ok(Some("a\r\n\tb".to_owned())));
        assert_eq!(optional_note(Some("a\u{1b}[31m"), 20), Err(Invalid::InvalidText));
        assert_eq!(optional_note(Some("Sagélé"), 5), Err(Invalid::TooLong { max: 5, len: 6 }));
    }

    // ---- Invisible characters, bidi controls, separators ----

    #[test]
    fn only_invisible_characters_is_blank() {
        for invisible in
            ["\u{200B}", "\u{200C}\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}", " \u{200B} \u{FEFF} ", "\u{3164}"]
        {
            assert_eq!(required_text(invisible, 10), Err(Invalid::Required), "{invisible:?}");
            assert_eq!(optional_text(Some(invisible), 10), Ok(None), "{invisible:?}");
            assert_eq!(optional_note(Some(invisible), 10), Ok(None), "{invisible:?}");
        }
        // Invisible characters between visible ones are kept: ZWJ joins emoji, ZWNJ words.
        assert_eq!(required_text("Abon\u{200D}Tuna", 20).as_deref(), Ok("Abon\u{200D}Tuna"));
    }

    #[test]
    fn bidi_controls_are_refused_everywhere() {
        for c in
            ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
        {
            let text = format!("Toko {c}atoT");
            assert_eq!(required_text(&text, 50), Err(Invalid::InvalidText), "{c:?}");
            assert_eq!(optional_text(Some(&text), 50), Err(Invalid::InvalidText), "{c:?}");
            assert_eq!(optional_note(Some(&text), 50), Err(Invalid::InvalidText), "{c:?}");
        }
        // The marks (LRM, RLM) do not reorder anything and are allowed inside a text.
        assert!(required_text("Toko\u{200F} Sagu", 50).is_ok());
    }

    #[test]
    fn separators_are_refused_in_one_line_texts_but_not_in_notes() {
        for c in ['\u{2028}', '\u{2029}'] {
            let text = format!("Baris satu{c}baris dua");
            assert_eq!(required_text(&text, 50), Err(Invalid::InvalidText), "{c:?}");
            assert_eq!(optional_note(Some(&text), 50), Ok(Some(text.clone())), "{c:?}");
        }
    }
}
