"""Whether the run's own credentials were accepted. When requests that carried them were answered 401 and
none of them succeeded, the credentials are wrong (the tester's error, not the server's): what failed only
because of a 401 becomes inconclusive, and the run says why. Also which of the run's --header values are
credentials (its identity, like --auth) and which are not."""

from __future__ import annotations

from collections.abc import Iterable

from validator.basicauth import carries_credentials
from validator.contract.outcome import INCONCLUSIVE, SERVER_DEVIATION, ContractResult, OperationResult

REFUSED = "no request that carried the run's credentials succeeded and they were answered 401: they were " \
          "not accepted (check --auth and --header); failures that rest on a 401 are inconclusive"


NO_CREDENTIALS = "no credentials were given (--auth, or a --header such as Authorization or X-Auth-Token): a " \
                 "request without them cannot be told from the run's own"


def split_credentials(headers: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(the --header values that carry credentials, the others): requests "without credentials" carry only
    the others, whatever header the server's authentication reads."""
    credentials = {name: value for name, value in headers.items() if carries_credentials(name)}
    return credentials, {name: value for name, value in headers.items() if name not in credentials}


def settle(result: ContractResult, results: Iterable[OperationResult], identity_statuses: set[int]) -> None:
    """Reclassify the checks that failed only on 401 answers when the run's identity was never accepted."""
    if 401 not in identity_statuses or any(status < 400 for status in identity_statuses):
        return
    result.identity_refused = REFUSED
    for op in results:
        for check in op.checks.values():
            deviations = [f for f in check.findings if f.verdict == SERVER_DEVIATION]
            if check.failed and deviations and all(f.status == 401 for f in deviations):
                check.reclassify(INCONCLUSIVE, REFUSED)
