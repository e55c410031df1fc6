//! The one duration syntax of every flag, variable and setting: `3s`, `500ms`, `1.5s`, or
//! a bare number of seconds, up to an hour. [`parse_duration`] wants more than 0;
//! [`parse_duration_or_zero`] also takes `0` ("do not wait").

use std::time::Duration;

/// Parses `3s`, `500ms`, `1.5s` or a bare number of seconds: more than 0, at most an hour.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, millis) = if let Some(number) = text.strip_suffix("ms") {
        (number, true)
    } else if let Some(number) = text.strip_suffix('s') {
        (number, false)
    } else {
        (text, false)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration: write `3s`, `500ms` or `3`"))?;
    let seconds = if millis { value / 1000.0 } else { value };
    if !(seconds.is_finite() && seconds > 0.0 && seconds <= 3600.0) {
        return Err(format!("`{text}` must be more than 0 and at most an hour"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// [`parse_duration`], or zero for `0` (`0s`, `0ms`): for a wait that may be skipped.
pub fn parse_duration_or_zero(text: &str) -> Result<Duration, String> {
    let number = text
        .trim()
        .trim_end_matches("ms")
        .trim_end_matches('s')
        .trim();
    if number.parse::<f64>().is_ok_and(|n| n == 0.0) {
        return Ok(Duration::ZERO);
    }
    parse_duration(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("3s"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("2h").is_err());
        assert_eq!(parse_duration("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration_or_zero("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration_or_zero("0ms"), Ok(Duration::ZERO));
        assert_eq!(
            parse_duration_or_zero("2.5"),
            Ok(Duration::from_millis(2500))
        );
        assert!(parse_duration_or_zero("-1").is_err());
    }
}
