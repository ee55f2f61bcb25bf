//! Ganeti: the provisioning script (the cluster's init, an instance per VM with resources), on the
//! cluster's master.

use vocabulary::Comment;

use super::{parse, refused};
use crate::diag::Diagnostic;
use crate::outputs::PROVISION;
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
    let primary = farm.nodes[cluster.primary].host.clone();
    let script = ProvisionScript {
        comments: vec![header.clone()],
        cluster: Some(init),
        instances: Vec::new(),
    };
    // Each instance written as it is made: no list of 100,000 of them.
    let mut out = String::with_capacity(512 + farm.vms.len() * 320);
    let written = |e| refused(file, e);
    script.write_head(&mut out).map_err(written)?;
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
            primary.clone(),
            None,
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
