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

#[cfg(not(target_arch = "wasm32"))]
fn system_today() -> Result<String, NoDate> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(target_arch = "wasm32")]
fn system_today() -> Result<String, NoDate> {
    // `SystemTime::now` panics on wasm32-unknown-unknown: the caller must pass the date.
    Err(NoDate::NoClock)
}

/// Converts days since 1970-01-01 into a (year, month, day) civil date (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_515), (2026, 3, 3));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

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
