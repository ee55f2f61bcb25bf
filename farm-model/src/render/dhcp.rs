//! ISC dhcpd: dhcpd.conf (the subnet and a reservation per VM) and the server's defaults file.

use std::net::Ipv4Addr;

use vocabulary::Comment;

use super::{host, parse, refused};
use crate::Farm;
use crate::diag::Diagnostic;
use crate::outputs::{DHCPD_CONF, DHCPD_DEFAULTS};
use crate::plan::FixedAddress;

pub(super) fn dhcpd(farm: &Farm, header: &Comment) -> Result<String, Box<Diagnostic>> {
    use dhcpd_conf::{Config, Declaration, DhcpOption, Globals, Group, Host, Subnet};
    let file = &DHCPD_CONF.path("");
    let plan = &farm.plan;
    let host32 = DhcpOption::SubnetMask(Ipv4Addr::BROADCAST);
    let mut hosts = Vec::with_capacity(farm.vms.len());
    for placed in &farm.vms {
        let name = placed.host.clone();
        let fixed = match farm.fixed_address {
            FixedAddress::Address => dhcpd_conf::FixedAddress::Address(placed.address),
            FixedAddress::Name => dhcpd_conf::FixedAddress::Name(name.clone()),
        };
        let h = Host::new(name, placed.mac.get(), Some(fixed), vec![host32.clone()])
            .map_err(|e| refused(file, e))?;
        hosts.push(Declaration::Host(h));
    }
    let globals = Globals {
        comments: vec![header.clone()],
        authoritative: true,
        default_lease_time: Some(600),
        max_lease_time: Some(7200),
        ddns_update_style: Some(dhcpd_conf::DdnsUpdateStyle::None),
        log_facility: None,
        options: Vec::new(),
    };
    let group = Group {
        options: vec![
            DhcpOption::DomainName(parse(file, host(&farm.domain))?),
            DhcpOption::Routers(vec![plan.bridge.address]),
            DhcpOption::DomainNameServers(vec![plan.dns.nameserver_address]),
        ],
        declarations: hosts,
    };
    let subnet = Subnet::new(farm.dhcp_subnet, None, Vec::new()).map_err(|e| refused(file, e))?;
    let config = Config::new(
        globals,
        vec![Declaration::Subnet(subnet), Declaration::Group(group)],
    )
    .map_err(|e| refused(file, e))?;
    let mut out = String::with_capacity(config.size_hint());
    config.write_to(&mut out).map_err(|e| refused(file, e))?;
    Ok(out)
}

pub(super) fn defaults(farm: &Farm, header: &Comment) -> Result<String, Box<Diagnostic>> {
    let file = &DHCPD_DEFAULTS.path("");
    let defaults = dhcpd_conf::Defaults {
        comments: vec![header.clone()],
        interfaces_v4: vec![parse(file, farm.plan.bridge.name.as_str())?],
        interfaces_v6: Vec::new(),
    };
    Ok(defaults.to_string())
}
