//! Ganeti: the provisioning script (the cluster's init, an instance per VM with resources), on the
//! cluster's master.

use vocabulary::Comment;

use super::{NodeFiles, parse, refused, text};
use crate::diag::Diagnostic;
use crate::outputs::{DRBD_CONF, DRBD_MODPROBE, PROVISION};
use crate::{Farm, NodeForm};

pub(super) fn provision(
    farm: &Farm,
    node: &NodeForm,
    header: &Comment,
) -> Result<Option<String>, Box<Diagnostic>> {
    use ::ganeti::{ClusterInit, InstanceAdd, Nic, ProvisionScript};
    let file = &PROVISION.path("");
    let plan = &farm.plan;
    let Some(cluster) = farm.cluster.as_ref().filter(|_| node.cluster_master) else {
        return Ok(None);
    };
    let r = |e: ::ganeti::Error| refused(file, e);
    let mut init =
        ClusterInit::new(cluster.host.clone(), cluster.hypervisors.clone()).map_err(r)?;
    init.no_etc_hosts = true;
    init.nic_link = Some(parse(file, plan.bridge.name.as_str())?);
    init.master_netdev = Some(parse(file, plan.bridge.name.as_str())?);
    init.volume_group = Some(cluster.volume_group.clone());
    init.enabled_disk_templates = cluster.disk_templates.clone();
    init.drbd_helper_true = farm.drbd;
    let script = ProvisionScript {
        comments: vec![header.clone()],
        cluster: Some(init),
        instances: Vec::new(),
    };
    // Each instance written as it is made: no list of 100,000 of them.
    let mut out = String::with_capacity(512 + farm.vms.len() * 320);
    let written = |e| refused(file, e);
    script.write_head(&mut out).map_err(written)?;
    for &joining in &cluster.joining {
        let add = ::ganeti::NodeAdd::new(farm.nodes[joining].host.clone());
        ProvisionScript::write_node(&mut out, &add).map_err(written)?;
    }
    for (as_written, placed) in plan.vms.iter().zip(&farm.vms) {
        let (Some(vm), Some(os)) = (&placed.instance, &as_written.os) else {
            continue;
        };
        let mut add = InstanceAdd::new(
            placed.host.clone(),
            vm.disk_template,
            vec![vm.disk],
            vm.memory,
            vm.vcpus,
            farm.nodes[placed.node].host.clone(),
            placed.secondary.map(|s| farm.nodes[s].host.clone()),
            os.clone(),
        )
        .map_err(r)?
        .with_nics(vec![Nic::new(placed.mac.get(), None).map_err(r)?]);
        if !as_written.hypervisor.is_empty() {
            let params = as_written
                .hypervisor
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            add = add.with_hypervisor(cluster.hypervisor, params).map_err(r)?;
        }
        ProvisionScript::write_instance(&mut out, &add).map_err(written)?;
    }
    Ok(Some(out))
}

/// DRBD as Ganeti wants it, on every node when a VM uses DRBD: the module's options, and DRBD's own
/// configuration left empty.
pub(super) fn drbd(header: &Comment) -> NodeFiles {
    let modprobe = ::ganeti::DrbdModprobe {
        comments: vec![header.clone()],
        minor_count: 128,
    };
    let conf = ::ganeti::EmptyDrbdConf {
        comments: vec![header.clone()],
    };
    vec![
        text(&DRBD_MODPROBE.path(""), modprobe.to_string()),
        text(&DRBD_CONF.path(""), conf.to_string()),
    ]
}
