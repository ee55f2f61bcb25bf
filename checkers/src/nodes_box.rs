//! Two nodes in a box: two rendered nodes brought up for real from their files alone, each in private
//! namespaces, joined by an interconnect; then a VM moved to the other node and the changed files brought up.

use std::path::Path;

use crate::run::{self, Failure, STEPS, Tool};

/// The box, run as `sh nodes_in_a_box.sh WORK` inside `unshare -n -m`.
const SCRIPT: &str = include_str!("nodes_in_a_box.sh");
/// A node brought up inside its namespaces.
const NODE_UP: &str = include_str!("node_up.sh");
/// A node's changed files brought up.
const NODE_RELOAD: &str = include_str!("node_reload.sh");

/// The trees of the two nodes, before and after a VM moves.
#[derive(Debug, Clone, Copy)]
pub struct NodesBox<'a> {
    /// The first render: the first node's tree, then the second's (each as under `/`).
    pub trees: [&'a Path; 2],
    /// The render after the move, in the same order.
    pub moved: [&'a Path; 2],
    /// What the box holds (the format is at the top of `nodes_in_a_box.sh`).
    pub spec: &'a str,
}

/// Brings up two nodes from their rendered trees and checks, step by step: the second node's named has
/// transferred every zone from the first, signed with the transfer key (a throwaway one, made once and
/// given to both, as the operator does), and both answer every A and PTR; every VM leases from its own
/// node's dhcpd; VMs on different nodes reach each other; the first node's nginx and DNAT reach the VMs of
/// the second; then the VM the spec moves is plugged into its new node once the changed files of the second
/// render are brought up (routes, Shorewall, nginx as they changed), leases there and stays reachable.
/// Nothing reaches the machine's own network, /etc or firewall; every process is stopped by its PID and
/// every namespace deleted, on failure too. Returns the steps passed; `Ok(None)` where it cannot run (not
/// root, a daemon missing), outside CI.
pub fn nodes_in_a_box(nodes: &NodesBox<'_>) -> Result<Option<String>, Failure> {
    let tool = Tool::Unshare;
    let needed = [run::BOX_TOOLS, &[Tool::Dhcpd, Tool::TsigKeygen]].concat();
    let Some(unshare) = run::in_namespaces_if_possible(tool, &needed)? else {
        return Ok(None);
    };
    let dir = run::temp_dir(tool)?;
    let work = dir.path();
    run::write(tool, &work.join("spec"), nodes.spec)?;
    run::write(tool, &work.join("steps.sh"), STEPS)?;
    run::write(tool, &work.join("box.sh"), SCRIPT)?;
    run::write(tool, &work.join("node-up.sh"), NODE_UP)?;
    run::write(tool, &work.join("node-reload.sh"), NODE_RELOAD)?;
    crate::r#box::write_dhclient_script(work)?;
    let named = [("tree1", nodes.trees[0]), ("tree2", nodes.trees[1])]
        .into_iter()
        .chain([("moved1", nodes.moved[0]), ("moved2", nodes.moved[1])]);
    for (name, tree) in named {
        std::os::unix::fs::symlink(tree, work.join(name))
            .map_err(|e| Failure::new(tool, format!("could not link the tree {name}: {e}")))?;
    }
    crate::r#box::run_box(&unshare, work, 240, "the nodes did not come up")
}
