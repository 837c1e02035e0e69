//! Who is asking: the address the per-client limits count against. Behind a load balancer every
//! request arrives from the balancer, so the client's own address is read from `Forwarded` or
//! `X-Forwarded-For`, but only when the request came from a proxy the deployment names in
//! `EVENKEEL_TRUSTED_PROXIES`. A header from anyone else is ignored: any client can write one.

use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;

/// The proxies whose forwarding headers are believed (CIDRs, e.g. `10.0.0.0/8, 127.0.0.1/32`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("EVENKEEL_TRUSTED_PROXIES: {0:?} is not an address or a CIDR range (e.g. 10.0.0.0/8 or 127.0.0.1)")]
pub struct BadProxyList(String);

impl TrustedProxies {
    /// Comma- or space-separated CIDRs; a bare address means just that address.
    pub fn parse(list: &str) -> Result<Self, BadProxyList> {
        list.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(|s| {
                IpNet::from_str(s)
                    .or_else(|_| IpAddr::from_str(s).map(IpNet::from))
                    .map_err(|_| BadProxyList(s.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn trusts(&self, addr: IpAddr) -> bool {
        let addr = addr.to_canonical();
        self.0.iter().any(|net| net.contains(&addr))
    }

    /// The client's address. The hops a trusted proxy reports are read from the right (the hop
    /// nearest us, which our own proxy wrote) leftwards, past every trusted proxy; the first hop
    /// that is not one of ours is the client. Anything to its left was written by the client and
    /// proves nothing. A hop that cannot be read ends the walk at the last proxy that could be.
    pub fn client(&self, peer: IpAddr, forwarded: Option<&str>, x_forwarded_for: Option<&str>) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = match (forwarded, x_forwarded_for) {
            (Some(header), _) => forwarded_for(header),
            (None, Some(header)) => header.split(',').map(str::trim).collect(),
            (None, None) => return peer,
        };
        let mut client = peer;
        for hop in hops.iter().rev() {
            match parse_hop(hop) {
                Some(addr) if self.trusts(addr) => client = addr,
                Some(addr) => return addr,
                None => return client,
            }
        }
        client
    }
}

/// The `for=` values of an RFC 7239 `Forwarded` header, in order.
fn forwarded_for(header: &str) -> Vec<&str> {
    header
        .split(',')
        .flat_map(|element| element.split(';'))
        .filter_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            name.trim().eq_ignore_ascii_case("for").then(|| value.trim().trim_matches('"'))
        })
        .collect()
}

/// One hop: `203.0.113.5`, `203.0.113.5:4711`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse::<IpAddr>().ok());
    }
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.rsplit_once(':').and_then(|(ip, _)| ip.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)))
        .map(|addr| addr.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies() -> TrustedProxies {
        TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap()
    }

    #[test]
    fn a_header_from_an_untrusted_peer_is_ignored() {
        let nobody = TrustedProxies::default();
        assert_eq!(nobody.client(ip("127.0.0.1"), None, Some("203.0.113.5")), ip("127.0.0.1"));
        assert_eq!(proxies().client(ip("198.51.100.9"), None, Some("203.0.113.5")), ip("198.51.100.9"));
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client_whatever_the_client_wrote_before_it() {
        // The client claimed 1.2.3.4; our balancer at 10.0.0.2 appended the address it saw.
        let client = proxies().client(ip("10.0.0.2"), None, Some("1.2.3.4, 203.0.113.5, 10.0.0.7"));
        assert_eq!(client, ip("203.0.113.5"));
    }

    #[test]
    fn forwarded_is_read_before_x_forwarded_for_with_ports_and_ipv6() {
        let header = r#"for=1.2.3.4, for="[2001:db8::1]:4711";proto=https, for=10.0.0.7"#;
        assert_eq!(proxies().client(ip("127.0.0.1"), Some(header), Some("9.9.9.9")), ip("2001:db8::1"));
        assert_eq!(proxies().client(ip("127.0.0.1"), None, Some("203.0.113.5:51000")), ip("203.0.113.5"));
    }

    #[test]
    fn an_unreadable_hop_stops_at_the_last_proxy_that_was_readable() {
        assert_eq!(proxies().client(ip("127.0.0.1"), None, Some("unknown, 10.0.0.7")), ip("10.0.0.7"));
        assert_eq!(proxies().client(ip("127.0.0.1"), Some("for=_hidden"), None), ip("127.0.0.1"));
        assert_eq!(proxies().client(ip("127.0.0.1"), None, None), ip("127.0.0.1"));
    }

    #[test]
    fn an_ipv4_peer_seen_as_ipv6_is_still_recognised() {
        assert_eq!(proxies().client(ip("::ffff:127.0.0.1"), None, Some("203.0.113.5")), ip("203.0.113.5"));
    }

    #[test]
    fn the_list_is_checked_when_read() {
        assert_eq!(TrustedProxies::parse("").unwrap(), TrustedProxies::default());
        assert_eq!(TrustedProxies::parse("10.0.0.0/8 not-a-net"), Err(BadProxyList("not-a-net".into())));
    }
}
