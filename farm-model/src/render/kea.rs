//! Kea: kea-dhcp4.conf, the same reservations and options as dhcpd's, with a /32 subnet per VM.
//!
//! Kea computes the mask it sends from the subnet and ignores a `subnet-mask` option, so each VM has a
//! /32 subnet of its own holding its reservation, all in one shared network on the bridge; the router,
//! name server and domain are global options. Kea keys its leases on the subnet id: each VM's is its
//! address as a 32-bit number (10.10.60.2 is 168442882), which survives VMs being added or removed.

use kea_conf::{
    Comment, Config, ControlSocket, DhcpOption, FilePath, HwAddress, LeaseDatabase, Lifetimes,
    LogOutput, Logger, Reservation, Severity, SharedNetwork, Subnet, SubnetId,
};

use super::{host, parse, refused};
use crate::Farm;
use crate::diag::Diagnostic;
use crate::outputs::KEA_DHCP4_CONF;

/// The lease file, as Debian's kea-dhcp4-server has it (Kea 2.6.3 and later refuse one outside
/// `/var/lib/kea`).
pub(super) const LEASE_FILE: &str = "/var/lib/kea/kea-leases4.csv";
/// The control socket, as Debian ships it (Kea 2.6.3 and later refuse one outside `/run/kea`).
pub(super) const CONTROL_SOCKET: &str = "/run/kea/kea4-ctrl-socket";
/// How often Kea compacts the lease file, in seconds, as Debian ships it.
const LFC_INTERVAL: u32 = 3600;
/// The lease time, as dhcpd's `default-lease-time`.
const VALID_LIFETIME: u32 = 600;

pub(super) fn kea(farm: &Farm, header: &Comment) -> Result<String, Box<Diagnostic>> {
    let file = &KEA_DHCP4_CONF.path("");
    let plan = &farm.plan;
    let err = |e: kea_conf::Error| refused(file, e);
    let bridge = plan.bridge.name.as_str();
    let mut network = SharedNetwork::builder(parse(file, bridge)?, parse(file, bridge)?);
    for placed in &farm.vms {
        let reservation = Reservation::new(
            HwAddress::new(placed.mac.get()).map_err(err)?,
            placed.address,
        )
        .with_hostname(placed.host.clone());
        let id = SubnetId::new(u32::from(placed.address)).map_err(err)?;
        network = network.subnet(Subnet::for_host(id, reservation));
    }
    let config = Config::builder([parse(file, bridge)?])
        .comment(header.clone())
        .control_socket(
            ControlSocket::unix(FilePath::new(CONTROL_SOCKET).map_err(err)?).map_err(err)?,
        )
        .lease_database(
            LeaseDatabase::memfile()
                .with_file(FilePath::new(LEASE_FILE).map_err(err)?)
                .with_lfc_interval(LFC_INTERVAL),
        )
        .authoritative(true)
        .lifetimes(Lifetimes::from_valid(VALID_LIFETIME).map_err(err)?)
        .option(DhcpOption::Routers(vec![plan.bridge.address]))
        .option(DhcpOption::DomainNameServers(vec![
            plan.dns.nameserver_address,
        ]))
        .option(DhcpOption::DomainName(parse(file, host(&farm.domain))?))
        .shared_network(network.build().map_err(err)?)
        .logger(Logger::new(LogOutput::Stdout, Severity::Info))
        .build()
        .map_err(err)?;
    Ok(config.to_string())
}
