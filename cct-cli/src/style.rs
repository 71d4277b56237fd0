//! Terminal colours: on only when standard output is a terminal and `NO_COLOR` is not set.

use std::fmt::Display;
use std::io::IsTerminal;

use cct_core::Severity;

use crate::ColorWhen;

/// Whether to colour output, following `--color`, `NO_COLOR` (<https://no-color.org>:
/// set and non-empty disables colour, whatever else is asked) and `CLICOLOR_FORCE`
/// (set and not `0` forces colour when stdout is not a terminal).
pub fn color_enabled(when: ColorWhen) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    match when {
        ColorWhen::Never => false,
        ColorWhen::Always => true,
        ColorWhen::Auto => {
            let forced =
                std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
            forced
                || (std::io::stdout().is_terminal()
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb"))
        }
    }
}

/// ANSI styles, or nothing when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    color: bool,
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const GREEN: &str = "\x1b[1;32m";
const BLUE: &str = "\x1b[1;34m";
const CYAN: &str = "\x1b[1;36m";

impl Style {
    /// Styles with colour on or off.
    pub fn new(color: bool) -> Self {
        Style { color }
    }

    fn paint(&self, code: &str, text: impl Display) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// Bold text.
    pub fn bold(&self, text: impl Display) -> String {
        self.paint(BOLD, text)
    }

    /// De-emphasised text.
    pub fn dim(&self, text: impl Display) -> String {
        self.paint(DIM, text)
    }

    /// The gutter of source snippets (`12 |`).
    pub fn gutter(&self, text: impl Display) -> String {
        self.paint(BLUE, text)
    }

    /// `help:` and passing states.
    pub fn good(&self, text: impl Display) -> String {
        self.paint(GREEN, text)
    }

    /// Notes and neutral states.
    pub fn note(&self, text: impl Display) -> String {
        self.paint(CYAN, text)
    }

    /// Errors.
    pub fn error(&self, text: impl Display) -> String {
        self.paint(RED, text)
    }

    /// Warnings.
    pub fn warning(&self, text: impl Display) -> String {
        self.paint(YELLOW, text)
    }

    /// Text in the colour of a severity.
    pub fn severity(&self, severity: Severity, text: impl Display) -> String {
        match severity {
            Severity::Error => self.error(text),
            Severity::Warning => self.warning(text),
            Severity::Info => self.note(text),
        }
    }
}
