//! Runs a daemon's own checker on a text or a tree and says whether it passed, with the checker's own message.
//!
//! The rule every caller relies on:
//! - the checker is installed: it runs, and its verdict is the verdict;
//! - it is missing and `CI=true`: that is a [`Failure`] (CI installs every checker, so a missing one is a bug);
//! - it is missing otherwise: one line `skipped: <tool> not installed (apt-get install <package>)` goes to
//!   standard error (written directly, so that libtest's capture does not hide it) and the check passes as
//!   [`Verdict::Skipped`].
//!
//! None of these checks touches the machine's own configuration: files are written to temporary folders and
//! the checkers are pointed at them.
#![deny(missing_docs)]

mod acme;
mod bind;
mod r#box;
mod dhcp;
mod ifupdown;
mod kea;
mod nginx;
mod nodes_box;
mod radvd;
mod run;
mod serve;
mod shell;
mod shorewall;
mod tree;
mod vm;

pub use acme::{AcmeProof, AcmeSite, PRIVATE_FOLDERS, issue_with_pebble};
pub use bind::{DumpRecord, named_conf, parse_dump, zone, zone_dump};
pub use r#box::farm_in_a_box;
pub use dhcp::dhcpd;
pub use ifupdown::{IfupdownReading, ifquery, ifupdown};
pub use kea::{kea_dhcp4, kea_lease};
pub use nginx::{nginx, nginx_with_certificates, nginx_with_open_files, serve_through_nginx};
pub use nodes_box::{NodesBox, nodes_in_a_box};
pub use radvd::{radvd, radvd_slaac};
pub use run::{BOX_TOOLS, Failure, Tool, Verdict, box_possible, locate, require};
pub use serve::named_answers;
pub use shell::{sh_syntax, source_vars};
pub use shorewall::{shorewall, shorewall6};
pub use tree::{TreeCheck, check_tree};
