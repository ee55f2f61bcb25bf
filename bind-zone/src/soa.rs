//! The SOA record.

use crate::{Error, Name, Serial, Ttl};

/// A zone's start of authority: primary name server, responsible mailbox, serial and timers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Soa {
    mname: Name,
    rname: Name,
    serial: Serial,
    refresh: Ttl,
    retry: Ttl,
    expire: Ttl,
    minimum: Ttl,
}

impl Soa {
    /// `mname` is the primary name server (a host name), `rname` the mailbox written as a name
    /// (`hostmaster` for hostmaster@ the zone); relative names are taken relative to the zone's origin.
    /// `minimum` is the negative-caching TTL (RFC 2308).
    pub fn new(
        mname: Name,
        rname: Name,
        serial: Serial,
        refresh: Ttl,
        retry: Ttl,
        expire: Ttl,
        minimum: Ttl,
    ) -> Result<Soa, Error> {
        mname.check_host_name("the SOA's primary name server")?;
        Ok(Soa {
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minimum,
        })
    }

    /// The primary name server.
    pub fn mname(&self) -> &Name {
        &self.mname
    }

    /// The responsible mailbox, as a name.
    pub fn rname(&self) -> &Name {
        &self.rname
    }

    /// The serial.
    pub fn serial(&self) -> Serial {
        self.serial
    }

    /// The same SOA with another serial.
    pub fn with_serial(mut self, serial: Serial) -> Soa {
        self.serial = serial;
        self
    }

    /// How often secondaries check for a new serial.
    pub fn refresh(&self) -> Ttl {
        self.refresh
    }

    /// How soon secondaries retry a failed refresh.
    pub fn retry(&self) -> Ttl {
        self.retry
    }

    /// How long secondaries keep serving without a refresh.
    pub fn expire(&self) -> Ttl {
        self.expire
    }

    /// The negative-caching TTL.
    pub fn minimum(&self) -> Ttl {
        self.minimum
    }

    pub(crate) fn absolute(self, origin: &Name) -> Result<Soa, Error> {
        Ok(Soa {
            mname: self.mname.join(origin)?,
            rname: self.rname.join(origin)?,
            ..self
        })
    }
}
