//! Typed Shorewall 5.2 configuration: `zones`, `interfaces`, `policy`, `rules`, `snat`, `params` and a
//! `shorewall.conf` that works when the folder is deployed as `/etc/shorewall`.
//!
//! Names and values are checked types ([`ZoneName`], [`ParamName`], [`ParamValue`], [`InterfaceName`]),
//! so nothing written can end a column or a line. A [`RuleSet`] refers only to zones and params it defines:
//! an unknown zone or an undefined `$PARAM` is an error here, before Shorewall sees it.
#![deny(missing_docs)]

mod conf;
mod error;
mod files;
mod names;
pub mod read;
mod rules;
mod ruleset;

pub use conf::{IpForwarding, LogLevel, ShorewallConf};
pub use error::Error;
pub use files::{InterfaceEntry, InterfaceOption, Policy, PolicyAction, SnatEntry, Zone, ZoneType};
pub use names::{InterfaceName, ParamName, ParamValue, ZoneName};
pub use rules::{Action, Endpoint, Host, Macro, Ports, Proto, Rule, Verdict, ZoneRef};
pub use ruleset::{RuleSet, RuleSetBuilder};
pub use vocabulary::Comment;
