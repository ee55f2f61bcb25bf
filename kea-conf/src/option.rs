//! The options this crate can write, each typed, and their `option-data` form.

use std::net::Ipv4Addr;

use crate::{Error, Name};

/// A DHCP option, written as `{"name": ..., "data": ...}` in an `option-data` list (Kea's CSV form: values
/// joined by `, `). Anything else is not representable until someone types it. The subnet mask is not an
/// option here: Kea computes it from the subnet and ignores it in `option-data`, so a host gets a /32 mask
/// from a /32 subnet.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DhcpOption {
    /// `routers` (3): the default gateways, in order.
    Routers(Vec<Ipv4Addr>),
    /// `domain-name-servers` (6).
    DomainNameServers(Vec<Ipv4Addr>),
    /// `domain-name` (15).
    DomainName(Name),
    /// `domain-search` (119).
    DomainSearch(Vec<Name>),
    /// `ntp-servers` (42).
    NtpServers(Vec<Ipv4Addr>),
}

/// A list longer than this does not fit one option (255 bytes of data, 4 per address).
const MAX_ADDRESSES: usize = 63;

impl DhcpOption {
    /// The option's name in Kea's `option-data`.
    pub fn name(&self) -> &'static str {
        match self {
            DhcpOption::Routers(_) => "routers",
            DhcpOption::DomainNameServers(_) => "domain-name-servers",
            DhcpOption::DomainName(_) => "domain-name",
            DhcpOption::DomainSearch(_) => "domain-search",
            DhcpOption::NtpServers(_) => "ntp-servers",
        }
    }

    /// The option's `data`: its values as Kea's CSV.
    pub fn data(&self) -> String {
        fn join<T: ToString>(items: &[T]) -> String {
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
        match self {
            DhcpOption::Routers(a)
            | DhcpOption::DomainNameServers(a)
            | DhcpOption::NtpServers(a) => join(a),
            DhcpOption::DomainName(n) => n.to_string(),
            DhcpOption::DomainSearch(n) => join(n),
        }
    }

    /// Checks what the type cannot: lists are not empty and fit in one option.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let len = match self {
            DhcpOption::Routers(a)
            | DhcpOption::DomainNameServers(a)
            | DhcpOption::NtpServers(a) => a.len(),
            DhcpOption::DomainSearch(n) => n.len(),
            DhcpOption::DomainName(_) => 1,
        };
        if len == 0 {
            return Err(Error::EmptyOption {
                option: self.name(),
            });
        }
        if len > MAX_ADDRESSES {
            return Err(Error::TooManyValues {
                option: self.name(),
                max: MAX_ADDRESSES,
            });
        }
        Ok(())
    }

    /// Reads an option back from its `name` and `data`.
    pub fn from_data(name: &str, data: &str) -> Result<DhcpOption, Error> {
        fn values<T: std::str::FromStr>(option: &'static str, data: &str) -> Result<Vec<T>, Error>
        where
            T::Err: std::fmt::Display,
        {
            data.split(',')
                .map(|v| {
                    v.trim()
                        .parse()
                        .map_err(|e: T::Err| Error::InvalidOptionData {
                            option,
                            data: data.to_owned(),
                            reason: e.to_string(),
                        })
                })
                .collect()
        }
        let option = match name {
            "routers" => DhcpOption::Routers(values("routers", data)?),
            "domain-name-servers" => {
                DhcpOption::DomainNameServers(values("domain-name-servers", data)?)
            }
            "domain-name" => {
                DhcpOption::DomainName(Name::new(data).map_err(|e| Error::InvalidOptionData {
                    option: "domain-name",
                    data: data.to_owned(),
                    reason: e.to_string(),
                })?)
            }
            "domain-search" => DhcpOption::DomainSearch(values("domain-search", data)?),
            "ntp-servers" => DhcpOption::NtpServers(values("ntp-servers", data)?),
            _ => {
                return Err(Error::UnknownOption {
                    name: name.to_owned(),
                });
            }
        };
        option.check()?;
        Ok(option)
    }
}

/// Checks a level's options: each valid, none twice.
pub(crate) fn check_options(
    options: &[DhcpOption],
    scope: impl Fn() -> String,
) -> Result<(), Error> {
    for (i, option) in options.iter().enumerate() {
        option.check()?;
        if options[..i].iter().any(|o| o.name() == option.name()) {
            return Err(Error::DuplicateOption {
                option: option.name(),
                scope: scope(),
            });
        }
    }
    Ok(())
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionData {
    name: String,
    data: String,
}

impl serde::Serialize for DhcpOption {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        OptionData {
            name: self.name().to_owned(),
            data: self.data(),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for DhcpOption {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DhcpOption, D::Error> {
        let raw = OptionData::deserialize(d)?;
        DhcpOption::from_data(&raw.name, &raw.data).map_err(serde::de::Error::custom)
    }
}
