from t3gui.core.check import finding
from t3gui.core.codes import Code, Layer, Severity
from t3gui.core.model import VerdictStatus
from t3gui.core.verdict import causal_order, decide

C, W, I = Severity.CRITICAL, Severity.WARNING, Severity.INFO


def f(code: Code, severity: Severity = C):  # type: ignore[no-untyped-def]
    return finding(code, severity, "test")


def test_every_code_has_a_layer() -> None:
    assert {c.layer for c in Code} == set(Layer)


def test_causal_order_follows_layers() -> None:
    found = [f(Code.AUTH_REVOKED), f(Code.CLOCK_SKEW), f(Code.TLS_CERT_EXPIRED), f(Code.DNS_MISMATCH, W),
             f(Code.PROXY_CONFIGURED, I), f(Code.HIGH_LOSS, W), f(Code.SERVER_SLOW, W)]
    assert [x.code for x in causal_order(found)] == [
        Code.PROXY_CONFIGURED, Code.DNS_MISMATCH, Code.TLS_CERT_EXPIRED, Code.CLOCK_SKEW, Code.AUTH_REVOKED,
        Code.SERVER_SLOW, Code.HIGH_LOSS]


def test_healthy_with_only_info() -> None:
    assert decide([f(Code.VPN_ACTIVE, I)]) == (VerdictStatus.HEALTHY, None)


def test_degraded_names_the_most_important_warning() -> None:
    status, root = decide([f(Code.HIGH_JITTER, W), f(Code.UDP_BLOCKED, W)])
    assert status is VerdictStatus.DEGRADED and root is not None and root.code is Code.UDP_BLOCKED


def test_deepest_critical_cause_wins() -> None:
    status, root = decide([f(Code.AUTH_REVOKED), f(Code.TLS_CERT_EXPIRED), f(Code.HIGH_LATENCY, W)])
    assert status is VerdictStatus.FAILED and root is not None and root.code is Code.TLS_CERT_EXPIRED


def test_a_wrong_clock_explains_not_yet_valid_tokens_and_certificates() -> None:
    for symptom in (Code.AUTH_TOKEN_NOT_YET_VALID, Code.TLS_CERT_NOT_YET_VALID, Code.TLS_CERT_EXPIRED,
                    Code.AUTH_TOKEN_EXPIRED):
        _, root = decide([f(symptom), f(Code.CLOCK_SKEW)])
        assert root is not None and root.code is Code.CLOCK_SKEW, symptom


def test_a_warning_does_not_explain_a_critical() -> None:
    _, root = decide([f(Code.UDP_BLOCKED, W), f(Code.HIGH_LOSS, C)])
    assert root is not None and root.code is Code.HIGH_LOSS


def test_no_network_explains_everything() -> None:
    _, root = decide([f(Code.DNS_TIMEOUT), f(Code.NO_NETWORK)])
    assert root is not None and root.code is Code.NO_NETWORK


def test_plaintext_t3_is_the_precise_cause_of_no_tls() -> None:
    _, root = decide([f(Code.TLS_NOT_TLS), f(Code.T3_PLAINTEXT)])
    assert root is not None and root.code is Code.T3_PLAINTEXT


def test_never_healthy_when_something_could_not_be_checked() -> None:
    from t3gui.core.model import ErrorReason, Unchecked

    blind = [Unchecked("auth.server", ErrorReason.TIMEOUT)]
    assert decide([], blind) == (VerdictStatus.INCONCLUSIVE, None)
    assert decide([f(Code.VPN_ACTIVE, I)], blind) == (VerdictStatus.INCONCLUSIVE, None)
    status, root = decide([f(Code.UDP_BLOCKED, W)], blind)
    assert (status, root and root.code) == (VerdictStatus.INCONCLUSIVE, Code.UDP_BLOCKED)
    status, root = decide([f(Code.UDP_BLOCKED, W), f(Code.TLS_CERT_EXPIRED)], blind)
    assert (status, root and root.code) == (VerdictStatus.FAILED, Code.TLS_CERT_EXPIRED)


def test_a_weaker_echo_of_a_finding_is_dropped() -> None:
    from t3gui.core.verdict import without_echoes

    local, server = f(Code.AUTH_TOKEN_EXPIRED, W), f(Code.AUTH_TOKEN_EXPIRED, C)
    assert without_echoes([local, server]) == [server]
    a = finding(Code.TCP_FILTERED, W, "tcp.connect", address="192.0.2.1")
    b = finding(Code.TCP_FILTERED, C, "tcp.connect", address="192.0.2.2")
    assert without_echoes([a, b]) == [a, b]  # about two different servers: both stay
