//! The date a check is judged on.

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    if !b
        .iter()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

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
    crate::derogation::today_utc().ok_or(NoDate::NoClock)
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
