//! Typed `gnt-cluster init` and `gnt-instance add` command lines, and a provisioning script that runs them
//! safely twice.
//!
//! Names, sizes, OS names and hypervisor parameters are checked types that refuse what Ganeti would not
//! accept (`,` `=` `:` and white space inside a parameter, a size without a unit it knows); every word is
//! shell-quoted where it needs it, so a value reaches Ganeti as the one word it is.
//!
//! ```
//! use ganeti::{ClusterInit, Hypervisor};
//!
//! let init = ClusterInit::new("gnt-cluster.farm".parse()?, vec![Hypervisor::Kvm])?;
//! assert_eq!(init.to_string(), "gnt-cluster init --enabled-hypervisors=kvm gnt-cluster.farm");
//! # Ok::<(), ganeti::Error>(())
//! ```
#![deny(missing_docs)]

mod command;
mod drbd;
mod error;
pub mod read;
mod script;
mod values;

pub use command::{ClusterInit, DiskTemplate, Hypervisor, InstanceAdd, Nic, NodeAdd};
pub use drbd::{DrbdModprobe, EmptyDrbdConf};
pub use error::Error;
pub use script::{ProvisionScript, shell_quote};
pub use values::{HvKey, HvValue, LinkName, OsName, Size, VgName};
pub use vocabulary::{Comment, HostName};
