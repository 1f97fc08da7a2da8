//! Intercom's regional API hosts.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// The data-hosting region of an Intercom workspace.
///
/// A workspace's data lives in one region; its API calls must go to that region's host.
/// The region shows in the workspace's app URL (`app.eu.intercom.com`, `app.au.intercom.com`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Region {
    /// United States: `https://api.intercom.io` (the default).
    #[default]
    Us,
    /// Europe: `https://api.eu.intercom.io`.
    Eu,
    /// Australia: `https://api.au.intercom.io`.
    Au,
}

impl Region {
    /// The base URL of the region's REST API, without a trailing slash.
    pub const fn base_url(&self) -> &'static str {
        match self {
            Region::Us => "https://api.intercom.io",
            Region::Eu => "https://api.eu.intercom.io",
            Region::Au => "https://api.au.intercom.io",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Au => "au",
        })
    }
}

impl FromStr for Region {
    type Err = Error;

    /// Parses `us`, `eu` or `au` (case-insensitive), e.g. from an environment variable.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "us" => Ok(Region::Us),
            "eu" => Ok(Region::Eu),
            "au" => Ok(Region::Au),
            _ => Err(Error::Config(format!(
                "unknown Intercom region `{s}` (expected us, eu or au)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_parsing() {
        assert_eq!(Region::default().base_url(), "https://api.intercom.io");
        assert_eq!(Region::Eu.base_url(), "https://api.eu.intercom.io");
        assert_eq!(Region::Au.base_url(), "https://api.au.intercom.io");
        assert_eq!("EU".parse::<Region>().ok(), Some(Region::Eu));
        assert!("mars".parse::<Region>().is_err());
    }
}
