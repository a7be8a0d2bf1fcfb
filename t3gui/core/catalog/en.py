"""Findings catalog, English."""

from dataclasses import replace

from t3gui.core.catalog.entry import E, Entry
from t3gui.core.codes import Code as C

# What each stage of the T3 conversation means to the user, quoted by T3_NO_RESPONSE and
# T3_CONNECTION_CLOSED through their evidence (zh_CN translates each in its WORDS).
STAGE_STEPS = {"hello": "the T3 greeting", "auth": "the login", "status": "the status request",
               "heartbeat": "the heartbeats"}
STAGE_MEANINGS = {
    (C.T3_NO_RESPONSE, "hello"): "the T3 service may be hung or overloaded",
    (C.T3_NO_RESPONSE, "auth"): "its sign-in service may be down",
    (C.T3_NO_RESPONSE, "status"): "the T3 service may be hung or overloaded",
    (C.T3_NO_RESPONSE, "heartbeat"): "a logged-in client would soon be disconnected",
    (C.T3_CONNECTION_CLOSED, "hello"): "the T3 service may be refusing clients, crashing or restarting",
    (C.T3_CONNECTION_CLOSED, "auth"): "its sign-in service may have crashed, or it refused the login without a reason",
    (C.T3_CONNECTION_CLOSED, "status"): "the T3 service may have crashed or restarted",
    (C.T3_CONNECTION_CLOSED, "heartbeat"): "a logged-in client would be disconnected",
}
# How a connection ended, for T3_CONNECTION_CLOSED's evidence.
CLOSE_HOW = {"closed": "closed by the server", "reset": "reset without a goodbye", "tls": "ended by a TLS error"}

