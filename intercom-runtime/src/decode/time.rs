//! ISO 8601 timestamps as Unix seconds: webhook items and some responses send
//! `2023-11-14T22:13:20Z`-style strings where the description declares Unix seconds.

/// Unix seconds of an RFC 3339 date-time (`2023-11-14T22:13:20.5+01:00`; `Z`, an offset or no zone
/// for UTC; `T` or a space; a fraction is dropped) or of a date (`2023-11-14`, midnight UTC).
pub(crate) fn parse_iso8601(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let date = days_from_date(bytes.get(..10)?)?;
    let rest = &bytes[10..];
    if rest.is_empty() {
        return Some(date * 86_400);
    }
    if !matches!(rest.first(), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(rest.get(1..3)?)?;
    let minute = digits(rest.get(4..6)?)?;
    let second = digits(rest.get(7..9)?)?;
    if rest.get(3) != Some(&b':') || rest.get(6) != Some(&b':') {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut zone = &rest[9..];
    if zone.first() == Some(&b'.') {
        let fraction = zone[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if fraction == 0 {
            return None;
        }
        zone = &zone[1 + fraction..];
    }
    let offset = offset_seconds(zone)?;
    Some(date * 86_400 + hour * 3_600 + minute * 60 + second - offset)
}

/// `YYYY-MM-DD` as days since 1970-01-01.
fn days_from_date(bytes: &[u8]) -> Option<i64> {
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (
        digits(&bytes[..4])?,
        digits(&bytes[5..7])?,
        digits(&bytes[8..10])?,
    );
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since the Unix epoch of a proleptic Gregorian date (the usual era-based formula:
/// eras of 400 years have exactly 146097 days).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `Z`, `+HH:MM`, `-HHMM` or `+HH` as seconds east of UTC; no zone at all is read as UTC.
fn offset_seconds(zone: &[u8]) -> Option<i64> {
    let Some(first) = zone.first() else {
        return Some(0);
    };
    let sign = match first {
        b'Z' | b'z' if zone.len() == 1 => return Some(0),
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = &zone[1..];
    let (hours, minutes) = match rest.len() {
        2 => (digits(rest)?, 0),
        4 => (digits(&rest[..2])?, digits(&rest[2..])?),
        5 if rest[2] == b':' => (digits(&rest[..2])?, digits(&rest[3..])?),
        _ => return None,
    };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3_600 + minutes * 60))
}

fn digits(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    bytes.iter().try_fold(0i64, |n, b| {
        n.checked_mul(10)?.checked_add(i64::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::parse_iso8601;

    #[test]
    fn date_times() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2023-11-14T22:13:20Z"), Some(1_700_000_000));
        assert_eq!(
            parse_iso8601("2023-11-14 22:13:20.999z"),
            Some(1_700_000_000)
        );
        assert_eq!(
            parse_iso8601("2023-11-15T00:13:20+02:00"),
            Some(1_700_000_000)
        );
        assert_eq!(
            parse_iso8601("2023-11-14T17:13:20-0500"),
            Some(1_700_000_000)
        );
        assert_eq!(parse_iso8601("2024-02-29"), Some(1_709_164_800));
        assert_eq!(parse_iso8601("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse_iso8601("2023-11-14T22:13:20"), Some(1_700_000_000));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "2023",
            "2023-13-01",
            "2023-02-29",
            "2023-11-14T25:00:00Z",
            "2023-11-14T22:13:20.Z",
            "2023-11-14X22:13:20Z",
            "hello world!",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }
}
