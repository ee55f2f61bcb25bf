//! ifupdown and the hosts file: /etc/network/interfaces (the uplink with its public addresses, the bridge
//! with its routes, the local alias) and /etc/hosts.

use std::net::{IpAddr, Ipv4Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use vocabulary::Comment;

use super::{parse, refused};
use crate::diag::Diagnostic;
use crate::outputs::{HOSTS, INTERFACES};
use crate::{Farm, NodeForm};

pub(super) fn interfaces(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
) -> Result<String, Box<Diagnostic>> {
    use netif::{Bridge, BridgePorts, Hook, Iface, Interfaces, IpCommand, Method, Stanza, Static};
    let file = &INTERFACES.path("");
    let plan = &farm.plan;
    let host32 = |a: Ipv4Addr| Ipv4Net::new(a, 32).map_err(|e| refused(file, e));
    let mut stanzas = vec![Stanza::Source(parse(file, "/etc/network/interfaces.d/*")?)];
    let mut add = |iface: Iface| {
        stanzas.push(Stanza::Auto(vec![iface.name().clone()]));
        stanzas.push(Stanza::Iface(iface));
    };
    add(
        Iface::new(parse(file, "lo")?, Method::Loopback, None, Vec::new())
            .map_err(|e| refused(file, e))?,
    );

    let method = match node.uplink_address {
        Some(address) => {
            Method::Static(Static::new(address, node.gateway).map_err(|e| refused(file, e))?)
        }
        None => Method::Dhcp,
    };
    // With one node, its address is a /32 on the uplink (as the seed had it); with several, it is on the
    // interconnect.
    let mut hooks = Vec::new();
    if node.interconnect.is_none() {
        hooks.push(Hook::Up(IpCommand::addr(
            IpNet::V4(host32(node.address)?),
            node.uplink.clone(),
        )));
    }
    for &public in &node.public {
        hooks.push(Hook::Up(IpCommand::addr(
            IpNet::V4(host32(farm.public[public].address)?),
            node.uplink.clone(),
        )));
    }
    add(Iface::new(node.uplink.clone(), method, None, hooks).map_err(|e| refused(file, e))?);

    if let Some(link) = &node.interconnect {
        // Each VM living on another node is reached through that node.
        let mut routes = Vec::new();
        for vm in farm.vms.iter().filter(|vm| vm.node != node.index) {
            let via = farm.nodes[vm.node].address;
            routes.push(Hook::Up(
                IpCommand::route_via(IpNet::V4(host32(vm.address)?), IpAddr::V4(via))
                    .map_err(|e| refused(file, e))?,
            ));
        }
        add(Iface::new(
            link.interface.clone(),
            Method::Static(Static::new(link.address, None).map_err(|e| refused(file, e))?),
            None,
            routes,
        )
        .map_err(|e| refused(file, e))?);
    }

    let bridge = &plan.bridge;
    let route_hooks = node
        .routes
        .iter()
        .map(|net| IpCommand::route_dev(IpNet::V4(*net), bridge.name.clone()).map(Hook::Up))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refused(file, e))?;
    add(Iface::new(
        bridge.name.clone(),
        Method::Static(Static::new(host32(bridge.address)?, None).map_err(|e| refused(file, e))?),
        Some(Bridge {
            ports: BridgePorts::None,
            stp: Some(bridge.stp),
            maxwait: bridge.maxwait,
            fd: None,
        }),
        route_hooks,
    )
    .map_err(|e| refused(file, e))?);

    if let Some(local) = &plan.local {
        let hooks = match local.blackhole {
            Some(b) => vec![Hook::Up(
                IpCommand::blackhole(IpNet::V4(b)).map_err(|e| refused(file, e))?,
            )],
            None => Vec::new(),
        };
        add(Iface::new(
            local.interface.clone(),
            Method::Static(
                Static::new(host32(local.address)?, None).map_err(|e| refused(file, e))?,
            ),
            None,
            hooks,
        )
        .map_err(|e| refused(file, e))?);
    }
    inet6(&mut stanzas, farm, node, file)?;
    let comments = vec![header.clone()];
    Ok(Interfaces::new(comments, stanzas)
        .map_err(|e| refused(file, e))?
        .to_string())
}

/// The IPv6 side of a node with `prefix6`: the uplink's static address and gateway, the bridge's
/// `<prefix>::1/64`, each stanza after its interface's `inet` one.
fn inet6(
    stanzas: &mut Vec<netif::Stanza>,
    farm: &Farm,
    node: &NodeForm,
    file: &str,
) -> Result<(), Box<Diagnostic>> {
    use netif::{Iface6, Stanza, Static6};
    let mut six = Vec::new();
    if let Some(address) = node.uplink_address6 {
        let method = Static6::new(address, node.gateway6).map_err(|e| refused(file, e))?;
        six.push(Iface6::new(node.uplink.clone(), method).map_err(|e| refused(file, e))?);
    }
    if let Some(bridge) = node.bridge_address6 {
        let address = Ipv6Net::new(bridge, 64).map_err(|e| refused(file, e))?;
        let method = Static6::new(address, None).map_err(|e| refused(file, e))?;
        six.push(Iface6::new(farm.plan.bridge.name.clone(), method).map_err(|e| refused(file, e))?);
    }
    for iface in six {
        let at = (stanzas.iter())
            .position(|s| matches!(s, Stanza::Iface(i) if i.name() == iface.name()))
            .map_or(stanzas.len(), |i| i + 1);
        stanzas.insert(at, Stanza::Iface6(iface));
    }
    Ok(())
}

pub(super) fn hosts(node: &NodeForm, header: &Comment) -> Result<String, Box<Diagnostic>> {
    let file = &HOSTS.path("");
    let entry = netif::HostsEntry::new(
        IpAddr::V4(node.address),
        vec![node.host.clone(), node.short.clone()],
    )
    .map_err(|e| refused(file, e))?;
    let comments = vec![header.clone()];
    Ok(netif::Hosts::with_localhost(comments, vec![entry])
        .map_err(|e| refused(file, e))?
        .to_string())
}
