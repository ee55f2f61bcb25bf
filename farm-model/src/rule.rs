//! The rules a plan can break, one variant each: what a [`Diagnostic`](crate::Diagnostic) names besides
//! its message, for tools and tests to match, and the headings of `docs/plan-errors.md`.

/// Declares [`Rule`]: each variant with its title (its first doc line and its heading in the catalogue of
/// errors), in the catalogue's order, and [`Rule::ALL`] listing them.
macro_rules! rules {
    ($($(#[doc = $doc:literal])* $variant:ident => $title:literal,)*) => {
        /// A rule a plan can break: what a [`Diagnostic`](crate::Diagnostic) found wrong, whatever its
        /// message says. New rules come as a plan's checks grow, hence `#[non_exhaustive]`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Rule {
            $(#[doc = $title] #[doc = ""] $(#[doc = $doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the catalogue of errors.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule in one line, as the catalogue of errors heads it.
            pub const fn title(self) -> &'static str {
                match self {
                    $(Rule::$variant => $title,)*
                }
            }
        }
    };
}

rules! {
    Syntax => "A plan is TOML or JSON",
    UnknownKey => "A key the format does not know",
    MissingKey => "A required key is missing",
    WrongKind => "A value of the wrong kind",
    AbsoluteName => "A name in a plan is relative to the domain: no trailing dot",
    /// Each type's own rule, as its message says: a name's labels, a duration, a MAC, a size, a keyword
    /// among those listed, and the like.
    BadValue => "A value its type refuses",
    OutOfRange => "A number is inside its range",
    /// A network's `cidr`, `local.blackhole`, `dhcp.subnet`, a reverse zone's prefix.
    HostBits => "A prefix has no host bits",
    NetworksOverlap => "Networks do not overlap",
    DuplicateNetwork => "A network is defined once",
    ReverseOctets => "A reverse zone is octet-aligned",
    /// The bridge, an uplink, an interconnect.
    FirewallInterface => "An interface is one Shorewall takes, not lo",
    Alias => "The bridge, an uplink or an interconnect is a real interface; the local interface an alias",
    UplinkIsBridge => "The uplink is not the bridge",
    ZoneFileShared => "Every zone has a file of its own",
    /// A zone's file, a node's folder.
    FileNameTooLong => "A file named after the plan fits the file system (255 bytes)",
    NameTooLong => "A name with its domain is at most 253 characters",
    /// Over IPv4 (`dns.reverse`) and IPv6 (`dns.reverse6`).
    OutsideReverseZone => "Every VM and node address is inside a reverse zone",
    /// A VM's address in its network, a node's `uplink_address` in its own.
    OutsideNetwork => "An address is a host address of its network",
    DuplicateAddress => "An address is used once in the farm",
    DuplicateName => "A name is used once in the farm",
    /// A node's address, the cluster's.
    OutsideNodesNetwork => "Nodes are in the nodes network",
    GatewayOutside => "The gateway is inside the uplink's network",
    Prefix6 => "A node's prefix6 is an IPv6 /64 of its own, apart from its uplink's address",
    UplinkKeys => "A node's uplink keys come together: gateway with uplink_address, prefix6 with uplink_address6 and gateway6",
    Gateway6 => "gateway6 is link-local or inside the uplink's IPv6 network",
    ReverseNibbles => "An ip6.arpa zone is nibble-aligned",
    NameServerHost => "The name server runs on the farm's hosts",
    DhcpSubnet => "dhcp.subnet holds the bridge and every VM",
    KeaSubnetId => "Kea numbers a VM's subnet by its address: not 0.0.0.0 nor 255.255.255.255",
    /// A VM's `node` or `secondary`, a holder of a public address.
    UnknownNode => "A node named is a node of the plan",
    UnknownNetwork => "A VM's network exists: the one it names, or `vms`, or the only other than `nodes`",
    NetworkFull => "A network has an address for every VM it holds",
    NoNodes => "A plan has nodes, and a network named `nodes` for their addresses",
    DuplicateMac => "A MAC is used once",
    /// A VM's name, a public address's.
    ParamCollision => "Shorewall params do not collide",
    Resources => "A VM with resources has memory, disk and an OS",
    NoHypervisor => "A cluster enables a hypervisor",
    /// A forward's or a site's `via`, a holder's address.
    UnknownPublicAddress => "A public address named is one of the plan",
    NoPublicAddress => "A forward goes through one public address: the one it names, or the only one",
    DuplicateForward => "A public port is forwarded once per address and protocol",
    /// nginx listens on every address of its node: a forward of tcp 80, or of tcp 443 where an HTTPS site
    /// is served, on the public address a site names in `via` would take the site's traffic (and its
    /// certificate's HTTP-01 challenges) to the VM.
    PortOfSites => "Port 80, and 443 for an HTTPS site, of the public address a site is served through is nginx's",
    DuplicateServerName => "A server name is proxied once",
    TlsName => "An HTTPS site has a name HTTP-01 can prove (no wildcard)",
    TlsEmail => "An HTTPS site needs the ACME account's e-mail address",
    VmNode => "With several nodes, every VM names its node",
    SecondaryIsOwnNode => "A VM's secondary is another node than its own",
    DrbdWithoutSecondary => "drbd needs a secondary",
    SecondaryWithoutDrbd => "A secondary is for drbd only",
    NoInterconnect => "With several nodes, every node has an interconnect",
    InterconnectShared => "The interconnect is neither the uplink nor the bridge",
    Memory => "A node's VMs fit its memory, less the reserve",
    NPlusOne => "A node fits its own VMs and the DRBD VMs of a failed node (N+1)",
    VolumeGroup => "A node's disks and their DRBD metadata fit its volume group",
    /// Not a rule of the plan's text: the name it is rendered under.
    PlanFileName => "The plan's file name holds no control character: every file's first comment says it",
    /// Never a plan's fault: a value the checks let through that a format crate refused.
    Internal => "What farm-model's checks let through, the files take",
}

impl std::fmt::Display for Rule {
    /// The title.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    /// Every rule once in [`Rule::ALL`], each with a title of its own on one line.
    #[test]
    fn every_rule_is_listed_once_with_a_title_of_its_own() {
        let mut titles: Vec<&str> = Rule::ALL.iter().map(|r| r.title()).collect();
        assert!(titles.iter().all(|t| !t.is_empty() && !t.contains('\n')));
        titles.sort_unstable();
        titles.dedup();
        assert_eq!(titles.len(), Rule::ALL.len());
    }
}