CATALOG: dict[C, Entry] = {
    C.NO_NETWORK: E(
        "No network connection",
        "This computer has no network route out (interfaces up: {interfaces}).",
        "Login fails because this computer is not connected to any network.",
        "Your computer is not connected to a network.",
        "No default route and no non-loopback interface with an address.",
        "Connect to Wi-Fi or plug in the network cable, then try again.",
        windows="Open Settings > Network & Internet and connect; check that airplane mode is off.",
        macos="Open System Settings > Network and connect; check that Wi-Fi is on.",
    ),
    C.PROXY_CONFIGURED: E(
        "A proxy is configured",
        "A proxy is set ({proxy}, from {source}); T3 connects directly and may be blocked or intercepted.",
        "Connections may fail because a proxy is configured on this computer.",
        "This computer is set to send traffic through a proxy server.",
        "Proxy from {source}: {proxy}. T3 does not use HTTP proxies; direct egress must be allowed.",
        "Ask your IT department to allow direct connections to the T3 server, or add it to the proxy bypass list.",
        windows="Settings > Network & internet > Proxy > Manual proxy setup > Edit: add the server's name to "
                "'Use the proxy server except for addresses that start with'.",
        macos="System Settings > Network > (your network) > Details > Proxies: add the server's name to "
              "'Bypass proxy settings for these hosts & domains'.",
        linux="Add the server's name to NO_PROXY (for example in ~/.profile), or to the desktop's proxy "
              "exceptions.",
    ),
    C.VPN_ACTIVE: E(
        "A VPN is active",
        "A VPN interface is up ({interfaces}); T3 traffic may take the VPN's path.",
        "Connections may behave differently because a VPN is active.",
        "A VPN connection is active on this computer.",
        "VPN-like interfaces up: {interfaces}. Check split tunnelling and the VPN's MTU.",
        "If the problem goes away with the VPN disconnected, ask the VPN administrator to allow the T3 server.",
    ),
    C.DNS_NXDOMAIN: E(
        "The server name does not exist",
        "The resolver {resolver} says {host} does not exist (NXDOMAIN).",
        "Login fails because the server name {host} does not exist in DNS.",
        "The server name could not be found. It may be mistyped.",
        "NXDOMAIN for {host} from {resolver}.",
        "Check the spelling of the server name; if it is right, ask your administrator to add it to DNS.",
    ),
    C.DNS_NO_ADDRESS: E(
        "The server name has no address",
        "{host} exists but has no IPv4 or IPv6 address at {resolver}.",
        "Login fails because the server name {host} has no address in DNS.",
        "The server name is known but points to no address.",
        "NOERROR/NODATA for A and AAAA of {host} from {resolver}.",
        "Ask the server's administrator to publish an A or AAAA record for {host}.",
    ),
    C.DNS_TIMEOUT: E(
        "The name server does not answer",
        "The resolver {resolver} did not answer for {host} within {timeout_s} s.",
        "Login fails because the name server does not answer.",
        "Looking up the server name took too long.",
        "No DNS answer from {resolver} within {timeout_s} s.",
        "Check the network connection and the DNS server settings; try again in a few minutes.",
        windows="Run 'ipconfig /flushdns' and check the DNS servers in the network adapter settings.",
        macos="Run 'sudo dscacheutil -flushcache' and check the DNS servers in System Settings > Network.",
    ),
    C.DNS_SERVFAIL: E(
        "The name server failed",
        "The resolver {resolver} answered SERVFAIL for {host}.",
        "Login fails because the name server cannot resolve {host}.",
        "The name server reported an error for the server name.",
        "SERVFAIL for {host} from {resolver}: broken delegation, DNSSEC failure or an upstream outage.",
        "Try again later; if it persists, ask the DNS administrator to check the zone of {host}.",
    ),
    C.DNS_MISMATCH: E(
        "Name servers disagree",
        "For {host}, the system resolver says {system} but {resolver} says {other}.",
        "Connections may fail because name servers give different addresses for {host}.",
        "Different name servers give different addresses for the server.",
        "System resolver: {system}; {resolver}: {other}. Split-horizon DNS, a stale cache or a hijack.",
        "Ask your administrator which address is right for {host}, and fix the other name server.",
    ),
    C.HOST_UNREACHABLE: E(
        "The server cannot be reached",
        "No route to {address} ({error}).",
        "Login fails because the server at {address} cannot be reached from this network.",
        "Your computer cannot reach the server over the network.",
        "Connecting to {address} failed: {error}.",
        "Check the network connection and any VPN; ask the network administrator for a route to {address}.",
    ),
    C.TCP_REFUSED: E(
        "The server refuses the connection",
        "{address} refused connections on port {port}.",
        "Login fails because nothing accepts connections on port {port} at {address}.",
        "The server is reachable but the T3 service is not accepting connections.",
        "TCP RST for {address}:{port}: the service is down or listens on another port.",
        "Check that the T3 server is running and listens on port {port}; check the port in your settings.",
    ),
    C.TCP_FILTERED: E(
        "The connection is blocked",
        "Connections to {address} port {port} got no answer within {timeout_s} s (filtered).",
        "Login fails because a firewall silently drops connections to port {port}.",
        "A firewall appears to block the connection to the server.",
        "SYN to {address}:{port} unanswered for {timeout_s} s while the host is otherwise reachable or silent.",
        "Ask your IT department to allow outgoing TCP port {port} to the T3 server.",
    ),
    C.UDP_BLOCKED: E(
        "UDP is blocked",
        "The control channel works, but none of {sent} heartbeats to UDP port {udp_port} came back.",
        "The connection is degraded because UDP port {udp_port} is blocked.",
        "Part of the connection (UDP) is blocked; the app works in a slower fallback mode.",
        "Authenticated heartbeats to {address}:{udp_port}/udp were never answered; TCP fallback works.",
        "Ask your IT department to allow outgoing UDP port {udp_port} to the T3 server.",
    ),
    C.ICMP_BLOCKED: E(
        "Ping is blocked",
        "{address} did not answer any of {sent} pings, though it accepts connections.",
        "Ping is blocked on the way to the server.",
        "The server does not answer ping; this alone does not stop the app.",
        "ICMP echo to {address} unanswered; path tests fall back to TCP timing.",
        "No action is needed for T3 itself; allow ICMP echo if you want ping-based path tests.",
    ),
    C.HIGH_LATENCY: E(
        "High latency",
        "The median round trip on {series} is {median_ms} ms (threshold {threshold_ms} ms).",
        "The connection is slow: round trips take {median_ms} ms.",
        "The connection to the server is slow.",
        "Median RTT {median_ms} ms on {series}; check the route, VPN and Wi-Fi.",
        "Use a wired connection if you can, disconnect unneeded VPNs, and try another network.",
    ),
    C.HIGH_LOSS: E(
        "Packet loss",
        "{loss_pct} % of {sent} probes on {series} were lost (threshold {threshold_pct} %).",
        "The connection drops {loss_pct} % of packets.",
        "The connection to the server is losing data.",
        "Loss {loss_pct} % over {sent} probes on {series}.",
        "Check Wi-Fi signal or cables; if loss persists, ask your provider or IT to check the path.",
    ),
    C.HIGH_JITTER: E(
        "Unstable latency",
        "Round trips on {series} vary by {jitter_ms} ms on average (threshold {threshold_ms} ms).",
        "The connection is unstable: latency varies by {jitter_ms} ms.",
        "The connection speed keeps changing.",
        "Jitter (mean |ΔRTT|) {jitter_ms} ms on {series}.",
        "Stop large downloads or video calls on the same network, or use a wired connection.",
    ),
    C.MTU_BLACKHOLE: E(
        "Large packets are lost",
        "Packets up to {largest_ok} bytes reach {address}, larger ones vanish without an ICMP error.",
        "Login fails because large packets to the server are silently dropped (MTU black hole).",
        "Large pieces of data never reach the server, so the connection stalls.",
        "Path MTU about {largest_ok} bytes with no 'fragmentation needed' returned: a PMTUD black hole.",
        "Ask your network administrator to allow ICMP 'fragmentation needed' or to lower the MTU "
        "(for example of the VPN) to {largest_ok}.",
    ),
    C.ROUTE_LOOP: E(
        "Routing loop",
        "The route to {address} repeats hop {repeated} ({hops}).",
        "Login fails because packets to the server go round in a loop.",
        "The network sends traffic to the server in circles.",
        "Traceroute shows {repeated} repeating: {hops}.",
        "Report the traceroute to your network provider or IT; a router is misconfigured.",
    ),
    C.TLS_NOT_TLS: E(
        "The server does not speak TLS",
        "Port {port} at {address} did not answer with TLS; it looks like {looks_like}.",
        "Login fails because the server port does not offer TLS.",
        "The server port answers, but not with a secure connection.",
        "TLS ClientHello to {address}:{port} answered by {looks_like}.",
        "Check the server address and port; a proxy or another service may be in the way.",
    ),
    C.TLS_HANDSHAKE_FAILED: E(
        "The secure connection fails",
        "The TLS handshake with {address} failed: {error}.",
        "Login fails because the secure connection cannot be set up.",
        "Your computer and the server could not agree on a secure connection.",
        "TLS handshake error: {error}.",
        "Update the app; if it persists, send the diagnostic bundle to your help desk.",
    ),
    C.TLS_CERT_EXPIRED: E(
        "The server certificate has expired",
        "The server certificate expired {days_ago} days ago, on {not_after_date}.",
        "Login fails because the server's certificate has expired.",
        "The server's security certificate is out of date. Only the server's administrator can fix this.",
        "Leaf {subject} notAfter {not_after}.",
        "Ask the server's administrator to renew the certificate; do not turn off certificate checks.",
    ),
    C.TLS_CERT_NOT_YET_VALID: E(
        "The server certificate is not valid yet",
        "The server certificate becomes valid in {days_ahead} days, on {not_before_date}.",
        "Login fails because the server's certificate is not valid yet.",
        "The server's security certificate is not valid yet.",
        "Leaf {subject} notBefore {not_before}; check both clocks.",
        "Check this computer's date and time; if it is right, ask the server's administrator to fix the certificate.",
    ),
    C.TLS_CERT_EXPIRING_SOON: E(
        "The server certificate expires soon",
        "The server certificate expires in {days_left} days, on {not_after_date}.",
        "The server's certificate expires in {days_left} days.",
        "The server's security certificate expires soon. Nothing to do on your side.",
        "Leaf {subject} notAfter {not_after}.",
        "Tell the server's administrator that the certificate must be renewed within {days_left} days.",
    ),
    C.TLS_HOSTNAME_MISMATCH: E(
        "The certificate is for another name",
        "The server certificate names {names}, not {host}.",
        "Login fails because the server's certificate does not match the name {host}.",
        "The server's certificate belongs to a different name than the one you entered.",
        "SAN/CN {names} does not cover {host}.",
        "Check the server name you entered; if it is right, the server needs a certificate for {host}.",
    ),
    C.TLS_UNTRUSTED_ROOT: E(
        "The certificate is not trusted",
        "The server certificate is issued by {issuer}, which this computer does not trust.",
        "Login fails because the server's certificate is not trusted by this computer.",
        "Your computer does not trust who issued the server's certificate.",
        "Chain ends at {issuer}, not in the trust store or --ca-file.",
        "If your company uses its own CA, install its certificate (or set it in the profile); "
        "otherwise the server needs a certificate from a public CA.",
        windows="Import the company CA with certmgr.msc under Trusted Root Certification Authorities.",
        macos="Add the company CA in Keychain Access to the System keychain and set it to Always Trust.",
        linux="Copy the company CA (PEM) to /usr/local/share/ca-certificates/ with a .crt name and run "
              "'sudo update-ca-certificates', or give it to t3gui with --ca-file.",
    ),
    C.TLS_INCOMPLETE_CHAIN: E(
        "The server does not send its full certificate chain",
        "The server did not send the intermediate certificate {issuer} (available at {aia}).",
        "Login fails because the server does not send its intermediate certificate.",
        "The server's certificate setup is incomplete. Only the server's administrator can fix this.",
        "Leaf issued by {issuer}, which the server did not send; AIA caIssuers: {aia}.",
        "Ask the server's administrator to configure the full chain (leaf, then intermediate).",
    ),
    C.TLS_CERT_REVOKED: E(
        "The server certificate is revoked",
        "The server certificate (serial {serial}) was revoked on {revoked_at}.",
        "Login fails because the server's certificate has been revoked.",
        "The server's certificate has been withdrawn by its issuer.",
        "Serial {serial} is on the CRL since {revoked_at}.",
        "Ask the server's administrator to install a new certificate.",
    ),
    C.TLS_INTERCEPTED: E(
        "The connection is intercepted",
        "The certificate is issued by {issuer}, not by {expected_issuer}, and {evidence_of_interception}.",
        "Login fails because something on the network intercepts the secure connection.",
        "A security product or proxy is reading your secure connection and the app refuses it.",
        "Issuer {issuer} instead of {expected_issuer}; {evidence_of_interception}.",
        "Ask your IT department to exclude the T3 server from TLS inspection.",
    ),
    C.TLS_CLIENT_CERT_REQUIRED: E(
        "The server needs a client certificate",
        "The server asked for a client certificate and closed with the alert '{alert}'.",
        "Login fails because the server requires a client certificate and none was given.",
        "The server requires a personal certificate that this computer did not present.",
        "TLS alert {alert} after the handshake: mutual TLS without a client certificate.",
        "Install the client certificate from your administrator and select it in the app's settings.",
    ),
    C.TLS_CLIENT_CERT_REJECTED: E(
        "The client certificate is rejected",
        "The server rejected the client certificate {client_subject} with the alert '{alert}'.",
        "Login fails because the server does not accept your client certificate.",
        "The server does not accept the personal certificate this computer presented.",
        "TLS alert {alert} for client certificate {client_subject}.",
        "Ask your administrator for a valid client certificate issued by the server's client CA.",
    ),
    C.TLS_WEAK: E(
        "Weak security settings",
        "The server's TLS is weak: {weakness}.",
        "The connection uses weak security: {weakness}.",
        "The server uses outdated security settings.",
        "Weakness: {weakness}.",
        "Ask the server's administrator to use TLS 1.2 or newer and a key of at least 2048 bits (RSA) or P-256.",
    ),
    C.TLS_REVOCATION_UNKNOWN: E(
        "Revocation could not be checked",
        "Could not check whether the server certificate is revoked: {reason}.",
        "Login may fail on computers that check revocation, because {reason}.",
        "It could not be confirmed that the server's certificate is still in good standing.",
        "CRL {url}: {reason} (HTTP status {http_status}). Clients that insist on a revocation check "
        "(for example Windows with revocation checking enforced) may refuse the server.",
        "Check that this computer can download {url} (a firewall or proxy may block plain HTTP); if the "
        "address does not work from anywhere, tell the certificate's issuer or the server's administrator.",
    ),
    C.CLOCK_SKEW: E(
        "The clock is wrong",
        "This computer's clock is {offset_text} {direction} the server's.",
        "Login fails because this computer's clock is {offset_text} {direction} the server's.",
        "Your computer's date or time is wrong, so security checks fail.",
        "Local clock offset {offset_s} s against the server's time_ms (leeway 60 s).",
        "Set the date, time and time zone automatically, then try again.",
        windows="Settings > Time & language > Date & time: turn on 'Set time automatically' and click 'Sync now'.",
        macos="System Settings > General > Date & Time: turn on 'Set time and date automatically'.",
        linux="Enable NTP: 'timedatectl set-ntp true'.",
    ),
    C.T3_NOT_T3: E(
        "This is not a T3 server",
        "The service on this port is not T3; it looks like {looks_like}.",
        "Login fails because the address and port lead to a service that is not T3.",
        "The address you entered leads to a different kind of service.",
        "Answer to HELLO looks like {looks_like}.",
        "Check the server address and port in your settings.",
    ),
    C.T3_PLAINTEXT: E(
        "The server does not encrypt",
        "The T3 server at {address} port {port} speaks T3 without TLS.",
        "The server answers without encryption, which a T3 client must refuse.",
        "The server is not using a secure connection.",
        "HELLO_ACK received over plaintext TCP: a lab or misconfigured server.",
        "Ask the server's administrator to enable TLS on the control port.",
    ),
    C.T3_VERSION_UNSUPPORTED: E(
        "Protocol version not supported",
        "The server does not speak T3 version {client_versions} ({message}).",
        "Login fails because the server does not support this app's T3 version.",
        "The server and this app speak different protocol versions.",
        "ERROR VERSION_UNSUPPORTED to HELLO versions {client_versions}: {message}.",
        "Update the app, or ask the server's administrator which client version is supported.",
    ),
    C.T3_BAD_FRAME: E(
        "The server sends corrupt data",
        "The server's answer is not a valid T3 frame: {detail}.",
        "Login fails because the server's answers are corrupt.",
        "Data from the server arrives damaged.",
        "Frame error: {detail}. A middlebox rewriting traffic, or a server bug.",
        "Try another network; if it persists, send the diagnostic bundle to the server's administrator.",
    ),
    C.T3_NO_RESPONSE: E(
        "The server does not respond",
        "The server accepted the connection but never answered {step} (waited {waited_s} s); {meaning}.",
        "The server never answers {step}: {meaning}.",
        "The server is reachable but stops responding.",
        "No reply at the {stage} stage within {waited_s} s, after a successful connect and TLS handshake.",
        "Ask the server's administrator to check the T3 service and its sign-in service, and their logs at the "
        "time of this diagnosis; restart whichever hangs.",
    ),
    C.T3_CONNECTION_CLOSED: E(
        "The server drops the connection",
        "The server closed the connection during {step} ({how}); {meaning}.",
        "The server drops the connection at {step}: {meaning}.",
        "The server hangs up in the middle of the conversation.",
        "Control connection {how} at the {stage} stage, after a successful connect and TLS handshake.",
        "Ask the server's administrator to look at the T3 server's log at the time of this diagnosis: a crash, "
        "a restart or a rule that drops clients shows there.",
    ),
    C.AUTH_TOKEN_MISSING: E(
        "No login token given",
        "No token was given, so login could not be tested.",
        "Login could not be tested because no token was given.",
        "Give your login token so that the login itself can be tested.",
        "No --token-file; the authentication checks did not run against the server.",
        "Choose your token file (or paste the token) and run the diagnosis again.",
    ),
    C.AUTH_TOKEN_MALFORMED: E(
        "The token is damaged",
        "The token is not a valid JWT: {detail}.",
        "Login fails because the login token is damaged or incomplete.",
        "Your login token is damaged or was copied incompletely.",
        "Token rejected as malformed: {detail}.",
        "Copy the token again in full, or get a new one from your administrator.",
    ),
    C.AUTH_TOKEN_EXPIRED: E(
        "The token has expired",
        "The token expired on {expired_at} ({where}).",
        "Login fails because your login token has expired.",
        "Your login token is out of date.",
        "exp {expired_at}; checked {where}.",
        "Get a new token from your administrator or identity provider.",
    ),
    C.AUTH_TOKEN_NOT_YET_VALID: E(
        "The token is not valid yet",
        "The token is valid only from {valid_from} ({where}).",
        "Login fails because your login token is not valid yet.",
        "Your login token is not valid yet.",
        "nbf {valid_from}; checked {where}. Compare both clocks.",
        "Check this computer's clock; otherwise wait until {valid_from} or get a new token.",
    ),
    C.AUTH_BAD_SIGNATURE: E(
        "The token's signature is not accepted",
        "The server does not accept the token's signature ({alg}).",
        "Login fails because the server does not accept your token's signature.",
        "Your login token was not issued for this server.",
        "AUTH_FAIL BAD_SIGNATURE for alg {alg}: wrong issuer key, or a token for another environment.",
        "Get a token issued for this server.",
    ),
    C.AUTH_BAD_AUDIENCE: E(
        "The token is for another service",
        "The token is for audience {audience}, which this server does not accept.",
        "Login fails because your token was issued for another service.",
        "Your login token belongs to a different service.",
        "aud {audience} refused by the server.",
        "Get a token issued for this T3 server.",
    ),
    C.AUTH_BAD_ISSUER: E(
        "The token comes from another issuer",
        "The token was issued by {issuer}, which this server does not accept.",
        "Login fails because your token comes from an issuer the server does not accept.",
        "Your login token comes from the wrong place.",
        "iss {issuer} refused by the server.",
        "Get a token from the identity provider this server uses.",
    ),
    C.AUTH_UNKNOWN_USER: E(
        "The user is unknown",
        "The server does not know the user {user}.",
        "Login fails because the server does not know the user {user}.",
        "The server does not know your user account.",
        "AUTH_FAIL UNKNOWN_USER for sub {user}.",
        "Ask your administrator to create the account {user} on the server.",
    ),
    C.AUTH_REVOKED: E(
        "The user's access is revoked",
        "The server has revoked access for {user}.",
        "Login fails because access for {user} has been revoked.",
        "Your access to the server has been withdrawn.",
        "AUTH_FAIL REVOKED for sub {user}.",
        "Contact your administrator about your access.",
    ),
    C.SERVER_BUSY: E(
        "The server is busy",
        "The server refused new sessions (BUSY) and asks to retry in {retry_after_s} s.",
        "Login fails because the server is at capacity.",
        "The server is full right now.",
        "ERROR BUSY, retry_after_ms {retry_after_ms}.",
        "Try again once the {retry_after_s} s the server asked for have passed; if it keeps refusing, tell the "
        "server's administrator.",
    ),
    C.SERVER_OVERLOADED: E(
        "The server is overloaded",
        "The server reports cpu {cpu_pct} %, memory {memory_pct} %, {connections} of {max_connections} connections.",
        "The server is overloaded (cpu {cpu_pct} %, memory {memory_pct} %).",
        "The server is under heavy load, so it is slow.",
        "STATUS: cpu {cpu_pct} %, memory {memory_pct} %, connections {connections}/{max_connections}.",
        "Tell the server's administrator; nothing on this computer will fix it.",
    ),
    C.SERVER_SLOW: E(
        "The server is slow to answer",
        "The T3 handshake took {handshake_ms} ms while the network round trip is {rtt_ms} ms.",
        "The server is slow: its handshake takes {handshake_ms} ms.",
        "The server takes a long time to answer.",
        "HELLO→HELLO_ACK {handshake_ms} ms vs TCP RTT {rtt_ms} ms: server-side delay.",
        "Tell the server's administrator; the delay is on the server, not the network.",
    ),
}

