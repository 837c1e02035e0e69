//! Who is asking: the address the per-client limits count against. Behind a load balancer every
//! request arrives from the balancer, so the client's own address is read from the one header the
//! balancer writes (`EVENKEEL_FORWARDED_HEADER`: `X-Forwarded-For` or `Forwarded`), but only when
//! the request came from a proxy the deployment names in `EVENKEEL_TRUSTED_PROXIES`. A header from
//! anyone else is ignored: any client can write one. Only one header is ever read, because a
//! balancer passes on the other as the client wrote it: were both read, a client behind an
//! `X-Forwarded-For` balancer could name itself anew in `Forwarded` at every try.

use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;

/// The proxies whose forwarding headers are believed (CIDRs, e.g. `10.0.0.0/8, 127.0.0.1/32`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// The header the trusted proxies write the client's address in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For`: what nginx, HAProxy, Caddy and most cloud balancers append.
    #[default]
    #[value(name = "x-forwarded-for")]
    XForwardedFor,
    /// RFC 7239 `Forwarded` (`for=`).
    #[value(name = "forwarded")]
    Forwarded,
}

impl ForwardedHeader {
    pub fn name(self) -> &'static str {
        match self {
            Self::XForwardedFor => "x-forwarded-for",
            Self::Forwarded => "forwarded",
        }
    }

    /// The hops the header lists, in order (the client's first, the nearest proxy's last).
    fn hops(self, value: &str) -> Vec<&str> {
        match self {
            Self::XForwardedFor => value.split(',').map(str::trim).collect(),
            Self::Forwarded => forwarded_for(value),
        }
    }
}

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
    /// `value` is the request's `header`, if it has one.
    pub fn client(&self, peer: IpAddr, header: ForwardedHeader, value: Option<&str>) -> IpAddr {
        let peer = peer.to_canonical();
        let Some(value) = value.filter(|_| self.trusts(peer)) else { return peer };
        let mut client = peer;
        for hop in header.hops(value).iter().rev() {
            match parse_hop(hop) {
                Some(addr) if self.trusts(addr) => client = addr,
                Some(addr) => return addr,
                None => return client,
            }
        }
        client
    }
}

/// What the server needs to tell who is asking: whom to believe, and which header they write.
#[derive(Debug, Clone, Default)]
pub struct Forwarding {
    pub proxies: TrustedProxies,
    pub header: ForwardedHeader,
}

impl Forwarding {
    /// The client's address; `header_value` reads a header of the request by name.
    pub fn client<'a>(&self, peer: IpAddr, header_value: impl Fn(&str) -> Option<&'a str>) -> IpAddr {
        self.proxies.client(peer, self.header, header_value(self.header.name()))
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

    const XFF: ForwardedHeader = ForwardedHeader::XForwardedFor;

    fn proxies() -> TrustedProxies {
        TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap()
    }

    #[test]
    fn a_header_from_an_untrusted_peer_is_ignored() {
        let nobody = TrustedProxies::default();
        assert_eq!(nobody.client(ip("127.0.0.1"), XFF, Some("203.0.113.5")), ip("127.0.0.1"));
        assert_eq!(proxies().client(ip("198.51.100.9"), XFF, Some("203.0.113.5")), ip("198.51.100.9"));
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client_whatever_the_client_wrote_before_it() {
        // The client claimed 1.2.3.4; our balancer at 10.0.0.2 appended the address it saw.
        let client = proxies().client(ip("10.0.0.2"), XFF, Some("1.2.3.4, 203.0.113.5, 10.0.0.7"));
        assert_eq!(client, ip("203.0.113.5"));
    }

    #[test]
    fn forwarded_is_read_with_ports_and_ipv6() {
        let header = r#"for=1.2.3.4, for="[2001:db8::1]:4711";proto=https, for=10.0.0.7"#;
        assert_eq!(proxies().client(ip("127.0.0.1"), ForwardedHeader::Forwarded, Some(header)), ip("2001:db8::1"));
        assert_eq!(proxies().client(ip("127.0.0.1"), XFF, Some("203.0.113.5:51000")), ip("203.0.113.5"));
    }

    /// The server reads one header, so what the client wrote in the other never counts: behind an
    /// `X-Forwarded-For` balancer a client's own `Forwarded: for=...` names nobody.
    #[test]
    fn only_the_configured_header_is_read() {
        assert_eq!(ForwardedHeader::default(), XFF);
        let request = [("forwarded", "for=192.0.2.99"), ("x-forwarded-for", "203.0.113.5")];
        let value =
            |header: ForwardedHeader| request.iter().find(|(name, _)| *name == header.name()).map(|(_, value)| *value);
        let read = |header| proxies().client(ip("127.0.0.1"), header, value(header));
        assert_eq!(read(XFF), ip("203.0.113.5"));
        assert_eq!(read(ForwardedHeader::Forwarded), ip("192.0.2.99"));
    }

    #[test]
    fn an_unreadable_hop_stops_at_the_last_proxy_that_was_readable() {
        assert_eq!(proxies().client(ip("127.0.0.1"), XFF, Some("unknown, 10.0.0.7")), ip("10.0.0.7"));
        assert_eq!(proxies().client(ip("127.0.0.1"), ForwardedHeader::Forwarded, Some("for=_hidden")), ip("127.0.0.1"));
        assert_eq!(proxies().client(ip("127.0.0.1"), XFF, None), ip("127.0.0.1"));
    }

    #[test]
    fn an_ipv4_peer_seen_as_ipv6_is_still_recognised() {
        assert_eq!(proxies().client(ip("::ffff:127.0.0.1"), XFF, Some("203.0.113.5")), ip("203.0.113.5"));
    }

    #[test]
    fn the_list_is_checked_when_read() {
        assert_eq!(TrustedProxies::parse("").unwrap(), TrustedProxies::default());
        assert_eq!(TrustedProxies::parse("10.0.0.0/8 not-a-net"), Err(BadProxyList("not-a-net".into())));
    }
}
