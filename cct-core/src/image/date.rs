//! The date a check is judged on.

pub use crate::date::is_date;

/// Why no date is available to judge dates against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoDate {
    /// `today` is not a `YYYY-MM-DD` date.
    Invalid(String),
    /// No date was given and the platform has no clock (WebAssembly).
    NoClock,
}

impl std::fmt::Display for NoDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoDate::Invalid(s) => write!(f, "`today` is `{s}`, not a YYYY-MM-DD date"),
            NoDate::NoClock => {
                f.write_str("no date was given (`today`) and this platform has no clock")
            }
        }
    }
}

/// The date to judge on: `configured` when given, else today's UTC date where there is a clock.
pub fn today(configured: Option<&str>) -> Result<String, NoDate> {
    match configured {
        Some(s) if is_date(s) => Ok(s.to_owned()),
        Some(s) => Err(NoDate::Invalid(s.to_owned())),
        None => system_today(),
    }
}

fn system_today() -> Result<String, NoDate> {
    // `SystemTime::now` panics on wasm32-unknown-unknown: there the caller must pass the date.
    crate::date::today_utc().ok_or(NoDate::NoClock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_date_wins_and_is_validated() {
        assert_eq!(today(Some("2026-11-24")).unwrap(), "2026-11-24");
        assert_eq!(
            today(Some("24/11/2026")),
            Err(NoDate::Invalid("24/11/2026".into()))
        );
        assert!(is_date(&today(None).unwrap()));
    }
}