# Other wordings of a code, picked by the finding's evidence["variant"] (same evidence fields).
VARIANTS: dict[tuple[C, str], Entry] = {
    (C.CLOCK_SKEW, "server-clock"): E(
        "The server's clock is wrong",
        "The server's clock is {offset_text} {server_direction} this computer's, which is synchronised "
        "with a time server.",
        "Login fails because the server's clock is {offset_text} {server_direction} the real time.",
        "The server's date or time is wrong, so it judges valid logins wrongly. Your computer's clock is fine.",
        "Server time_ms is {offset_s} s off this computer's clock (leeway {limit_s} s); this computer's clock "
        "is {local_clock}, so the server's is the likely culprit.",
        "Ask the server's administrator to synchronise the server's clock with a time server (NTP).",
    ),
    (C.CLOCK_SKEW, "clocks-differ"): E(
        "The clocks disagree",
        "This computer's clock is {offset_text} {direction} the server's.",
        "Login fails because this computer's clock and the server's differ by {offset_text} (this one is "
        "{direction} the server's).",
        "Your computer's clock and the server's disagree, so security checks fail. One of them is wrong.",
        "Local clock offset {offset_s} s against the server's time_ms (leeway {limit_s} s). Whether this "
        "computer's clock is synchronised is {local_clock}: compare it with a reliable clock.",
        "Compare this computer's date, time and time zone with a reliable clock. If they are wrong, set them "
        "automatically; if they are right, the server's clock is wrong: tell its administrator.",
        windows="Settings > Time & language > Date & time: turn on 'Set time automatically' and click 'Sync now'.",
        macos="System Settings > General > Date & Time: turn on 'Set time and date automatically'.",
        linux="Enable NTP: 'timedatectl set-ntp true'.",
    ),
    (C.CLOCK_SKEW, "login-works"): E(
        "The clocks disagree",
        "This computer's clock is {offset_text} {direction} the server's.",
        "Logging in works, but this computer's clock is {offset_text} {direction} the server's: tokens and "
        "certificates close to their dates will be judged wrongly.",
        "Logging in works, but your computer's clock and the server's disagree; fix the wrong one before it "
        "causes trouble.",
        "Local clock offset {offset_s} s against the server's time_ms (leeway {limit_s} s); the login "
        "passed, so the server tolerates it for now. This computer's clock is {local_clock}.",
        "Set the date, time and time zone automatically.",
        windows="Settings > Time & language > Date & time: turn on 'Set time automatically' and click 'Sync now'.",
        macos="System Settings > General > Date & Time: turn on 'Set time and date automatically'.",
        linux="Enable NTP: 'timedatectl set-ntp true'.",
    ),
    (C.CLOCK_SKEW, "login-works-server-clock"): E(
        "The server's clock is off",
        "The server's clock is {offset_text} {server_direction} this computer's, which is synchronised "
        "with a time server.",
        "Logging in works, but the server's clock is {offset_text} {server_direction} the real time: tokens "
        "and certificates close to their dates will be judged wrongly.",
        "Logging in works, but the server's clock is off. Your computer's clock is fine.",
        "Server time_ms is {offset_s} s off this computer's synchronised clock (leeway {limit_s} s); the "
        "login passed, so nothing fails yet.",
        "Tell the server's administrator to synchronise the server's clock with a time server (NTP).",
    ),
}

