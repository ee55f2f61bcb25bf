//! Typed nginx 1.22 reverse-proxy server blocks, and the http-level settings many servers need.
//!
//! Server names, paths, location prefixes and sizes are checked types, so nothing written can end a
//! directive; upstreams are addresses and ports, never names nginx would have to resolve when it starts.
//!
//! ```
//! use nginx_site::{Listen, Location, Server, Upstream};
//!
//! let upstream = Upstream::new("10.10.60.2".parse().unwrap(), 80)?;
//! let server = Server::new(vec![Listen::port(80)?], vec!["skaro.dachary.org".parse()?],
//!     vec![Location::proxy("/".parse()?, upstream)])?;
//! assert!(server.to_string().contains("proxy_pass http://10.10.60.2:80;"));
//! # Ok::<(), nginx_site::Error>(())
//! ```
#![deny(missing_docs)]

mod error;
mod http;
mod server;
mod values;

pub use error::Error;
pub use http::HttpSettings;
pub use server::{Listen, Location, Log, Server, Upstream};
pub use values::{LocationPrefix, LogPath, ServerName, Size};
pub use vocabulary::Comment;