# A name with IPv4 and IPv6 addresses, one family of which cannot be connected to (core/node_families.py).
_OTHER_FAMILY = E(
    "The server cannot be reached over IPv{family}",
    "{address} (IPv{family}) cannot be reached on port {port}, while the server's IPv{other} addresses work.",
    "Logging in works over IPv{other}, but the server's IPv{family} address {address} cannot be reached on "
    "port {port}: computers that try IPv{family} first connect late or not at all.",
    "The server works, but one of its addresses does not, so some computers may connect slowly or fail.",
    "No connection to {address}:{port} while the IPv{other} addresses of the same name accept logins: the "
    "T3 service listens on IPv{other} only, a firewall blocks IPv{family}, or the name's {record} record is "
    "stale.",
    "Make the T3 server listen on its IPv{family} address and allow it through the firewall, or remove the "
    "name's {record} record from DNS.",
)
VARIANTS.update({(code, "other-family"): _OTHER_FAMILY
                 for code in (C.TCP_REFUSED, C.TCP_FILTERED, C.HOST_UNREACHABLE)})

# One server of several refuses or cannot be reached while the others answer on the same port
# (core/report_builder.for_the_cluster): the port in the user's settings is right, the server is not.
_ONE_NODE_FIXES = {
    C.TCP_REFUSED: "Start the T3 service on {address}, or make it listen on port {port}: the other servers "
                   "behind the name accept connections on that port, so the port in your settings is right.",
    C.TCP_FILTERED: "Check the firewall in front of {address}: it drops connections to TCP port {port}, which "
                    "the other servers behind the name accept.",
    C.HOST_UNREACHABLE: "Check that {address} is running and routed: the other servers behind the name can be "
                        "reached from this computer.",
}
VARIANTS.update({(code, "one-node"): replace(CATALOG[code], fix=fix, per_os={})
                 for code, fix in _ONE_NODE_FIXES.items()})
